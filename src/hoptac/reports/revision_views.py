"""The revision analysis of a published report and the comparison of two vintages, on screen and as JSON.

Back office: the analysis of any published report whose unit the user may read
(withdrawn ones too), and the comparison form. Portal: the analysis of a public
(not withdrawn) report, with its JSON beside ``so-lieu.json``; there a corrected annual
report or a rating is not named by its organisation (per-organisation annual figures are
not public, SPEC §6), while register events are.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from hoptac.geo.models import Unit, UnitNotFound
from hoptac.indicators import engine
from hoptac.registry.unit_picker import UnitField
from hoptac.reports import permissions
from hoptac.reports.data import ReportError
from hoptac.reports.models import PublishedReport
from hoptac.reports.revision_display import (
    cause_text,
    figure_label,
    moment_text,
    record_kind_text,
    value_text,
)
from hoptac.reports.revisions import cached_analysis, compare_vintages


def _unit_names(report_or_figures):
    figures = getattr(report_or_figures, "figures", report_or_figures) or {}
    return {c["code"]: c["name"] for c in figures.get("children") or []}


def _rows(analysis, report):
    names = _unit_names(report)
    return [
        {"label": figure_label(c.key, names), "path": c.path, "then": value_text(c.then), "now": value_text(c.now),
         "cause": c.cause, "cause_text": cause_text(c.cause),
         "recomputed": value_text(c.recomputed_then) if c.recomputed_then is not None else "",
         "attributed": c.attributed,
         "records": [{"kind": record_kind_text(r.kind), "moment": moment_text(r.moment), "by": r.by or "—",
                      "what": r.what, "organization": r.organization} for r in c.records]}
        for c in analysis.changes
    ]


def _context(report, public=False):
    try:
        analysis = cached_analysis(report)
    except ReportError as exc:
        return {"report": report, "error": str(exc)}
    if public:
        analysis = analysis.public()
    return {"report": report, "analysis": analysis, "rows": _rows(analysis, report),
            "made_at": moment_text(analysis.made_at), "now": moment_text(analysis.now),
            "records": [{"kind": record_kind_text(r.kind), "moment": moment_text(r.moment), "by": r.by or "—",
                         "what": r.what, "organization": r.organization} for r in analysis.records]}


def _readable_by(user, report):
    try:
        unit = Unit.objects.resolve(report.unit_code, report.as_of)
    except UnitNotFound:
        unit = None
    return permissions.may_make(user, unit) if unit is not None else permissions.may_make(user) and \
        permissions.may_publish(user)


# --- back office ------------------------------------------------------------------------------


def admin_revisions(request, pk):
    report = get_object_or_404(PublishedReport, pk=pk)
    if not _readable_by(request.user, report):
        raise PermissionDenied(_("This report's unit is outside the units you cover."))
    return render(request, "reports/admin/revisions.html", _context(report))


class VintageForm(forms.Form):
    unit = UnitField(label=gettext_lazy("unit"), date_field="id_date")
    date = forms.DateField(label=pgettext_lazy("vintage", "date of the figures"),
                           help_text=gettext_lazy("dd/mm/yyyy: the date the figures are for"))
    first = forms.CharField(label=gettext_lazy("as recorded at (moment 1)"), max_length=20,
                            help_text=gettext_lazy("dd/mm/yyyy or dd/mm/yyyy hh:mm (Vietnam time)"))
    second = forms.CharField(
        label=gettext_lazy("as recorded at (moment 2)"), max_length=20,
        help_text=gettext_lazy("dd/mm/yyyy or dd/mm/yyyy hh:mm; today's date for the register now"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None:
            self.fields["unit"].for_user(user)

    def _moment(self, name):
        try:
            return engine.parse_moment(self.cleaned_data.get(name, ""))
        except engine.IndicatorInputError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_first(self):
        return self._moment("first")

    def clean_second(self):
        return self._moment("second")

    def clean(self):
        cleaned = super().clean()
        code, date = cleaned.get("unit"), cleaned.get("date")
        if code and date:
            try:
                unit = Unit.objects.resolve(code, date)
            except UnitNotFound as exc:
                self.add_error("unit", str(exc))
            else:
                if not permissions.may_make(self.user, unit):
                    self.add_error("unit", _("This unit is outside the units you cover."))
        return cleaned


def admin_vintages(request):
    """Two vintages of the indicators of a unit on a date: every figure that differs."""
    if not permissions.may_make(request.user):
        raise PermissionDenied(_("Your role cannot read the indicators."))
    form = VintageForm(request.GET or None, user=request.user)
    context = {"form": form}
    if request.GET and form.is_valid():
        c = form.cleaned_data
        try:
            comparison = compare_vintages(c["unit"], c["date"], c["first"], c["second"])
        except ReportError as exc:
            form.add_error(None, str(exc))
        else:
            rows = [{"label": figure_label(k, comparison.names), "path": ".".join(k), "first": value_text(a),
                     "second": value_text(b)} for k, a, b in comparison.changes]
            context.update(comparison=comparison, first=moment_text(c["first"]), second=moment_text(c["second"]),
                           rows=rows)
    return render(request, "reports/admin/vintages.html", context)


# --- portal -----------------------------------------------------------------------------------


def _public(pk):
    report = get_object_or_404(PublishedReport, pk=pk)
    if report.withdrawn is not None or not report.figures:
        raise Http404("no public revision analysis for this report")
    return report


def public_revisions(request, pk):
    """The revision analysis of a public report, in the portal's language."""
    return render(request, "reports/revisions_page.html", _context(_public(pk), public=True))


def public_revisions_json(request, pk):
    report = _public(pk)
    try:
        analysis = cached_analysis(report).public()
    except ReportError as exc:
        raise Http404(str(exc)) from None
    return JsonResponse({
        "report": {"title": report.title, "sha256": report.sha256, "figures": report.get_figures_url()},
        **analysis.as_json(),
    }, json_dumps_params={"ensure_ascii": False})
