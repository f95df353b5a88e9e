"""Unit codes resolved in memory, for bulk work.

``Unit.objects.resolve`` costs a query per call; an import resolves hundreds of
thousands of codes, so the whole unit table (some 14,000 rows) is read once
into one dict per (code, regime) and resolved by the same rule.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from hoptac.geo.models import LAST_OLD_DATE, Regime, Unit, normalize_code
from hoptac.registry.interchange.schema import Invalid, text


@dataclass(frozen=True)
class UnitRef:
    """What the import needs of a unit (duck-types ``Unit`` for lifecycle.check_sequence)."""

    pk: int
    code: str
    name: str
    regime: str
    valid_from: object
    valid_to: object

    def in_force_on(self, date):
        return (self.valid_from is None or self.valid_from <= date) and (self.valid_to is None or date <= self.valid_to)

    def validity_text(self):
        start = self.valid_from.strftime("%d/%m/%Y") if self.valid_from else "…"
        end = self.valid_to.strftime("%d/%m/%Y") if self.valid_to else "…"
        return f"{start} – {end}"


class UnitIndex:
    def __init__(self, units):
        self.by_pk = {u.pk: u for u in units}
        self.by_code = {(u.code, u.regime): u for u in units}
        self.codes = {u.code for u in units}

    @classmethod
    def load(cls):
        fields = ("pk", "code", "name", "regime", "valid_from", "valid_to")
        return cls([UnitRef(*row) for row in Unit.objects.values_list(*fields)])

    def resolve(self, value, date):
        """The unit a code names on ``date``; :class:`Invalid` (with the same wording as geo) otherwise."""
        code = normalize_code(text(value))
        regime = Regime.OLD if date <= LAST_OLD_DATE else Regime.NEW
        unit = self.by_code.get((code, regime))
        if unit is not None and unit.in_force_on(date):
            return unit
        others = [u for u in (self.by_code.get((code, r)) for r in Regime.values) if u is not None]
        if not others:
            raise Invalid(_("unknown unit code"))
        spans = "; ".join(f"{u.name}: {u.validity_text()}" for u in others)
        raise Invalid(_("unit not in force on %(date)s (%(spans)s)") % {"date": date.strftime("%d/%m/%Y"), "spans": spans})
