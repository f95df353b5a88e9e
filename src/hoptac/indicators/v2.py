"""The raw aggregates of the indicators added in v2 (SPEC §3 v2), set-based like v1's.

Three grouped queries, each taking the engine's area (``q(prefix)``,
``group_fields(prefix)``, ``key(row, prefix)``) and optionally grouped by year
for a series:

* :func:`event_counts`: organisations with a v2 event in the period (exits,
  reorganisations, conversions, establishments by reorganisation), in scope on
  the event's date (the state in force that day);
* :func:`report_sums`: sums and counts over the v2 report fields, in scope on D
  (or on 31 December of each report's year for a series);
* :func:`rating_counts`: HTX rated for the year, and rated good or fair;
* :func:`on_time_counts`: HTX and unions whose report was first submitted, and on time.

:func:`assemble` turns one group's aggregates into the v2 values. Money is summed
as exact integers (``indicators.sql``) and divided in Python, as in v1.
"""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal
from functools import partial

from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from hoptac.indicators import vintage
from hoptac.indicators.sql import YearEnd, YearOf, in_force, prepared_rows, scaled_sum, unscale
from hoptac.registry.models import (
    AnnualReport,
    Event,
    EventSuccessor,
    EventType,
    GONE_STATUSES,
    Kind,
    OrganizationState,
    OrganizationStateVersion,
    Origin,
    Rating,
    Status,
    YearRating,
)

GOOD_FAIR = (Rating.GOOD, Rating.FAIR)
# Events that end an HTX by reorganisation (v1's ``merged`` is one whose form is unknown).
REORGANISED = (EventType.CONSOLIDATED, EventType.ABSORBED, EventType.DIVIDED, EventType.MERGED)
V2_CODES = (
    "htx.formed_by_reorganisation",
    "htx.bankrupt",
    "htx.revoked",
    "htx.reorganised",
    "htx.converted_from_tht",
    "htx.total_incl_qtdnd",
    "htx.agriculture",
    "htx.non_agriculture",
    "members.official",
    "members.joined",
    "members.left",
    "workers.regular",
    "workers.members",
    "tht.members",
    "lhhtx.member_htx",
    "profit.avg",
    "revenue.with_members_pct",
    "htx.good_fair_pct",
    "htx.value_chain_pct",
    "htx.value_chain_of_good_fair_pct",
    "htx.high_tech",
    "managers.college_pct",
    "population.share_pct",
)
# v2 counts of organisations (drilled through like v1's).
V2_COUNT_CODES = (
    "htx.formed_by_reorganisation", "htx.bankrupt", "htx.revoked", "htx.reorganised", "htx.converted_from_tht",
    "htx.total_incl_qtdnd", "htx.agriculture", "htx.non_agriculture",
)
# v2 values computed from annual reports or ratings: drilled only in the back office (SPEC §6).
V2_REPORT_CODES = (
    "members.official", "members.joined", "members.left", "workers.regular", "workers.members", "tht.members",
    "lhhtx.member_htx", "profit.avg", "revenue.with_members_pct", "htx.good_fair_pct", "htx.value_chain_pct",
    "htx.value_chain_of_good_fair_pct", "htx.high_tech", "managers.college_pct", "population.share_pct",
)
# The kinds whose reports count for coverage and on-time reporting, and the statuses of an
# organisation that exists (a positive list: a negated condition through the reports' join to the
# state rows would become a subquery over every state row of the organisation).
REPORTING_KINDS = (Kind.HTX, Kind.LHHTX)
EXISTING_STATUSES = tuple(s for s in Status.values if s not in GONE_STATUSES)
# SPEC §6: a public aggregate over fewer reports than this is shown as suppressed.
MIN_PUBLIC_REPORTS = 3
SUM_FIELDS = ("members", "members_official", "members_joined", "members_left", "workers_regular", "workers_members", "member_htx")
# The report sums :func:`assemble` reads (v1's sum of members aside, ``v_members``): all a series adds to v1's pass
# over the reports, and what the year-end aggregates keep by unit (``indicators.UnitYearReports``).
ASSEMBLED_SUMS = (
    "v_members_official", "v_members_joined", "v_members_left", "v_workers_regular", "v_workers_members", "v_member_htx",
    "v_profit_n", "v_profit", "v_rwm", "v_rwm_revenue", "v_vc_yes", "v_vc_answered", "v_vc_gf_yes", "v_vc_gf_answered",
    "v_ht_yes", "v_ht_answered", "v_mgr_college", "v_mgr",
)
# Of those, the good/fair value-chain pair, counted from the ratings' side today (:func:`rating_counts` with
# ``value_chain``).
RATED_VALUE_CHAIN = ("v_vc_gf_yes", "v_vc_gf_answered")
_HUNDRED = Decimal(100)


