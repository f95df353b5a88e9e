"""Macro data in the back office (SPEC §2 v2): GRDP, the official share of the collective
economy in GRDP and the population of a unit for a year, each with its source.

Governed like targets (the plan's inputs): read by plan readers, written by province
officers; every change audited. The screens are the targets' generic views with this form.
"""

import datetime
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from hoptac.core import numbers
from hoptac.core.forms import NumberField
from hoptac.registry.admin_views import UnitYearForm, resolve_unit
from hoptac.registry.models import Grdp
from hoptac.registry.unit_picker import UnitField

FIGURES = (("grdp", "grdp_source"), ("grdp_share_official", "grdp_share_official_source"),
           ("population", "population_source"))


class MacroForm(UnitYearForm):
    unit_code = UnitField(label=capfirst(_("unit")), date_field="id_year")
    grdp = NumberField(label=capfirst(_("GRDP (million VND)")), required=False, decimal_places=4, min_value=Decimal("0.0001"),
                       help_text=_("At current prices, e.g. 310.123,5."))
    grdp_share_official = NumberField(
        label=capfirst(_("official share of the collective economy in GRDP (%)")), required=False, decimal_places=4,
        min_value=Decimal(0), max_value=Decimal(100),
        help_text=_("As published by the statistics office, e.g. 0,42. It applies only to this unit and year."))
    population = NumberField(label=capfirst(_("population")), required=False, integer=True, min_value=Decimal(1),
                             help_text=_("Persons, e.g. 2.072.400."))

    field_order = ["unit_code", "year"]

    class Meta:
        model = Grdp
        fields = ["year", "grdp", "grdp_source", "grdp_share_official", "grdp_share_official_source", "population",
                  "population_source"]

    def clean(self):
        cleaned = super().clean()
        for figure, source in FIGURES:
            if cleaned.get(source) and cleaned.get(figure) is None and figure not in self.errors:
                self.add_error(source, _("A source is given for a figure that is not: fill in the figure or clear "
                                         "the source."))
        if not self.errors and all(cleaned.get(f) is None for f, _s in FIGURES):
            self.add_error(None, _("Give at least one figure: GRDP, the official share or the population."))
        year = cleaned.get("year")
        if year:
            unit = resolve_unit(self, "unit_code", cleaned.get("unit_code"), datetime.date(year, 12, 31))
            if unit is not None:
                self.instance.unit = unit
                taken = Grdp.objects.filter(unit=unit, year=year).exclude(pk=self.instance.pk)
                if taken.exists():
                    self.add_error("year", _("Macro data of %(unit)s for %(year)s are already recorded; edit them "
                                             "instead.") % {"unit": unit.name, "year": year})
        return cleaned


def shown(name):
    """A figure of a macro row for the listing, the Vietnamese way (310.123,5; 0,42; 2.072.400); — when not given."""
    def accessor(row):
        value = getattr(row, name)
        return "—" if value is None else numbers.localized(value, strip=True)
    return accessor
