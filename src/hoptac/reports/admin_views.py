"""Back office: make the review report of a unit for a year, download it or publish it."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.geo.models import Unit, UnitNotFound
from hoptac.registry.unit_picker import UnitField
from hoptac.reports import permissions
from hoptac.reports.data import ReportError
from hoptac.reports.models import PublishedReport, ReportFormat
from hoptac.reports.services import (
    load_preview,
    make_preview,
    make_report,
    publish_preview,
    withdraw_report,
)


class ReportForm(forms.Form):
    unit = UnitField(label=gettext_lazy("unit"), date_field="id_year")
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=1990)
    since = forms.DateField(label=gettext_lazy("period start"), required=False,
                            help_text=gettext_lazy("dd/mm/yyyy; empty = 1 January of the year"))
    baseline_year = forms.IntegerField(label=gettext_lazy("baseline year"), required=False, min_value=1990,
                                       help_text=gettext_lazy("year to compare revenue and income with"))
    format = forms.ChoiceField(label=gettext_lazy("format"), choices=ReportFormat.choices, initial="docx")
    lang = forms.ChoiceField(label=gettext_lazy("language"), choices=settings.LANGUAGES, initial="vi")

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
    """The form: "download" sends the file; "preview" keeps it to be read before publishing."""
    _require(permissions.may_make(request.user), _("Your role cannot make review reports."))
    form = ReportForm(request.POST or None, user=request.user)
    may_publish = permissions.may_publish(request.user)
    if request.method == "POST" and form.is_valid():
        preview = "preview" in request.POST or "publish" in request.POST  # publishing always starts with a preview
        if preview:
            _require(may_publish, _("Only province officers may publish reports."))
        c = form.cleaned_data
        try:
            rendered = make_report(c["unit"], c["year"], c["format"], since=c["since"],
                                   baseline_year=c["baseline_year"], lang=c["lang"])
        except ReportError as exc:
            form.add_error(None, str(exc))
        else:
            if preview:
                made = make_preview(rendered, request.user)
                return redirect("hoptac_report_preview", token=made.token)
            response = HttpResponse(rendered.content, content_type=rendered.content_type)
            response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
            return response
    return render(request, "reports/admin/generate.html", {
        "form": form, "may_publish": may_publish, "published": PublishedReport.objects.published()[:50],
    })


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=gettext_lazy("I have read the preview; publish this file on the public portal"))


def preview(request, token):
    """What will become public, the report itself, and the confirmation that publishes it."""
    _require(permissions.may_publish(request.user), _("Only province officers may publish reports."))
    made = load_preview(token, request.user)
    if made is None:
        messages.error(request, _("This preview is no longer available; make the report again."))
        return redirect("hoptac_reports")
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = publish_preview(made, request.user)
        except ReportError as exc:
            messages.error(request, str(exc))
            return redirect("hoptac_reports")
        messages.success(request, _("Published “%(title)s” (%(format)s, SHA-256 %(hash)s…). It is listed on the portal.")
                         % {"title": report.title, "format": report.format.upper(), "hash": report.sha256[:12]})
        return redirect("hoptac_reports")
    return render(request, "reports/admin/preview.html", {"preview": made, "meta": made.meta, "form": form,
                                                          "portal_url": _documents_page_url()})


def preview_file(request, token):
    """The previewed file itself, to open in Word or a PDF reader before publishing."""
    _require(permissions.may_publish(request.user), _("Only province officers may publish reports."))
    made = load_preview(token, request.user)
    if made is None:
        raise Http404
    response = HttpResponse(made.read(), content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.meta["filename"]}"'
    return response


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("reason for withdrawal (shown on the portal)"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(label=gettext_lazy("Withdraw this report from the public portal"))


def withdraw(request, pk):
    """Take a published report back from the public, with a reason; its record, file and hash stay."""
    _require(permissions.may_publish(request.user), _("Only province officers may publish reports."))
    report = get_object_or_404(PublishedReport, pk=pk)
    if report.withdrawn is not None:
        messages.info(request, _("This report was already withdrawn."))
        return redirect("hoptac_reports")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        withdraw_report(report, form.cleaned_data["reason"], request.user)
        messages.success(request, _("“%(title)s” was withdrawn: the portal lists it as withdrawn, with your reason; "
                                    "the file and its hash are kept.") % {"title": report.title})
        return redirect("hoptac_reports")
    return render(request, "reports/admin/withdraw.html", {"report": report, "form": form})


def _documents_page_url():
    return "/van-ban/"  # SPEC §6: the portal's page of documents and published reports


def download(request, pk):
    """A published report, byte for byte as published (withdrawn ones too, for the back office)."""
    _require(permissions.may_make(request.user), _("Your role cannot read review reports."))
    report = get_object_or_404(PublishedReport, pk=pk)
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.filename,
                        content_type=report.content_type)
