"""Indicators (same JSON as ``hoptac indicators``), drill-through, targets, data quality."""

import datetime
from typing import Any, Optional

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from hoptac.accounts import policy
from hoptac.geo.names import name_on
from hoptac.indicators import documents
from hoptac.indicators.engine import check_moment

from ..access import caller, parse_date, require_unit_in_scope
from ..auth import READ
from ..problems import Problem
from .common import ERRORS
from .units import resolve_unit

router = Router(tags=["indicators"], auth=READ)


AS_RECORDED = ("R: the answer the register gave at the moment R (SPEC §3, vintages): an ISO date-time, with an "
               "offset or in Asia/Ho_Chi_Minh time, or a date YYYY-MM-DD for the end of that day")


class IndicatorQuery(Schema):
    unit: str = Field(description="unit code, e.g. 31; VN for the whole country")
    date: Optional[datetime.date] = Field(None, description="the date D (with since, baseline_year)")
    since: Optional[datetime.date] = Field(None, description="period start S (default 1 January of D's year)")
    baseline_year: Optional[int] = Field(None, ge=1900, le=2100)
    years: Optional[str] = Field(None, pattern=r"^\s*\d{4}\s*-\s*\d{4}\s*$",
                                 description="A-B: the series on 31 December of each year instead of one date")
    territory_of: Optional[datetime.date] = Field(
        None, description="T: count on the unit's territory as it was on T (the code is resolved on T)")
    as_recorded: Optional[str] = Field(None, description=AS_RECORDED)


def _input_problem(exc):
    return Problem(422, _("%(message)s.") % {"message": str(exc).rstrip(".")}, kind="indicator-input",
                   title="Invalid input")


def _moment(value):
    """The ``as_recorded`` moment of a query (None for today's answer); 422 when it is not one."""
    try:
        return check_moment(value)
    except documents.IndicatorInputError as exc:
        raise Problem(422, _("%(message)s.") % {"message": str(exc).rstrip(".")}, kind="validation",
                      title="Invalid input",
                      errors=[{"field": "as_recorded", "in": "query", "message": str(exc)}]) from None


@router.get("/indicators", response={200: dict[str, Any], **ERRORS}, summary="Indicators of a unit (as the command)")
def indicators(request, params: Query[IndicatorQuery]):
    """Exactly the JSON of ``hoptac indicators --format json`` for the same inputs:
    ``unit`` with ``date`` [``since``, ``baseline_year``], or ``unit`` with ``years=A-B``.
    For the public (anonymous callers, and accounts whose reach does not cover the unit) a figure
    taken from fewer than 3 annual reports is null and its code is listed in ``suppressed`` (of the
    answer, or of each point of a series); officers of the unit get every number."""
    if params.years and (params.date or params.since):
        raise Problem(422, _("Give either 'date' (with 'since') or 'years', not both."), kind="validation",
                      title="Invalid input", errors=[{"field": "years", "in": "query", "message": _("conflicts with date")}])
    as_recorded = _moment(params.as_recorded)
    user = caller(request)

    def public(unit):  # SPEC §6: aggregates over fewer than 3 reports are for the officers of the unit
        return not documents.sees_small_figures(user, unit)

    try:
        if params.years:
            text = documents.series_json(params.unit, params.years.replace(" ", ""), params.baseline_year,
                                         params.territory_of, as_recorded, public=public)
        else:
            text = documents.point_json(params.unit, parse_date(params.date), params.since, params.baseline_year,
                                        params.territory_of, as_recorded, public=public)
    except documents.IndicatorInputError as exc:
        raise _input_problem(exc) from None
    return HttpResponse(text, content_type="application/json")


class DrillQuery(Schema):
    unit: str
    date: Optional[datetime.date] = None
    indicator: str = Field(description="an indicator code that counts organisations, e.g. htx.active")
    since: Optional[datetime.date] = None
    territory_of: Optional[datetime.date] = Field(None, description="T: on the unit's territory as it was on T")
    as_recorded: Optional[str] = Field(None, description=AS_RECORDED)


@router.get("/indicators/drill", response={200: dict[str, Any], **ERRORS}, summary="Organisations behind a count")
def drill(request, params: Query[DrillQuery]):
    """The organisations counted by ``indicator`` with the events that put them there.
    Public fields only, as for the public register."""
    date = parse_date(params.date)
    as_recorded = _moment(params.as_recorded)
    unit = resolve_unit(params.unit, params.territory_of or date)
    try:
        rows = documents.drill(unit, date, params.indicator, params.since or None, params.territory_of, as_recorded)
    except documents.IndicatorInputError as exc:
        raise _input_problem(exc) from None
    territory = {"territory_of": params.territory_of.isoformat()} if params.territory_of else {}
    if as_recorded is not None:
        territory["as_recorded"] = as_recorded.isoformat()
    return {"unit": {"code": unit.code, "name": name_on(unit, date)}, "date": date.isoformat(), **territory,
            "indicator": params.indicator, "count": len(rows), "organizations": rows}


@router.get("/targets", response={200: dict[str, Any], **ERRORS}, summary="Plan targets with progress")
def targets(request, unit: str, as_of: Optional[datetime.date] = None,
            as_recorded: Optional[str] = Query(None, description=AS_RECORDED)):
    """Each target of the unit: latest value, gap, projection and verdict."""
    when = parse_date(as_of, "as_of")
    moment = _moment(as_recorded)
    resolved = resolve_unit(unit, when)
    require_unit_in_scope(caller(request), policy.READ_PLAN, resolved,
                          _("Plan targets are for officers and viewers; your account may not read them."))
    vintage = {"as_recorded": moment.isoformat()} if moment is not None else {}
    return {"unit": {"code": resolved.code, "name": resolved.name}, "as_of": when.isoformat(), **vintage,
            "targets": documents.targets_progress(resolved, when, moment)}


@router.get("/quality", response={200: dict[str, Any], **ERRORS}, summary="Data-quality findings")
def quality(request, unit: str, year: int):
    """Findings for the unit and year (unclassified sector, missing reports, …);
    for officers of the unit and the province."""
    if not 1990 <= year <= 2100:
        raise Problem(422, _("year %(year)s is out of range (1990–2100).") % {"year": year}, kind="validation",
                      title="Invalid input", errors=[{"field": "year", "in": "query", "message": _("out of range")}])
    resolved = resolve_unit(unit, datetime.date(year, 12, 31))
    require_unit_in_scope(caller(request), policy.READ, resolved,
                          _("Data-quality findings are for the officers of this unit; your account may not read them."))
    return {"unit": {"code": resolved.code, "name": resolved.name}, "year": year,
            "findings": documents.quality_findings(resolved, year)}
