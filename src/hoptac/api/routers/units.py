"""Administrative units: resolve a code on a date, children, parents, crosswalk."""

import datetime
from typing import Optional

from django.utils.translation import gettext as _
from ninja import Router

from hoptac.geo.models import Regime, Unit, UnitNotFound

from ..access import parse_date
from ..auth import READ
from ..problems import Problem
from ..schemas import CrosswalkOut, UnitOut
from .common import ERRORS

router = Router(tags=["units"], auth=READ)


def resolve_unit(code, date, field="unit"):
    """The unit ``code`` names on ``date``, or a 404/422 problem naming the field."""
    if code is None or not str(code).strip():
        raise Problem(422, _("Give a unit code in '%(field)s', e.g. 31 for Hải Phòng.") % {"field": field},
                      kind="validation", title="Invalid input",
                      errors=[{"field": field, "in": "query", "message": _("required")}])
    try:
        return Unit.objects.resolve(code, date)
    except UnitNotFound as exc:
        raise Problem(404, _("%(message)s. Check the code and the date.") % {"message": exc},
                      kind="unknown-unit") from None


def unit_out(unit):
    parent = unit.parent
    return {
        "code": unit.code, "name": unit.name, "division_type": unit.division_type, "level": unit.level,
        "regime": unit.regime, "valid_from": unit.valid_from, "valid_to": unit.valid_to,
        "parent": {"code": parent.code, "name": parent.name} if parent else None,
    }


def _units(qs):
    return [unit_out(u) for u in qs.select_related("parent")]


@router.get("", response={200: UnitOut, **ERRORS}, summary="Resolve a unit code on a date")
def resolve(request, code: str, date: Optional[datetime.date] = None):
    """The unit a statistics-office code names on ``date`` (default today)."""
    return unit_out(resolve_unit(code, parse_date(date), "code"))


@router.get("/{code}/children", response={200: list[UnitOut], **ERRORS}, summary="Units one level down")
def children(request, code: str, date: Optional[datetime.date] = None):
    unit = resolve_unit(code, parse_date(date), "code")
    return _units(unit.children.order_by("code"))


@router.get("/{code}/parents", response={200: list[UnitOut], **ERRORS}, summary="Parent chain, nearest first")
def parents(request, code: str, date: Optional[datetime.date] = None):
    unit = resolve_unit(code, parse_date(date), "code")
    return [unit_out(u) for u in unit.ancestors()]


@router.get("/{code}/crosswalk", response={200: CrosswalkOut, **ERRORS}, summary="Old → new or new → old units")
def crosswalk(request, code: str, date: Optional[datetime.date] = None):
    """For an old unit (resolved on a date up to 30/6/2025) the new units it maps to;
    for a new unit the old units that map into it."""
    unit = resolve_unit(code, parse_date(date), "code")
    if unit.regime == Regime.OLD:
        links = unit.crosswalk_to.select_related("new__parent").order_by("new__code")
        entries = [{"unit": unit_out(c.new), "partial": c.partial, "primary": c.primary} for c in links]
        direction = "old_to_new"
    else:
        links = unit.crosswalk_from.select_related("old__parent").order_by("old__code")
        entries = [{"unit": unit_out(c.old), "partial": c.partial, "primary": c.primary} for c in links]
        direction = "new_to_old"
    return {"unit": unit_out(unit), "direction": direction, "entries": entries}