def _year_groups(by_year, field):
    return {"y": YearOf(field)} if by_year else {}


def _ever_in(area, vt=vintage.TODAY):
    """The organisations that were ever in the area (a subquery over the state index by unit), or
    Q() for the whole country. Redundant with the scope test on the state in force (it changes no
    result) but it lets the database start from the area's few organisations instead of every
    event or report of the country: at national scale, a province's event series went from ~70 to ~15 ms.
    For a vintage, every version of the state rows (a superset of those in force then)."""
    if area.ancestors is None:
        return Q()
    states = OrganizationState if vt.today else OrganizationStateVersion
    return Q(organization_id__in=states.objects.filter(area.q()).values("organization_id"))


def _rows(key, build, area, vt, **values):
    """The rows of ``build(area, **values)``: compiled once per shape today (:func:`prepared_rows`) for the
    engine's areas. A vintage's query holds its moment, and the year-end aggregates' build (once per
    rebuild, with its own area of every province) gains nothing from it: both are built each time."""
    if vt.today and hasattr(area, "with_ids"):
        return prepared_rows((*key, area.by), build, area, **values)
    return list(build(area, **values))


def _key(area, row, prefix, by_year):
    key = area.key(row, prefix)
    return (key, row["y"]) if by_year else key


# --- events ---------------------------------------------------------------------------


def _event_rows(area, since, until, by_year, vt, fields=()):
    """The grouped query of :func:`event_counts`: organisations with a v2 event in [since, until], in scope
    on the event's date, by group (and year), type and kind, and by ``fields`` too."""
    _S = vt.prefix
    to_htx = Exists(EventSuccessor.objects.filter(event_id=OuterRef("pk"), organization__kind=Kind.HTX))
    wanted = (
        Q(type=EventType.ESTABLISHED, origin=Origin.REORGANISATION)
        | Q(type__in=(EventType.BANKRUPT, EventType.REVOKED, *REORGANISED))
        # The type first: the successor subquery then runs for conversions only, not for every event.
        | (Q(type=EventType.CONVERTED) & Q(to_htx))
    )
    return (
        Event.objects.annotate(**_year_groups(by_year, "date"))
        .filter(vt.events() & Q(date__gte=since, date__lte=until) & wanted & _ever_in(area, vt)
                & in_force(F("date"), _S) & area.q(_S) & vt.state_q())
        .values(*area.group_fields(_S), *(["y"] if by_year else []), "type", *fields, kind=F("organization__kind"))
        .annotate(n=Count("organization_id", distinct=True))
        .order_by()
    )


def what_of(event_type):
    """The v2 event count an event of ``event_type`` (one :func:`event_counts` selects) goes to."""
    return {
        EventType.ESTABLISHED: "reorganisation", EventType.BANKRUPT: "bankrupt", EventType.REVOKED: "revoked",
        EventType.CONVERTED: "converted_to_htx",
    }.get(event_type, "reorganised")


def event_counts(area, since, until, by_year=False, vt=vintage.TODAY):
    """{group: Counter{(what, kind): organisations}} for v2 events dated in [since, until].

    ``what`` is ``reorganisation`` (established with that origin), ``bankrupt``,
    ``revoked``, ``reorganised`` (ended by one of :data:`REORGANISED`) or
    ``converted_to_htx`` (``converted`` naming an HTX successor). Each organisation
    counts once per ``what`` and group, in scope on the event's date. One query.
    """
    _S = vt.prefix

    def build(area, since, until):
        return _event_rows(area, since, until, by_year, vt)

    rows = _rows(("v2 events", by_year), build, area, vt, since=since, until=until)
    out = defaultdict(Counter)
    for row in rows:
        out[_key(area, row, _S, by_year)][what_of(row["type"]), row["kind"]] += row["n"]
    return out


def event_organisations(area, since, until, vt=vintage.TODAY):
    """The rows behind :func:`event_counts` by year, one per group, year, type, kind and organisation
    (``organization_id``): the year-end aggregates by unit keep the counts and the organisations
    counted in more than one unit."""
    return list(_event_rows(area, since, until, True, vt, fields=("organization_id",)))


