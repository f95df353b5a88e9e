"""Vietnam's administrative units, before and after the reform of 1 July 2025.

A unit code is a key only together with the date it is used at: the same code
(for example province ``31``) names one unit in the three-level system in force
until 30/6/2025 and another in the two-level system from 1/7/2025. Each of those
is one ``Unit`` row with its validity interval.

``UnitClosure`` lists, for every unit, every unit that lies under it, itself
included. After the reform a new unit's closure also holds the old units that
map into it through the crosswalk, so that a record kept in an old unit still
counts under the new one. Scope queries are one join on this table.
"""

import datetime

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

REFORM_DATE = datetime.date(2025, 7, 1)
LAST_OLD_DATE = datetime.date(2025, 6, 30)


class Level(models.IntegerChoices):
    PROVINCE = 1, _("province")
    DISTRICT = 2, _("district")
    COMMUNE = 3, _("commune")


class Regime(models.TextChoices):
    OLD = "old", _("three-level (until 30/6/2025)")
    NEW = "new", _("two-level (from 1/7/2025)")


class UnitNotFound(LookupError):
    """A unit code that names no unit on the given date."""


class UnitQuerySet(models.QuerySet):
    def on(self, date):
        """Units in force on ``date``."""
        q = models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=date)
        return self.filter(q).filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=date))

    def resolve(self, code, date):
        """The unit that ``code`` names on ``date``; :class:`UnitNotFound` otherwise."""
        code = normalize_code(code)
        unit = self.on(date).filter(code=code).first()
        if unit is not None:
            return unit
        others = list(self.filter(code=code).order_by("valid_from"))
        when = date.strftime("%d/%m/%Y")
        if not others:
            raise UnitNotFound(gettext("unit code '%(code)s' does not exist") % {"code": code})
        spans = "; ".join(f"{o.name}: {o.validity_text()}" for o in others)
        raise UnitNotFound(gettext("unit code '%(code)s' is not in force on %(date)s (%(spans)s)")
                           % {"code": code, "date": when, "spans": spans})


def normalize_code(code):
    """Codes are strings of digits as the statistics office writes them."""
    return str(code).strip()


class Unit(models.Model):
    code = models.CharField(_("code"), max_length=8, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    division_type = models.CharField(_("kind"), max_length=40)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    regime = models.CharField(_("regime"), max_length=3, choices=Regime.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["regime", "code"]
        constraints = [models.UniqueConstraint(fields=["code", "regime"], name="geo_unit_code_regime")]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def validity_text(self):
        start = self.valid_from.strftime("%d/%m/%Y") if self.valid_from else "…"
        end = self.valid_to.strftime("%d/%m/%Y") if self.valid_to else "…"
        return f"{start} – {end}"

    def in_force_on(self, date):
        return (self.valid_from is None or self.valid_from <= date) and (self.valid_to is None or date <= self.valid_to)

    def ancestors(self):
        """The chain of parents, nearest first."""
        chain, unit = [], self.parent
        while unit is not None:
            chain.append(unit)
            unit = unit.parent
        return chain

    def descendants(self, include_self=True):
        """Every unit under this one, through the crosswalk for a new unit."""
        qs = Unit.objects.filter(closure_ancestors__ancestor=self)
        return qs if include_self else qs.exclude(pk=self.pk)

    def new_units(self):
        """For an old unit: the new units it maps to through the crosswalk."""
        return Unit.objects.filter(crosswalk_from__old=self).order_by("code")

    def old_units(self):
        """For a new unit: the old units that map into it."""
        return Unit.objects.filter(crosswalk_to__new=self).order_by("code")


class Crosswalk(models.Model):
    """An old unit maps (wholly or in part) to a new unit from 1/7/2025.

    ``primary`` marks the single new unit under which the old unit's records are
    counted, so that sums over new units never count one record twice.
    """

    old = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="crosswalk_to")
    new = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="crosswalk_from")
    partial = models.BooleanField(default=False)
    primary = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="geo_crosswalk_unique")]


class UnitClosure(models.Model):
    ancestor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="closure_descendants")
    descendant = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="closure_ancestors")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ancestor", "descendant"], name="geo_closure_unique")]
        indexes = [models.Index(fields=["descendant", "ancestor"], name="geo_closure_desc")]
