"""The register: organisations on a date, their events and annual reports."""

import datetime
from typing import Literal, Optional

from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from hoptac.accounts import policy
from hoptac.core.vietnamese import Folded, fold
from hoptac.registry import report_checks
from hoptac.registry.models import (
    AnnualReport, EventSuccessor, Kind, Organization, OrganizationState, Sector, Status, YearRating,
)

from ..access import caller, parse_date, personal_ids, readable_ids, refuse
from ..auth import READ
from ..problems import Problem
from ..schemas import EventOut, OrganizationOut, OrganizationPage, ReportOut, ReportPage
from .common import ERRORS, decode_cursor, encode_cursor
from .units import resolve_unit

router = Router(tags=["organisations"], auth=READ)

MAX_LIMIT = 200


class OrganizationFilters(Schema):
    date: Optional[datetime.date] = Field(None, description="state on this date (default today)")
    unit: Optional[str] = Field(None, description="unit code on that date; the organisations under it")
    kind: Optional[Kind] = None
    sector: Optional[Literal[tuple(Sector.values) + ("unclassified",)]] = None
    status: Optional[Status] = Field(None, description="status on that date")
    q: Optional[str] = Field(None, max_length=100, description="text in the name or the registration number")
    order: Literal["name", "code"] = "name"
    cursor: Optional[str] = None
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


def organization_out(state, org, *, personal):
    """The fields of ``org`` on the state's date; personal ones only when allowed."""
    public_contact = org.public_contact
    return {
        "code": org.code, "kind": org.kind, "name": state.name,
        "unit": {"code": state.unit.code, "name": state.unit.name},
        "sector": state.sector or None, "status": state.status, "established_on": org.established_on,
        "address": org.address, "products": org.products,
        "phone": org.phone if (personal or public_contact) else None,
        "email": org.email if (personal or public_contact) else None,
        "representative": org.representative if personal else None,
    }


def states_on(date, unit=None):
    qs = OrganizationState.objects.on(date) if unit is None else OrganizationState.objects.in_scope(unit, date)
    return qs.select_related("organization", "unit")