def event_filter(code):
    """(event filter, kind) of a v2 event count for the drill-through; (None, None) for others."""
    if code == "htx.formed_by_reorganisation":
        return Q(type=EventType.ESTABLISHED, origin=Origin.REORGANISATION), Kind.HTX
    if code == "htx.bankrupt":
        return Q(type=EventType.BANKRUPT), Kind.HTX
    if code == "htx.revoked":
        return Q(type=EventType.REVOKED), Kind.HTX
    if code == "htx.reorganised":
        return Q(type__in=REORGANISED), Kind.HTX
    if code == "htx.converted_from_tht":
        to_htx = EventSuccessor.objects.filter(organization__kind=Kind.HTX).values("event_id")
        return Q(type=EventType.CONVERTED, pk__in=to_htx), Kind.THT
    return None, None


# --- reports and ratings ------------------------------------------------------------------


def report_aggregates():
    """The v2 report columns (aggregates over reports annotated with ``good_fair``): one dict of
    Sum/Count expressions, to add to any grouped report query (the engine's series adds them to v1's)."""
    both_rwm = Q(revenue_with_members__isnull=False, revenue__isnull=False, revenue__gt=0)
    both_managers = Q(managers__isnull=False, managers_college__isnull=False, managers__gt=0)
    sums = {f"v_{f}": Sum(f) for f in SUM_FIELDS}
    # How many reports stand behind each figure (SPEC §6: a public aggregate over fewer than 3 is suppressed).
    sums.update({f"n_{f}": Count(f) for f in (*SUM_FIELDS, "workers", "revenue", "value_added")})
    sums.update({
        "n_income": Count("pk", filter=Q(income__isnull=False, workers__gt=0)),
        "n_rwm": Count("pk", filter=both_rwm),
        "n_managers": Count("pk", filter=both_managers),
    })
    sums.update({
        "v_profit_n": Count("pk", filter=Q(profit__isnull=False)),
        "v_profit": scaled_sum("profit"),
        "v_rwm": scaled_sum("revenue_with_members", filter=both_rwm),
        "v_rwm_revenue": scaled_sum("revenue", filter=both_rwm),
        "v_vc_yes": Count("pk", filter=Q(value_chain=True)),
        "v_vc_answered": Count("pk", filter=Q(value_chain__isnull=False)),
        "v_vc_gf_yes": Count("pk", filter=Q(value_chain=True, good_fair=True)),
        "v_vc_gf_answered": Count("pk", filter=Q(value_chain__isnull=False, good_fair=True)),
        "v_ht_yes": Count("pk", filter=Q(high_tech=True)),
        "v_ht_answered": Count("pk", filter=Q(high_tech__isnull=False)),
        "v_mgr_college": Sum("managers_college", filter=both_managers),
        "v_mgr": Sum("managers", filter=both_managers),
    })
    return sums


def good_fair(year_ref=OuterRef("year"), vt=vintage.TODAY):
    """Exists: the report's organisation is rated good or fair (current rating) for the report's year."""
    return Exists(YearRating.objects.filter(
        vt.ratings() & Q(organization_id=OuterRef("organization_id"), year=year_ref, rating__in=GOOD_FAIR),
    ))


def report_sums(area, on, years, by_year=False, vt=vintage.TODAY):
    """{group: {kind: sums}} over in-force reports of ``years`` (a year or a (first, last) pair) in scope on ``on``."""
    _S = vt.prefix
    year_q = Q(year__gte=years[0], year__lte=years[1]) if isinstance(years, tuple) else Q(year=years)
    rows = (
        AnnualReport.objects.filter(vt.reports() & year_q & in_force(on, _S) & area.q(_S) & vt.state_q())
        .annotate(good_fair=good_fair(vt=vt))
        .values(*area.group_fields(_S), *(["year"] if by_year else []), kind=F("organization__kind"))
        .annotate(**report_aggregates())
        .order_by()
    )
    out = defaultdict(dict)
    for row in rows:
        key = (area.key(row, _S), row["year"]) if by_year else area.key(row, _S)
        out[key][row["kind"]] = row
    return out


def stored_sums(row):
    """A row of :func:`report_aggregates` as plain integers (or None), as the year-end aggregates store it."""
    return {k: None if row[k] is None else int(row[k]) for k in report_aggregates()}


