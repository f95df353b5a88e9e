"""Drill-through: the organisations behind a count, with the events that put them there.

``drill(unit, date, code, since=None)`` accepts every count code of SPEC §3
(``htx.total``, ``htx.active``, ``htx.not_operating``, ``<kind>.total``,
``<kind>.established``, ``htx.dissolved``, ``qtdnd.dissolved``), the sector
entries ``htx.by_sector.<sector>`` (``htx.by_sector.unclassified`` for none) and
the counts added in v2 (``htx.total_incl_qtdnd``, ``htx.agriculture``,
``htx.non_agriculture``, ``htx.formed_by_reorganisation``, ``htx.bankrupt``,
``htx.revoked``, ``htx.reorganised``, ``htx.converted_from_tht``). It applies exactly the filter the engine counts with, so
``len(drill(...)) == compute(...)[code]`` always.

Each row: ``code``, ``name``, ``kind``, ``unit`` (code and name of the unit on
the date that matters), ``sector``, ``status`` on D, and ``events``: for a
count of organisations existing on D, every event dated on or before D (the
history that led to the state); for ``established`` / ``dissolved`` counts,
that event (the row's unit is then the unit on the event date; for the v2
event counts, every such event of the period). An event of a reorganisation
carries its ``successors`` (codes, in the record's order) and each row its
``predecessors`` (code, event type and date of every reorganisation on or before
D that named it), so that a reader can walk from one organisation to the others
(SPEC §2 v2). A few queries whatever the number of rows.
"""

from django.db.models import Exists, F, OuterRef, Q

