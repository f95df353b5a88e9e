"""Drill-through: the organisations behind a count, with the events that put them there.

``drill(unit, date, code, since=None)`` accepts every count code of SPEC §3
(``htx.total``, ``htx.active``, ``htx.not_operating``, ``<kind>.total``,
``<kind>.established``, ``htx.dissolved``, ``qtdnd.dissolved``) and the
sector entries ``htx.by_sector.<sector>`` (``htx.by_sector.unclassified`` for
none). It applies exactly the filter the engine counts with, so
``len(drill(...)) == compute(...)[code]`` always.

Each row: ``code``, ``name``, ``kind``, ``unit`` (code and name of the unit on
the date that matters), ``sector``, ``status`` on D, and ``events``: for a
count of organisations existing on D, every event dated on or before D (the
history that led to the state); for ``established`` / ``dissolved`` counts,
that event (the row's unit is then the unit on the event date). An event of
a reorganisation carries its ``successors`` (codes, in the record's order) and
each row its ``predecessors`` (code, event type and date of every reorganisation
on or before D that named it), so that a reader can walk from one organisation
to the others (SPEC §2 v2). A few queries whatever the number of rows.
"""

from django.db.models import F, Q

from hoptac.indicators.engine import (
    IndicatorInputError,
    _Area,
    _check_period,
    in_force,
    parse_date,
    resolve_unit,
)
from hoptac.registry.models import (
    NOT_OPERATING_STATUSES,
    GONE_STATUSES,
    UNCLASSIFIED,
    Event,
    EventSuccessor,
    EventType,
    Kind,
    OrganizationState,
    Sector,
    Status,
)

SECTOR_PREFIX = "htx.by_sector."


def drillable_codes():
    codes = ["htx.total", "htx.active", "htx.not_operating"]
    codes += [f"{SECTOR_PREFIX}{s}" for s in (*Sector.values, UNCLASSIFIED)]
    codes += [f"{k}.total" for k in ("lhhtx", "tht", "qtdnd")]
    codes += [f"{k}.established" for k in Kind.values]
    codes += ["htx.dissolved", "qtdnd.dissolved"]
    return codes


def _filter(code, date, since):
    """(state filter, event type or None) for ``code``."""
    existing = ~Q(status__in=GONE_STATUSES) & in_force(date)
    if code == "htx.total":
        return Q(kind=Kind.HTX) & existing, None
    if code == "htx.active":
        return Q(kind=Kind.HTX, status=Status.ACTIVE) & in_force(date), None
    if code == "htx.not_operating":
        return Q(kind=Kind.HTX, status__in=NOT_OPERATING_STATUSES) & in_force(date), None
    if code.startswith(SECTOR_PREFIX):
        sector = code[len(SECTOR_PREFIX):]
        if sector not in (*Sector.values, UNCLASSIFIED):
            return None, None
        return Q(kind=Kind.HTX, sector="" if sector == UNCLASSIFIED else sector) & existing, None
    kind, _, what = code.partition(".")
    if kind not in Kind.values:
        return None, None
    period = Q(valid_from__gte=since, valid_from__lte=date, kind=kind)
    if what == "total" and kind != Kind.HTX:
        return Q(kind=kind) & existing, None
    if what == "established":
        return period & Q(valid_from=F("organization__established_on")), EventType.ESTABLISHED
    if what == "dissolved" and kind in (Kind.HTX, Kind.QTDND):
        return period & Q(status=Status.DISSOLVED), EventType.DISSOLVED
    return None, None


def drill(unit, date, code, since=None):
    """The organisations counted by ``code`` for ``unit`` on ``date`` (sorted by code)."""
    since = _check_period(date, since)
    condition, event_type = _filter(code, date, since)
    if condition is None:
        raise IndicatorInputError(
            f"indicator {code!r} is not a count that can be drilled through; use one of: {', '.join(drillable_codes())}"
        )
    states = list(
        OrganizationState.objects.filter(condition & _Area.of(unit).q())
        .select_related("organization", "unit")
        .order_by("organization__code")
    )
    events = Event.objects.filter(
        organization_id__in=[s.organization_id for s in states], voided_at__isnull=True, date__lte=date
    ).select_related("unit").order_by("organization_id", "date", "id")
    if event_type:
        events = events.filter(type=event_type, date__gte=since)
    events = list(events)
    ids = [s.organization_id for s in states]
    named = {}
    for event_id, successor in EventSuccessor.objects.filter(event__in=[e.pk for e in events]).order_by(
            "event_id", "position").values_list("event_id", "organization__code"):
        named.setdefault(event_id, []).append(successor)
    predecessors = {}
    for org_id, code, kind, day in EventSuccessor.objects.filter(
            organization_id__in=ids, event__voided_at__isnull=True, event__date__lte=date).order_by(
            "event__date", "event__organization__code").values_list(
            "organization_id", "event__organization__code", "event__type", "event__date"):
        predecessors.setdefault(org_id, []).append({"code": code, "type": kind, "date": day})
    by_org = {}
    for e in events:
        by_org.setdefault(e.organization_id, []).append(
            {
                "date": e.date, "type": e.type,
                "unit": e.unit.code if e.unit_id else None,
                "sector": e.sector, "name": e.name, "document": e.document,
                "successors": named.get(e.pk, []),
            }
        )
    status_on = {}
    if event_type:
        status_on = dict(
            OrganizationState.objects.on(date).filter(organization_id__in=[s.organization_id for s in states])
            .values_list("organization_id", "status")
        )
    rows = []
    for s in states:
        rows.append(
            {
                "code": s.organization.code,
                "name": s.name,
                "kind": s.kind,
                "unit": {"code": s.unit.code, "name": s.unit.name},
                "sector": s.sector or UNCLASSIFIED,
                "status": status_on.get(s.organization_id, s.status),
                "events": by_org.get(s.organization_id, []),
                "predecessors": predecessors.get(s.organization_id, []),
            }
        )
    return rows


def drill_for_code(unit_code, date, code, since=None):
    """Parse user inputs like ``compute_for_code`` then drill. Returns (unit, date, since, rows)."""
    date = parse_date(date)
    since = parse_date(since, "period start") if since not in (None, "") else None
    unit = resolve_unit(unit_code, date)
    since = _check_period(date, since)
    return unit, date, since, drill(unit, date, code, since)

