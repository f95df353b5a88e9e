"""Back office: make the review report of a unit for a year, download it or publish it."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.geo.models import Unit, UnitNotFound
from hoptac.registry.unit_picker import UnitField
from hoptac.reports import permissions
from hoptac.reports.data import ReportError
from hoptac.reports.models import PublishedReport, ReportFormat
from hoptac.reports.services import make_report, publish_report


class ReportForm(forms.Form):
    unit = UnitField(label=gettext_lazy("unit"), date_field="id_year")
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=1990)
    since = forms.DateField(label=gettext_lazy("period start"), required=False,
                            help_text=gettext_lazy("dd/mm/yyyy; empty = 1 January of the year"))
    baseline_year = forms.IntegerField(label=gettext_lazy("baseline year"), required=False, min_value=1990,
                                       help_text=gettext_lazy("year to compare revenue and income with"))
    format = forms.ChoiceField(label=gettext_lazy("format"), choices=ReportFormat.choices, initial="docx")
    lang = forms.ChoiceField(label=gettext_lazy("language"), choices=[("vi", "Tiếng Việt"), ("en", "English")],
                             initial="vi")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["year"].initial = timezone.localdate().year - 1
        if user is not None:
            self.fields["unit"].for_user(user)

    def clean(self):
        cleaned = super().clean()
        code, year = cleaned.get("unit"), cleaned.get("year")
        if code and year:
            try:
                unit = Unit.objects.resolve(code, datetime.date(min(year, timezone.localdate().year), 12, 31))
            except UnitNotFound as exc:
                self.add_error("unit", str(exc))
            else:
                if not permissions.may_make(self.user, unit):
                    self.add_error("unit", _("This unit is outside the units you cover."))
        return cleaned


def _require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def generate(request):
    """The form; "download" sends the file, "publish" stores it unchanged and lists it."""
    _require(permissions.may_make(request.user), _("Your role cannot make review reports."))
    form = ReportForm(request.POST or None, user=request.user)
    may_publish = permissions.may_publish(request.user)
    if request.method == "POST" and form.is_valid():
        publish = "publish" in request.POST
        if publish:
            _require(may_publish, _("Only province officers may publish reports."))
        c = form.cleaned_data
        try:
            rendered = make_report(c["unit"], c["year"], c["format"], since=c["since"],
                                   baseline_year=c["baseline_year"], lang=c["lang"])
        except ReportError as exc:
            form.add_error(None, str(exc))
        else:
            if publish:
                report = publish_report(rendered, user=request.user)
                messages.success(request, _("Published “%(title)s” (%(format)s, SHA-256 %(hash)s…).")
                                 % {"title": report.title, "format": report.format.upper(),
                                    "hash": report.sha256[:12]})
                return redirect("hoptac_reports")
            response = HttpResponse(rendered.content, content_type=rendered.content_type)
            response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
            return response
    return render(request, "reports/admin/generate.html", {
        "form": form, "may_publish": may_publish, "published": PublishedReport.objects.published()[:50],
    })


def download(request, pk):
    """A published report, byte for byte as published."""
    _require(permissions.may_make(request.user), _("Your role cannot read review reports."))
    report = get_object_or_404(PublishedReport, pk=pk)
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.filename,
                        content_type=report.content_type)
