"""Back office: the data-quality findings of a unit and a year (SPEC §2 v2), each with its organisations.

The organisations of a finding link to their page; those located only to a district link to the
re-code screen for users who may change them. Users see the findings of the units they read.
"""

import datetime

from django import forms
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hoptac.accounts import policy
from hoptac.accounts.admin_base import forbidden
from hoptac.geo.models import Unit, UnitNotFound
from hoptac.geo.names import name_on
from hoptac.indicators.engine import year_end
from hoptac.indicators.quality import quality_findings
from hoptac.registry.models import Organization
from hoptac.registry.unit_picker import UnitField, units_of

# The extra facts a finding gives about an organisation, in the order shown.
DETAIL_LABELS = {
    "suspended_on": _("suspended on"), "until": _("suspended until"), "members_official": _("official members"),
    "minimum": _("legal minimum"), "merged_on": _("merged on"), "vsic": _("VSIC"),
    "proposed_sector_label": _("proposed sector"), "field": _("figure"), "value": _("value"), "z": _("robust z"),
}


class QualityForm(forms.Form):
    unit = UnitField(label=_("unit"), date_field="id_year")
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100,
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4, "size": 6}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].for_user(user)
        for field in self.fields.values():
            field.label = capfirst(field.label)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            unit = Unit.objects.resolve(cleaned["unit"], year_end(cleaned["year"]))
        except UnitNotFound as exc:
            self.add_error("unit", str(exc))
            return cleaned
        if unit.pk not in units_of(self.user):
            self.add_error("unit", _("The unit %(code)s is not one of your units.") % {"code": unit.code})
            return cleaned
        cleaned["unit_obj"] = unit
        return cleaned


def _shown(key, value):
    if key in ("suspended_on", "until", "merged_on") and value:
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    return value


def quality_view(request):
    """GET ?unit=&year=: every finding (empty ones counted), with the organisations concerned."""
    if policy.reach(request.user, policy.READ) not in (policy.ALL, policy.OWN) or \
            policy.role_of(request.user) == policy.COOPERATIVE:
        return forbidden(request)
    form = QualityForm(request.GET or None, user=request.user, initial={"year": datetime.date.today().year})
    findings, unit, year = [], None, None
    if form.is_bound and form.is_valid():
        unit, year = form.cleaned_data["unit_obj"], form.cleaned_data["year"]
        visible = set(policy.organizations_for(request.user, policy.READ).values_list("code", flat=True))
        writable = set(policy.organizations_for(request.user, policy.WRITE).values_list("code", flat=True))
        ids = dict(Organization.objects.values_list("code", "pk"))
        for finding in quality_findings(unit, year):
            rows = []
            for org in finding.organizations:
                if org["code"] not in visible:
                    continue  # never shown: a unit the user reads holds only organisations the user reads
                details = [(DETAIL_LABELS[k], _shown(k, org[k])) for k in DETAIL_LABELS if org.get(k) not in (None, "")]
                rows.append({**org, "pk": ids.get(org["code"]), "details": details,
                             "recode": finding.code == "location.district_only" and org["code"] in writable})
            findings.append({"code": finding.code, "title": finding.title, "detail": finding.detail, "rows": rows})
    return render(request, "indicators/admin/quality.html", {
        "form": form, "findings": findings, "unit": unit, "year": year,
        "unit_name": name_on(unit, year_end(year)) if unit else "",
        "page_title": _("Data quality"), "header_icon": "warning",
        "breadcrumbs_items": [{"url": "", "label": _("Data quality")}],
    })