from hoptac.geo.names import name_on
from hoptac.indicators.engine import (
    IndicatorInputError,
    _Area,
    _check_period,
    _plain,
    in_force,
    check_moment,
    parse_date,
    parse_territory,
    resolve_unit,
)
from hoptac.indicators import v2, vintage
from hoptac.registry import lineage
from hoptac.registry.models import (
    NOT_OPERATING_STATUSES,
    GONE_STATUSES,
    UNCLASSIFIED,
    Event,
    EventSuccessor,
    EventType,
    Kind,
    Origin,
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
    codes += [c for c in v2.V2_COUNT_CODES]
    return codes


def _filter(code, date, since, vt=vintage.TODAY):
    """(state filter, event type or None) for ``code``."""
    existing = ~Q(status__in=GONE_STATUSES) & in_force(date)
    if code == "htx.total":
        return Q(kind=Kind.HTX) & existing, None
    if code == "htx.total_incl_qtdnd":
        return Q(kind__in=(Kind.HTX, Kind.QTDND)) & existing, None
    if code == "htx.agriculture":
        return Q(kind=Kind.HTX, sector="agriculture") & existing, None
    if code == "htx.non_agriculture":
        return Q(kind=Kind.HTX) & ~Q(sector__in=("", "agriculture")) & existing, None
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
    if what == "established":  # v2 reading: newly established only, not formed by a reorganisation
        reorganisation = Exists(Event.objects.filter(
            vt.events() & Q(organization_id=OuterRef("organization_id"), type=EventType.ESTABLISHED,
                            origin=Origin.REORGANISATION),
        ))
        first = Q(valid_from=F("organization__established_on")) if vt.today else vt.first_q()
        return period & first & ~reorganisation, EventType.ESTABLISHED
    if what == "dissolved" and kind in (Kind.HTX, Kind.QTDND):
        return period & Q(status=Status.DISSOLVED), EventType.DISSOLVED
    return None, None


def _event_rows(area, date, since, condition, kind, vt=vintage.TODAY):
    """The organisations of a v2 event count: each with its state on the (first) event's date."""
    events = list(
        Event.objects.filter(
            condition & vt.events() & Q(date__gte=since, date__lte=date, organization__kind=kind)
            & in_force(F("date"), vt.prefix) & area.q(vt.prefix) & vt.state_q()
        ).annotate(state_id=F(f"{vt.prefix}id")).select_related("unit").order_by("organization_id", "date", "id")
    )
    first_state = {}
    by_org = {}
    named = lineage.successor_codes(events)
    for e in events:
        first_state.setdefault(e.organization_id, e.state_id)
        by_org.setdefault(e.organization_id, []).append(_event_row(e, named))
    return first_state, by_org


def _predecessors(org_ids, date, vt=vintage.TODAY):
    """``{organisation id: [{code, type, date}, …]}``: the reorganisations on or before ``date`` naming it."""
    out = {}
    for org_id, code, kind, day in EventSuccessor.objects.filter(
            vt.events("event__") & Q(organization_id__in=org_ids, event__date__lte=date)).order_by(
            "event__date", "event__organization__code").values_list(
            "organization_id", "event__organization__code", "event__type", "event__date"):
        out.setdefault(org_id, []).append({"code": code, "type": kind, "date": day})
    return out


def _event_row(e, named):
    return {
        "date": e.date, "type": e.type,
        "unit": e.unit.code if e.unit_id else None,
        "sector": e.sector, "name": e.name, "document": e.document,
        "successors": named.get(e.pk, []),
    }


def drill(unit, date, code, since=None, territory_of=None, as_recorded=None):
    """The organisations counted by ``code`` for ``unit`` on ``date`` (sorted by code);
    with ``territory_of``, on the unit's territory then (``unit`` resolved on it), as the engine;
    with ``as_recorded`` R, as the register held them at R (the events listed are those known then)."""
    vt = vintage.of(as_recorded)
    since = _check_period(date, since)
    area = _Area.of(unit, _plain(unit, date, territory_of))
    event_condition, event_kind = v2.event_filter(code)
    if event_condition is not None:
        first_state, by_org = _event_rows(area, date, since, event_condition, event_kind, vt)
        states = vt.states.model.objects.filter(pk__in=first_state.values())
        return _rows(_listed(states), by_org, date, True, vt)
    condition, event_type = _filter(code, date, since, vt)
    if condition is None:
        raise IndicatorInputError(
            f"indicator {code!r} is not a count that can be drilled through; use one of: {', '.join(drillable_codes())}"
        )
    states = _listed(vt.states.filter(condition & area.q()))
    events = Event.objects.filter(
        vt.events() & Q(organization_id__in=[s.organization_id for s in states], date__lte=date)
    ).select_related("unit").order_by("organization_id", "date", "id")
    if event_type:
        events = events.filter(type=event_type, date__gte=since)
    events = list(events)
    named = lineage.successor_codes(events)
    by_org = {}
    for e in events:
        by_org.setdefault(e.organization_id, []).append(_event_row(e, named))
    return _rows(states, by_org, date, bool(event_type), vt)


def _listed(states):
    return list(states.select_related("organization", "unit").order_by("organization__code"))


def _rows(states, by_org, date, with_status_on, vt=vintage.TODAY):
    """One row per state (the organisation as it was on the date that matters)."""
    status_on = {}
    if with_status_on:
        status_on = dict(
            vt.states.on(date).filter(organization_id__in=[s.organization_id for s in states])
            .values_list("organization_id", "status")
        )
    predecessors = _predecessors([s.organization_id for s in states], date, vt)
    rows = []
    for s in states:
        rows.append(
            {
                "code": s.organization.code,
                "name": s.name,
                "kind": s.kind,
                "unit": {"code": s.unit.code, "name": name_on(s.unit, date)},
                "sector": s.sector or UNCLASSIFIED,
                "status": status_on.get(s.organization_id, s.status),
                "events": by_org.get(s.organization_id, []),
                "predecessors": predecessors.get(s.organization_id, []),
            }
        )
    return rows


def drill_for_code(unit_code, date, code, since=None, territory_of=None, as_recorded=None):
    """Parse user inputs like ``compute_for_code`` then drill. Returns (unit, date, since, rows)."""
    date = parse_date(date)
    since = parse_date(since, "period start") if since not in (None, "") else None
    territory_of = parse_territory(territory_of)
    as_recorded = check_moment(as_recorded)
    unit = resolve_unit(unit_code, territory_of or date)
    since = _check_period(date, since)
    return unit, date, since, drill(unit, date, code, since, territory_of, as_recorded)

