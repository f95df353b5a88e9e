"""Macro data (SPEC §2 v2): GRDP, the official share of the collective economy in GRDP and
the population of a unit for a year, each with its source. Published statistics: public."""

from typing import Optional

from ninja import Query, Router, Schema
from pydantic import Field

from hoptac.registry.models import Grdp

from ..auth import READ
from ..schemas import MacroOut
from .common import ERRORS

router = Router(tags=["macro data"], auth=READ)


class MacroFilters(Schema):
    unit: Optional[str] = Field(None, description="unit code as recorded (e.g. 31 for Hải Phòng)")
    year: Optional[int] = Field(None, ge=1900, le=2100)
    since: Optional[int] = Field(None, ge=1900, le=2100, description="first year")
    until: Optional[int] = Field(None, ge=1900, le=2100, description="last year")


@router.get("", response={200: list[MacroOut], **ERRORS}, summary="Macro data by unit and year")
def macro(request, filters: Query[MacroFilters]):
    """The macro figures recorded, by unit code and year (an official share applies only to the unit
    and year it was recorded for). Every figure may be null; each has its source."""
    qs = Grdp.objects.select_related("unit").order_by("unit__code", "year")
    if filters.unit:
        qs = qs.filter(unit__code=filters.unit.strip())
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.since is not None:
        qs = qs.filter(year__gte=filters.since)
    if filters.until is not None:
        qs = qs.filter(year__lte=filters.until)
    return [{"unit": g.unit.code, "year": g.year, "grdp": g.grdp, "grdp_source": g.grdp_source,
             "grdp_share_official": g.grdp_share_official, "grdp_share_official_source": g.grdp_share_official_source,
             "population": g.population, "population_source": g.population_source} for g in qs[:2000]]
