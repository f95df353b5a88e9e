"""The Department's settings of the checks of report figures in the back office (SPEC §2 v2: checks are data).

A list of the checks with their severity, whether they are in force, their
parameters and their last change; one page per check to change it, with a reason.
Province officers and administrators only (``policy.SET_CHECKS``); the change
itself is :func:`hoptac.registry.check_settings.configure`.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from hoptac.accounts import policy
from hoptac.audit.models import Channel
from hoptac.core import numbers
from hoptac.core.forms import NumberField
from hoptac.registry import report_checks
from hoptac.registry.check_settings import CheckSettingError, configure, settings_with_checks
from hoptac.registry.models import CheckSetting, Kind, Severity

from .views import refusals_are_403


class CheckSettingForm(forms.Form):
    severity = forms.ChoiceField(label=gettext_lazy("severity"), choices=Severity.choices, widget=forms.RadioSelect)
    active = forms.BooleanField(label=gettext_lazy("in force"), required=False,
                                help_text=gettext_lazy("A check not in force is not run anywhere: online form, "
                                                       "Excel upload, API, import."))
    factor = NumberField(label=gettext_lazy("factor"), required=False, decimal_places=2, negative=True,
                         help_text=gettext_lazy("A figure more than this many times last year's, or less than "
                                                "1/this, is flagged. Greater than 1, e.g. 2 or 2,5."))
    reason = forms.CharField(label=gettext_lazy("reason for the change"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=gettext_lazy("Required: kept with the setting and in the audit trail."))

    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        if check.op != "change":
            del self.fields["factor"]


class MinimumForm(forms.Form):
    """One row of the legal minimums of official members: kind, in force from, minimum, legal basis."""

    # An empty first choice: the blank row left for a new minimum stays unchanged, and so unchecked, when untouched.
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=[("", "—"), *Kind.choices])
    valid_from = forms.DateField(label=gettext_lazy("in force from"), input_formats=["%d/%m/%Y"],
                                 widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "01/07/2024"}))
    minimum = NumberField(label=gettext_lazy("minimum of official members"), integer=True, negative=True)
    basis = forms.CharField(label=gettext_lazy("legal basis"), required=False, max_length=200)


MinimumFormSet = forms.formset_factory(MinimumForm, extra=1, can_delete=True)


def _may_set(request):
    if policy.reach(request.user, policy.SET_CHECKS) is None:
        raise PermissionDenied


def summary(setting, check):
    """The parameters of a setting in a few words: the factor, or the minimums in force by kind."""
    if check.op == "change" and setting.factor is not None:
        return "×" + numbers.localized(report_checks.plain(setting.factor))
    if check.op == "minimum":
        return "; ".join(
            _("%(kind)s: %(minimum)s from %(date)s") % {
                "kind": m.get_kind_display(), "minimum": m.minimum, "date": m.valid_from.strftime("%d/%m/%Y")}
            for m in setting.minimums.all())
    return ""


@refusals_are_403
@require_http_methods(["GET"])
def checks_view(request):
    """The checks of report figures with their settings and last change."""
    _may_set(request)
    rows = [(setting, check, summary(setting, check)) for setting, check in settings_with_checks()]
    return render(request, "collection/checks.html", {"rows": rows})


@refusals_are_403
@require_http_methods(["GET", "POST"])
def check_edit_view(request, code):
    """Change one check: severity, in force, factor or legal minimums, with a reason."""
    _may_set(request)
    check = report_checks.BY_CODE.get(code)
    setting = CheckSetting.objects.filter(code=code).first()
    if check is None or setting is None:
        raise Http404
    initial = {"severity": setting.severity, "active": setting.active, "factor": setting.factor}
    form = CheckSettingForm(request.POST or None, initial=initial, check=check)
    minimums = None
    if check.op == "minimum":
        minimums = MinimumFormSet(request.POST or None, prefix="minimums", initial=[
            {"kind": m.kind, "valid_from": m.valid_from, "minimum": m.minimum, "basis": m.basis}
            for m in setting.minimums.all()])
    if request.method == "POST" and form.is_valid() and (minimums is None or minimums.is_valid()):
        data = form.cleaned_data
        rows = None
        if minimums is not None:
            rows = [(row["kind"], row["valid_from"], row["minimum"], row.get("basis", ""))
                    for row in minimums.cleaned_data if row and not row.get("DELETE")]
        try:
            configure(code, user=request.user, reason=data["reason"], severity=data["severity"],
                      active=data["active"], factor=data.get("factor"), minimums=rows, channel=Channel.BACK_OFFICE)
        except CheckSettingError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The check “%(title)s” was saved.") % {"title": check.title})
            return redirect("collection:checks")
    return render(request, "collection/check_edit.html", {
        "form": form, "minimums": minimums, "check": check, "setting": setting,
    })