def rating_counts(area, on, years, by_year=False, vt=vintage.TODAY, value_chain=False):
    """{group: {"rated": n, "good_fair": n}} over HTX with a current rating for the year, in scope on ``on``.

    With ``value_chain``, also ``v_vc_gf_yes`` and ``v_vc_gf_answered`` of :func:`report_aggregates`
    (HTX rated good or fair whose in-force report for the year answers the value-chain question, yes /
    at all), counted from the ratings' side: an organisation has at most one in-force report and one
    current rating a year, so these are the same numbers without a rating lookup for every report.
    """
    _S = vt.prefix
    counts = {"rated": Count("pk"), "good_fair": Count("pk", filter=Q(rating__in=GOOD_FAIR))}
    if value_chain:
        report = AnnualReport.objects.filter(
            vt.reports() & Q(organization_id=OuterRef("organization_id"), year=OuterRef("year")))
        counts["v_vc_gf_yes"] = Count("pk", filter=Q(rating__in=GOOD_FAIR) & Exists(report.filter(value_chain=True)))
        counts["v_vc_gf_answered"] = Count(
            "pk", filter=Q(rating__in=GOOD_FAIR) & Exists(report.filter(value_chain__isnull=False)))

    def build(area, first, last, on=on):
        year_q = Q(year__gte=first, year__lte=last) if isinstance(years, tuple) else Q(year=first)
        return (
            YearRating.objects.filter(
                # _ever_in: from the area's organisations (the state index by unit), not from every rating of
                # the country's years (SQLite walked the year index: 150 ms of a province's 300 ms live series).
                vt.ratings() & Q(organization__kind=Kind.HTX) & year_q & _ever_in(area, vt) & in_force(on, _S)
                & area.q(_S) & vt.state_q()
            )
            # Grouped by kind too (always HTX): a values() with no field would group by every column.
            .values(*area.group_fields(_S), *(["year"] if by_year else []), kind=F("organization__kind"))
            .annotate(**counts)
            .order_by()
        )

    first, last = years if isinstance(years, tuple) else (years, years)
    # ``on`` is an expression for a series (part of the SQL), a date otherwise (a parameter).
    dated = isinstance(on, datetime.date)
    rows = _rows(("v2 ratings", by_year, isinstance(years, tuple), value_chain, None if dated else repr(on)),
                 build, area, vt, first=first, last=last, **({"on": on} if dated else {}))
    out = {}
    for row in rows:
        key = (area.key(row, _S), row["year"]) if by_year else area.key(row, _S)
        out[key] = {name: row[name] for name in counts}
    return out


def on_time_counts(area, year_from, year_to, vt=vintage.TODAY):
    """{(group, year): {"on_time": n, "moments": n}} for the years of the range that have a reporting
    window: HTX and unions existing on 31 December of the year, in scope, whose report for the year
    carries a first-submission moment in any revision (``moments``), and those first submitted before
    the window's cutoff (``on_time``). One query for every year, from the reports' side, each
    organisation counted once a year; a windowed year with none is absent."""
    windows = {w.year: w for w in vt.windows.filter(year__gte=year_from, year__lte=year_to)}
    if not windows:
        return {}
    _S = vt.prefix
    in_time = Q()
    for year, window in windows.items():
        in_time |= Q(year=year, first_submitted_at__lt=window.cutoff)

    def build(area):
        return (
            AnnualReport.objects.filter(
                vt.submissions() & Q(year__in=list(windows)) & in_force(YearEnd("year"), _S) & area.q(_S)
                & Q(**{f"{_S}kind__in": REPORTING_KINDS, f"{_S}status__in": EXISTING_STATUSES}) & vt.state_q()
            )
            .values(*area.group_fields(_S), "year")
            .annotate(moments=Count("organization_id", distinct=True),
                      on_time=Count("organization_id", distinct=True, filter=in_time))
            .order_by()
        )

    # The windows are the same for every area: part of the query's shape, not parameters.
    shape = tuple((year, window.cutoff) for year, window in sorted(windows.items()))
    rows = _rows(("v2 on-time", shape), build, area, vt)
    return {(area.key(row, _S), row["year"]): {"on_time": row["on_time"], "moments": row["moments"]} for row in rows}


# --- assembling --------------------------------------------------------------------------


def support(sums, ratings):
    """{code: number of reports (ratings for ``htx.good_fair_pct``) behind the figure} for every
    figure computed from annual reports or ratings, v1's included."""

    def n(field, kinds):
        return sum((sums.get(k) or {}).get(f"n_{field}", 0) for k in kinds)

    htx, reporting = (Kind.HTX,), (Kind.HTX, Kind.LHHTX)
    h = sums.get(Kind.HTX) or {}
    out = {
        "members.total": n("members", htx), "workers.total": n("workers", htx),
        "revenue.avg": n("revenue", reporting), "revenue.avg_vs_baseline_pct": n("revenue", reporting),
        "income.avg": n("income", reporting), "income.avg_vs_baseline_ratio": n("income", reporting),
        "grdp.share_pct": n("value_added", (Kind.HTX, Kind.LHHTX, Kind.THT, Kind.QTDND)),
        "tht.members": n("members", (Kind.THT,)), "lhhtx.member_htx": n("member_htx", (Kind.LHHTX,)),
        "profit.avg": sum((sums.get(k) or {}).get("v_profit_n", 0) for k in reporting),
        "revenue.with_members_pct": n("rwm", reporting), "managers.college_pct": n("managers", reporting),
        "htx.good_fair_pct": (ratings or {}).get("rated", 0),
        "htx.value_chain_pct": h.get("v_vc_answered", 0),
        "htx.value_chain_of_good_fair_pct": h.get("v_vc_gf_answered", 0),
        "htx.high_tech": h.get("v_ht_answered", 0),
        "population.share_pct": n("members", (Kind.HTX, Kind.THT, Kind.QTDND)),
    }
    for field, code in (("members_official", "members.official"), ("members_joined", "members.joined"),
                        ("members_left", "members.left"), ("workers_regular", "workers.regular"),
                        ("workers_members", "workers.members")):
        out[code] = n(field, htx)
    return out