def page_of_states(request, filters):
    date = parse_date(filters.date)
    unit = resolve_unit(filters.unit, date) if filters.unit else None
    qs = states_on(date, unit)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.sector:
        qs = qs.filter(sector="" if filters.sector == "unclassified" else filters.sector)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.q and filters.q.strip():
        text = filters.q.strip()
        # Case and diacritics ignored, as in the portal's directory ("nuoc sach" finds "Nước sạch").
        qs = qs.annotate(name_key=Folded("name")).filter(Q(name_key__contains=fold(text))
                                                         | Q(organization__code__icontains=text))
    key = "name" if filters.order == "name" else "organization__code"
    if filters.cursor:
        order, last_value, last_id = decode_cursor(filters.cursor, 3)
        if order != filters.order:
            raise Problem(422, _("This cursor belongs to a list ordered by %(order)s; keep the same 'order' "
                                 "while paging.") % {"order": order}, kind="validation", title="Invalid input",
                          errors=[{"field": "cursor", "in": "query", "message": _("ordered differently")}])
        qs = qs.filter(Q(**{f"{key}__gt": last_value}) | Q(**{key: last_value, "organization_id__gt": last_id}))
    rows = list(qs.order_by(key, "organization_id")[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    user = caller(request)
    personal = personal_ids(user, [s.organization_id for s in rows])
    items = [organization_out(s, s.organization, personal=s.organization_id in personal) for s in rows]
    next_cursor = None
    if more:
        last = rows[-1]
        value = last.name if filters.order == "name" else last.organization.code
        next_cursor = encode_cursor(filters.order, value, last.organization_id)
    return {"date": date, "items": items, "next_cursor": next_cursor}


@router.get("", response={200: OrganizationPage, **ERRORS}, summary="List organisations on a date")
def list_organizations(request, filters: Query[OrganizationFilters]):
    """Organisations with their state on ``date``, filtered, in pages of ``limit``.

    Paging is by cursor: pass ``next_cursor`` back as ``cursor`` with the same
    filters. Pages stay stable while records are added elsewhere in the list.
    """
    return page_of_states(request, filters)


def _org_or_404(code):
    org = Organization.objects.filter(code=code).first()
    if org is None:
        raise Problem(404, _("No organisation has the registration number %(code)r.") % {"code": code},
                      kind="unknown-organization")
    return org


@router.get("/{code}", response={200: OrganizationOut, **ERRORS}, summary="One organisation on a date")
def detail(request, code: str, date: Optional[datetime.date] = None):
    org = _org_or_404(code)
    when = parse_date(date)
    state = states_on(when).filter(organization=org).first()
    if state is None:
        raise Problem(404, _("%(code)s was established on %(established)s, after %(date)s.") % {
            "code": org.code, "established": org.established_on.isoformat(), "date": when.isoformat()},
            kind="not-established")
    personal = org.pk in personal_ids(caller(request), [org.pk])
    return organization_out(state, org, personal=personal)


@router.get("/{code}/events", response={200: list[EventOut], **ERRORS}, summary="Event history")
def events(request, code: str):
    """Every event in order of date and recording; voided events and notes only for callers in scope."""
    org = _org_or_404(code)
    full = org.pk in readable_ids(caller(request), [org.pk])
    qs = org.events.select_related("unit").order_by("date", "id")
    if not full:
        qs = qs.filter(voided_at__isnull=True)
    successors = {}
    for event_id, successor in EventSuccessor.objects.filter(event__organization=org).order_by(
            "event_id", "position").values_list("event_id", "organization__code"):
        successors.setdefault(event_id, []).append(successor)
    return [{
        "id": e.id, "type": e.type, "date": e.date,
        "unit": {"code": e.unit.code, "name": e.unit.name} if e.unit_id else None,
        "sector": e.sector or None, "name": e.name or None, "document": e.document,
        "note": e.note if full else None, "until": e.until, "successors": successors.get(e.id, []),
        "recorded_at": e.recorded_at, "voided": e.voided_at is not None,
    } for e in qs]


def report_out(r, code=None, ratings=None):
    """A report revision; ``ratings`` maps (organization id, year) to the rating in force (one query for a page)."""
    if ratings is None:
        ratings = current_ratings([r.organization_id], [r.year])
    return {
        "organization": code or r.organization.code, "year": r.year, "revision": r.revision, "status": r.status,
        "in_force": r.in_force, "members": r.members, "workers": r.workers, "revenue": r.revenue,
        "profit": r.profit, "income": r.income, "value_added": r.value_added, "is_estimate": r.is_estimate,
        **{name: getattr(r, name) for name in report_checks.V2_FIELDS},
        "rating": ratings.get((r.organization_id, r.year)),
    }


def current_ratings(org_ids, years):
    return {(o, y): rating for o, y, rating in YearRating.objects.filter(
        organization_id__in=set(org_ids), year__in=set(years), superseded_at__isnull=True,
    ).values_list("organization_id", "year", "rating")}


@router.get("/{code}/reports", response={200: list[ReportOut], **ERRORS}, summary="Annual reports of one organisation")
def reports(request, code: str, year: Optional[int] = None):
    """Every revision of the organisation's reports, for the organisation itself and the
    officers and viewers whose scope holds it. One cooperative's figures are not public
    (SPEC §6): the public reads aggregates through ``/indicators``."""
    org = _org_or_404(code)
    user = caller(request)
    if org.pk not in readable_ids(user, [org.pk]):
        refuse(user, _("The annual figures of one organisation are not public; only the organisation and the "
                       "officers in charge of it may read them. Aggregates are at /api/v1/indicators."))
    qs = org.annual_reports.order_by("year", "revision")
    if year is not None:
        qs = qs.filter(year=year)
    rows = list(qs)
    rated = current_ratings([org.pk], [r.year for r in rows])
    return [report_out(r, org.code, rated) for r in rows]


reports_router = Router(tags=["annual reports"], auth=READ)


class ReportFilters(Schema):
    year: int = Field(ge=1990, le=2100)
    unit: Optional[str] = Field(None, description="unit code on 31 December of the year")
    cursor: Optional[str] = None
    limit: int = Field(100, ge=1, le=500)


@reports_router.get("", response={200: ReportPage, **ERRORS}, summary="Annual reports in force for a year")
def reports_in_force(request, filters: Query[ReportFilters]):
    """The revisions the indicators read (in force), ordered by registration number: of the
    organisations the caller may read (the organisation itself, officers in scope, viewers).
    One cooperative's figures are not public (SPEC §6)."""
    user = caller(request)
    if policy.reach(user, policy.READ) is None:
        refuse(user, _("The annual figures of one organisation are not public; only the organisation and the "
                       "officers in charge of it may read them. Aggregates are at /api/v1/indicators."))
    qs = AnnualReport.objects.filter(year=filters.year, in_force=True).select_related("organization")
    if policy.reach(user, policy.READ) != policy.ALL:
        qs = qs.filter(organization__in=policy.organizations_for(user, policy.READ))
    if filters.unit:
        day = datetime.date(filters.year, 12, 31)
        unit = resolve_unit(filters.unit, day)
        qs = qs.filter(organization__in=OrganizationState.objects.in_scope(unit, day).values("organization_id"))
    if filters.cursor:
        last_code, = decode_cursor(filters.cursor, 1)
        qs = qs.filter(organization__code__gt=last_code)
    rows = list(qs.order_by("organization__code")[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    rated = current_ratings([r.organization_id for r in rows], [filters.year])
    return {"items": [report_out(r, ratings=rated) for r in rows],
            "next_cursor": encode_cursor(rows[-1].organization.code) if more else None}