def _ratio(num, den, factor=_HUNDRED):
    if num is None or not den:
        return None
    return Decimal(num) / Decimal(den) * factor


def _total(rows, field):
    """Σ field over the rows that give it; None when none does."""
    values = [r[field] for r in rows if r.get(field) is not None]
    return sum(values) if values else None


def _existing(states, kinds, sectors=None):
    return sum(
        n for (kind, status, sector), n in states.items()
        if kind in kinds and status not in GONE_STATUSES and (sectors is None or sectors(sector))
    )


def assemble(states, events, sums, ratings, population):
    """The v2 values of one group.

    ``states``: Counter{(kind, status, sector): n} on D; ``events``: from
    :func:`event_counts`; ``sums``: from :func:`report_sums`; ``ratings``: from :func:`rating_counts`;
    ``population`` of the unit for the year or None.
    """
    existing = partial(_existing, states)
    v = {
        "htx.formed_by_reorganisation": events["reorganisation", Kind.HTX],
        "htx.bankrupt": events["bankrupt", Kind.HTX],
        "htx.revoked": events["revoked", Kind.HTX],
        "htx.reorganised": events["reorganised", Kind.HTX],
        "htx.converted_from_tht": events["converted_to_htx", Kind.THT],
        "htx.total_incl_qtdnd": existing({Kind.HTX, Kind.QTDND}),
        "htx.agriculture": existing({Kind.HTX}, lambda sector: sector == "agriculture"),
        "htx.non_agriculture": existing({Kind.HTX}, lambda sector: sector not in ("", "agriculture")),
    }
    htx_sums = [sums[Kind.HTX]] if Kind.HTX in sums else []
    reporting = [sums[k] for k in (Kind.HTX, Kind.LHHTX) if k in sums]
    for field, code in (("members_official", "members.official"), ("members_joined", "members.joined"),
                        ("members_left", "members.left"), ("workers_regular", "workers.regular"),
                        ("workers_members", "workers.members")):
        v[code] = _total(htx_sums, f"v_{field}")
    v["tht.members"] = (sums.get(Kind.THT) or {}).get("v_members")
    v["lhhtx.member_htx"] = (sums.get(Kind.LHHTX) or {}).get("v_member_htx")
    profit_n = sum(r["v_profit_n"] for r in reporting)
    v["profit.avg"] = _ratio(unscale(sum(r["v_profit"] or 0 for r in reporting)), profit_n, 1) if profit_n else None
    rwm_revenue = sum(r["v_rwm_revenue"] or 0 for r in reporting)
    v["revenue.with_members_pct"] = _ratio(sum(r["v_rwm"] or 0 for r in reporting), rwm_revenue)
    rated = ratings or {"rated": 0, "good_fair": 0}
    v["htx.good_fair_pct"] = _ratio(rated["good_fair"], rated["rated"])
    h = htx_sums[0] if htx_sums else {}
    v["htx.value_chain_pct"] = _ratio(h.get("v_vc_yes"), h.get("v_vc_answered"))
    v["htx.value_chain_of_good_fair_pct"] = _ratio(h.get("v_vc_gf_yes"), h.get("v_vc_gf_answered"))
    v["htx.high_tech"] = h["v_ht_yes"] if h.get("v_ht_answered") else None
    v["managers.college_pct"] = _ratio(
        sum(r["v_mgr_college"] or 0 for r in reporting), sum(r["v_mgr"] or 0 for r in reporting)
    )
    members = [(sums.get(k) or {}).get("v_members") for k in (Kind.HTX, Kind.THT, Kind.QTDND)]
    v["population.share_pct"] = _ratio(sum(m or 0 for m in members), population) if population else None
    return v
