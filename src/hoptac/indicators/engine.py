"""The indicators of SPEC §3, computed in the database.

Public API::

    compute(unit, date, since=None, baseline_year=None, territory_of=None, as_recorded=None) -> {code: value}
    series(unit, year_from, year_to, baseline_year=None, territory_of=None, as_recorded=None)
        -> [{"date", "since", "values"}]
    breakdown(unit, date, since=None, baseline_year=None, by="children"|"sector"|"kind", territory_of=None,
              as_recorded=None)
    compute_for_code(code, date, since=None, baseline_year=None, territory_of=None, as_recorded=None)
        -> (unit, date, since, values)
    series_for_code(code, "A-B" or (A, B), baseline_year=None, territory_of=None, as_recorded=None) -> (unit, [..])
    report_support(unit, date, territory_of=None, as_recorded=None) -> {code: reports behind a report figure}
    parse_moment(text) -> aware datetime; check_moment(text) -> the same, refused before the register existed

``as_recorded`` R (an aware datetime; None = today) answers with what the register held at R
(SPEC §3, vintages): the same queries read the rows recorded by R and not voided or superseded
by then (:mod:`hoptac.indicators.vintage`); the precomputed year-end aggregates are not used.
    children_support(unit, date, territory_of=None, as_recorded=None) -> {child pk: {code: reports}}
        (as breakdown by children)
    series_support(unit, year_from, year_to, territory_of=None, as_recorded=None) -> {year: {code: reports}} (as series)

v2 (SPEC §3 v2): the indicators added in v2 come from :mod:`hoptac.indicators.v2`
(three more grouped queries: events, report fields, ratings); ``values`` also
carries ``grdp.share_source`` (``official``/``estimate``) when the share is not
null. ``territory_of`` T computes on the unit's territory on T (the unit
resolved on T, :mod:`hoptac.indicators.territory`); a series marks the first
point after its unit's territory changed with ``"territory_changed": True``.

Remembered answers: ``compute``, ``series``, ``breakdown`` and the ``*_support`` functions answer
from :mod:`hoptac.indicators.answers` when the register has not been written since the same
question was last answered (a change stamp kept by database triggers; any write recomputes);
answers ``as_recorded`` are always computed.

``unit`` is a geo ``Unit`` (the unit a code names on the date, see
``Unit.objects.resolve``) or :data:`NATIONAL`, the whole country.

Values: counts are ``int``; averages, ratios and percentages are unrounded
``Decimal`` (money sums are exact integers of 1/10 000 million VND in SQL,
divided in Python, so SQLite and PostgreSQL agree to the last digit);
``None`` where the spec says null; ``htx.by_sector`` is ``{sector: count}``
in the order of the sector list, ``unclassified`` last, zero entries omitted.

Scope. An organisation is in scope of U on a date E when its state on E
(``OrganizationState`` in force on E) has a unit under U in ``UnitClosure``.
U is always the unit as resolved on D, and the *same closure* is used for every
other date the definition looks at (event dates in [S, D], 31 December of Y for
coverage, 31 December of B for the baseline). That is what "in scope on that
date" must mean when D is after the reform of 1/7/2025 and the event before
it: the organisation's unit on the event date is an old unit, and the closure
of a new unit lists every old unit that maps into it (primary crosswalk), so
the old record counts under the new U. Before the reform both dates use old
units and the closure is the plain tree. The baseline therefore compares the
same area (new Hải Phòng's baseline includes what is now inside it).

Costs: ``compute`` runs 4 to 6 aggregate queries, plus one to look up the year's
reporting window and, when there is one, one for the on-time counts; ``series`` runs 4 grouped
queries per distinct unit the code resolves to over the range (two for a range
crossing the reform), independent of the number of years, plus one per year of the
range that has a reporting window (on-time counts); ``breakdown`` runs the same
queries as ``compute``, grouped. A series reads the year-end aggregates when they are fresh: a
province's or the country's whole, and the v2 on-time, rating and event counts and v2 report sums of
any other area (a district, a commune, a territory) summed from the aggregates by unit (three small
reads instead of three live queries and v2's columns in v1's pass over the reports).
"""

import datetime
import zoneinfo
from collections import Counter, defaultdict
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, Exists, F, ForeignKey, IntegerField, Lookup, Min, OuterRef, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.core import dates
from hoptac.geo.models import Unit, UnitClosure, UnitNotFound
from hoptac.indicators import answers, summary, territory, v2, vintage
from hoptac.indicators.sql import REPORT_SUMS, YearEnd, YearOf, in_force, prepared_rows, unscale
from hoptac.registry.models import (
    NOT_OPERATING_STATUSES,
    GONE_STATUSES,
    UNCLASSIFIED,
    AnnualReport,
    Event,
    Kind,
    OrganizationState,
    ReportingWindow,
    Sector,
    Status,
)

V1_CODES = (
    "htx.total",
    "htx.active",
    "htx.not_operating",
    "htx.by_sector",
    "htx.established",
    "lhhtx.established",
    "tht.established",
    "qtdnd.established",
    "htx.dissolved",
    "qtdnd.dissolved",
    "lhhtx.total",
    "tht.total",
    "qtdnd.total",
    "members.total",
    "workers.total",
    "revenue.avg",
    "revenue.avg_vs_baseline_pct",
    "income.avg",
    "income.avg_vs_baseline_ratio",
    "grdp.share_pct",
    "reports.coverage_pct",
    "reports.on_time_pct",
)
CODES = (*V1_CODES, *v2.V2_CODES)
# Beside CODES, where the GRDP share is not null: ``official`` or ``estimate`` (SPEC §3 v2).
SHARE_SOURCE = "grdp.share_source"
# Codes whose value is a count of organisations (each can be drilled through).
COUNT_CODES = (
    "htx.total", "htx.active", "htx.not_operating", "htx.established", "lhhtx.established",
    "tht.established", "qtdnd.established", "htx.dissolved", "qtdnd.dissolved",
    "lhhtx.total", "tht.total", "qtdnd.total", *v2.V2_COUNT_CODES,
)
SECTOR_KEYS = (*Sector.values, UNCLASSIFIED)
REPORTING_KINDS = v2.REPORTING_KINDS
_HUNDRED = Decimal(100)
_GONE = set(GONE_STATUSES)
_NOT_OPERATING = set(NOT_OPERATING_STATUSES)


class _Nation:
    """The whole country: every organisation, no scope join."""

    pk = None
    code = "VN"
    name = "Việt Nam"
    level = 0

    def __repr__(self):
        return "NATIONAL"


NATIONAL = _Nation()
NATIONAL_CODE = "VN"


class IndicatorInputError(ValueError):
    """A user mistake in the inputs (unit, date, period, years): one-line message."""


def year_end(year):
    return datetime.date(year, 12, 31)


# --- scope -----------------------------------------------------------------------


@ForeignKey.register_lookup
class _IdsIn(Lookup):
    """``unit_id__ids_in=[ids]``: ``IN (...)`` over a list of integer ids taken as they are.

    The same SQL as ``__in``, without Django's preparing of each value: for a foreign key
    ``__in`` normalises and converts every id, and with a province's few hundred units in
    every query of a series that cost more CPU than SQLite's own work on the query.
    """

    lookup_name = "ids_in"
    prepare_rhs = False

    def get_prep_lookup(self):
        return self.rhs

    def as_sql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet  # as ``__in`` with an empty list: nothing matches
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", (*params, *self.rhs)


class _Area:
    """Where to count (units under ``ancestors``, or everywhere) and how to group."""

    def __init__(self, ancestors=None, by=None, under=None):
        self.ancestors = None if ancestors is None else tuple(ancestors)
        self.by = by  # None, "unit", "sector" or "kind"
        self._under = None if under is None else sorted(int(pk) for pk in under)

    @classmethod
    def of(cls, unit, territory_of=None):
        """Where ``unit`` counts; with ``territory_of``, ``unit`` is the unit as it was on that
        date and the area is its territory then (:mod:`hoptac.indicators.territory`)."""
        if unit is NATIONAL:
            return cls(None)
        if territory_of is not None:
            return cls((unit.pk,), under=territory.units_in(unit))
        return cls((unit.pk,))

    def ids(self):
        """The unit ids the area's SQL holds (None for the whole country), for :func:`sql.prepared_rows`."""
        if self.ancestors is None:
            return None
        if self.by == "unit":
            return list(self.ancestors)
        self.q()
        return self._under

    def with_ids(self, ids):
        """The same area over other unit ids (as :meth:`ids` gives them)."""
        if self.by == "unit":
            return _Area(ids, self.by)
        return _Area(self.ancestors, self.by, under=ids)

    def q(self, prefix=""):
        if self.ancestors is None:
            return Q()
        if self.by == "unit":  # grouped by ancestor: the closure must be joined
            return Q(**{f"{prefix}unit__closure_ancestors__ancestor_id__in": self.ancestors})
        # The units under U as a literal list (one small query, kept for the call): both
        # engines then walk the state index by unit; a join through geo_unit or an IN
        # subquery made PostgreSQL scan whole tables.
        if self._under is None:
            self._under = list(
                UnitClosure.objects.filter(ancestor_id__in=self.ancestors).values_list("descendant_id", flat=True)
            )
        return Q(**{f"{prefix}unit_id__ids_in": self._under})

    def group_fields(self, prefix=""):
        if self.by is None:
            return []
        if self.by == "unit":
            return [f"{prefix}unit__closure_ancestors__ancestor_id"]
        return [f"{prefix}{self.by}"]

    def key(self, row, prefix=""):
        fields = self.group_fields(prefix)
        return row[fields[0]] if fields else None


# --- raw aggregates ------------------------------------------------------------------


def _state_counts(area, on, vt=vintage.TODAY):
    """{group: Counter{(kind, status, sector): n}} for states in force on ``on``."""
    groups = area.group_fields()
    rows = (
        vt.states.filter(in_force(on) & area.q())
        .values(*groups, "kind", "status", "sector")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out = defaultdict(Counter)
    for row in rows:
        out[area.key(row)][row["kind"], row["status"], row["sector"]] += row["n"]
    return out


def _event_counts(area, since, until, vt=vintage.TODAY):
    """{group: Counter{("established"|"dissolved", kind): n}} for events in [since, until].

    Every event starts a state interval, so the state in force on an event's
    date is the interval beginning that day: the first interval
    (``valid_from = established_on``) for an establishment, the terminal
    ``dissolved`` interval for a dissolution.
    """
    dissolved = Q(status=Status.DISSOLVED)
    qs = vt.states.filter(Q(valid_from__gte=since, valid_from__lte=until) & area.q())
    if not vt.today:  # versions carry the first interval as a column
        first = vt.first_q()
    elif connection.vendor == "postgresql":
        # The first interval is the one no other interval ends at: an anti-join on the
        # state index, where the join to the organisations made PostgreSQL scan them all.
        qs = qs.annotate(first=~Exists(
            OrganizationState.objects.filter(organization_id=OuterRef("organization_id"), valid_to=OuterRef("valid_from"))
        ))
        first = Q(first=True)
    else:  # SQLite is faster with the primary-key lookup of the organisation
        first = Q(valid_from=F("organization__established_on"))
    rows = (
        qs.filter(first | dissolved)
        .values(*area.group_fields(), "kind")
        .annotate(established=Count("pk", filter=first), dissolved=Count("pk", filter=dissolved))
        .order_by()
    )
    out = defaultdict(Counter)
    for row in rows:
        key = area.key(row)
        out[key]["established", row["kind"]] += row["established"]
        out[key]["dissolved", row["kind"]] += row["dissolved"]
    return out


def _report_sums(area, on, year, extra_groups=(), vt=vintage.TODAY):
    """{group: {kind: sums}} over in-force reports for ``year`` of organisations in scope on ``on``.

    ``on`` may be an expression (``YearEnd("year")`` for a series).
    """
    states = vt.prefix  # the path from a report to its organisation's state rows
    rows = (
        AnnualReport.objects.filter(
            vt.reports() & _year_q(year) & in_force(on, states) & area.q(states) & vt.state_q()
        )
        .values(*area.group_fields(states), *extra_groups, kind=F("organization__kind"))
        .annotate(**REPORT_SUMS)
        .order_by()
    )
    out = defaultdict(dict)
    for row in rows:
        key = area.key(row, states)
        if extra_groups:
            key = (key, *(row[g] for g in extra_groups))
        out[key][row["kind"]] = row
    return out


def _windows(year_from, year_to, vt=vintage.TODAY):
    """{year: ReportingWindow} for the years in range (one small query)."""
    return {w.year: w for w in vt.windows.filter(year__gte=year_from, year__lte=year_to)}


def _on_time_counts(area, year, window, vt=vintage.TODAY):
    """{group: {"on_time": n, "moments": n}} over HTX and unions existing on 31 December of ``year``
    in scope (SPEC §3 v2, ``reports.on_time_pct``); {} without a window for the year.

    ``moments``: organisations whose report for the year carries a first-submission
    moment in any revision; ``on_time``: those whose first submission is before the
    window's cutoff (23:59:59 Asia/Ho_Chi_Minh on the deadline, inclusive). One query.
    """
    if window is None:
        return {}
    reports = AnnualReport.objects.filter(organization_id=OuterRef("organization_id"), year=year)
    states = (
        vt.states.filter(in_force(year_end(year)) & area.q() & Q(kind__in=REPORTING_KINDS))
        .exclude(status__in=GONE_STATUSES)
        .annotate(
            has_moment=Exists(reports.filter(vt.submissions())),
            in_time=Exists(reports.filter(vt.submissions() & Q(first_submitted_at__lt=window.cutoff))),
        )
    )
    counts = {"moments": Count("pk", filter=Q(has_moment=True)), "on_time": Count("pk", filter=Q(in_time=True))}
    groups = area.group_fields()
    if not groups:
        return {None: states.aggregate(**counts)}
    rows = states.values(*groups).annotate(**counts).order_by()
    return {area.key(row): {"on_time": row["on_time"], "moments": row["moments"]} for row in rows}


def _year_q(year):
    if isinstance(year, tuple):
        return Q(year__gte=year[0], year__lte=year[1])
    return Q(year=year)


MACRO_FIELDS = ("grdp", "grdp_share_official", "population")


def _macro(unit, year, vt=vintage.TODAY):
    """{grdp, grdp_share_official, population} of the unit for the year, each None where not recorded.

    For the nation: GRDP and population summed over the provinces in force then, no official share.
    """
    if unit is NATIONAL:
        totals = vt.macro.filter(
            year=year, unit__level=1, unit__in=Unit.objects.on(year_end(year))
        ).aggregate(grdp=Sum("grdp"), population=Sum("population"))
        return {**totals, "grdp_share_official": None}
    row = vt.macro.filter(unit=unit, year=year).values(*MACRO_FIELDS).first()
    return row or dict.fromkeys(MACRO_FIELDS)


def _grdp(unit, year):
    """GRDP of the unit for the year (for the nation: the sum over provinces in force then)."""
    return _macro(unit, year)["grdp"]


# --- assembling the values ------------------------------------------------------------


def _ratio(num, den, factor=None):
    if num is None or den in (None, 0):
        return None
    value = Decimal(num) / Decimal(den)
    return value * factor if factor is not None else value


def _reporting(sums, kinds=REPORTING_KINDS):
    rows = [sums[k] for k in kinds if k in sums]
    return {
        field: sum((r[f"s_{field}"] or 0) for r in rows)
        for field in ("n", "revenue_n", "revenue", "income_weighted", "income_workers")
    }


def _averages(sums):
    """(revenue.avg, income.avg) from report sums, Decimal or None."""
    r = _reporting(sums)
    revenue = _ratio(unscale(r["revenue"]), r["revenue_n"]) if r["revenue_n"] else None
    income = _ratio(unscale(r["income_weighted"]), r["income_workers"]) if r["income_workers"] else None
    return revenue, income


def _existing(states, kinds):
    return sum(n for (kind, status, _sector), n in states.items() if kind in kinds and status not in _GONE)


def _assemble(states, events, reports, baseline, cover_states, macro, on_time=None, extra=None):
    """The values dict from the raw aggregates of one group (``on_time``: from :func:`_on_time_counts`;
    ``macro``: from :func:`_macro`, or None; ``extra``: the v2 aggregates
    ``(events, sums, ratings)`` of :mod:`hoptac.indicators.v2`)."""
    macro = macro or dict.fromkeys(MACRO_FIELDS)
    events2, sums2, ratings2 = extra or (Counter(), {}, None)
    htx = Counter()
    for (kind, status, sector), n in states.items():
        if kind == Kind.HTX and status not in _GONE:
            htx[status] += n
    sectors = Counter()
    for (kind, status, sector), n in states.items():
        if kind == Kind.HTX and status not in _GONE:
            sectors[sector or UNCLASSIFIED] += n
    v = {
        "htx.total": sum(htx.values()),
        "htx.active": htx[Status.ACTIVE],
        "htx.not_operating": sum(htx[s] for s in _NOT_OPERATING),
        "htx.by_sector": {s: sectors[s] for s in SECTOR_KEYS if sectors[s]},
    }
    for kind in (Kind.HTX, Kind.LHHTX, Kind.THT, Kind.QTDND):
        # v2 reading: newly established only (origin ``new``), not formed by a reorganisation.
        v[f"{kind}.established"] = events["established", kind] - events2["reorganisation", kind]
    for kind in (Kind.HTX, Kind.QTDND):
        v[f"{kind}.dissolved"] = events["dissolved", kind]
    for kind in (Kind.LHHTX, Kind.THT, Kind.QTDND):
        v[f"{kind}.total"] = _existing(states, {kind})
    htx_reports = reports.get(Kind.HTX) or {}
    v["members.total"] = htx_reports.get("s_members") or 0
    v["workers.total"] = htx_reports.get("s_workers") or 0
    revenue, income = _averages(reports)
    base_revenue, base_income = _averages(baseline) if baseline is not None else (None, None)
    v["revenue.avg"] = revenue
    v["revenue.avg_vs_baseline_pct"] = _ratio(revenue, base_revenue, _HUNDRED) if base_revenue else None
    v["income.avg"] = income
    v["income.avg_vs_baseline_ratio"] = _ratio(income, base_income) if base_income else None
    value_added = sum((r["s_value_added"] or 0) for r in reports.values())
    grdp = macro["grdp"]
    if macro["grdp_share_official"] is not None:
        v["grdp.share_pct"], source = macro["grdp_share_official"], "official"
    else:
        v["grdp.share_pct"] = _ratio(unscale(value_added), grdp, _HUNDRED) if grdp else None
        source = "estimate"
    existing = _existing(cover_states, set(REPORTING_KINDS))
    v["reports.coverage_pct"] = _ratio(_reporting(reports)["n"], existing, _HUNDRED) if existing else None
    v["reports.on_time_pct"] = (
        _ratio(on_time["on_time"], existing, _HUNDRED) if on_time and on_time["moments"] and existing else None
    )
    v.update(v2.assemble(states, events2, sums2, ratings2, macro["population"]))
    values = {code: v[code] for code in CODES}
    if values["grdp.share_pct"] is not None:
        values[SHARE_SOURCE] = source
    return values


# --- public API -----------------------------------------------------------------------


FIRST_YEAR, LAST_YEAR = 1900, 2100  # the years a date may have (series look back a year)


def _check_year(date, field):
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise IndicatorInputError(_("%(field)s %(value)s is out of range (%(first)s–%(last)s)") % {
            "field": _label(field), "value": f"{date:%d/%m/%Y}", "first": FIRST_YEAR, "last": LAST_YEAR})


def _check_period(date, since):
    _check_year(date, "date")
    since = since or datetime.date(date.year, 1, 1)
    _check_year(since, "period start")
    if since > date:
        raise IndicatorInputError(_("the period start %(since)s is after the date %(date)s") % {
            "since": f"{since:%d/%m/%Y}", "date": f"{date:%d/%m/%Y}"})
    return since


def _grouped(area, date, since, baseline_year, vt=vintage.TODAY):
    """The raw aggregates of one computation, grouped as ``area`` says."""
    year = date.year
    states = _state_counts(area, date, vt)
    events = _event_counts(area, since, date, vt)
    reports = _report_sums(area, date, year, vt=vt)
    baseline = _report_sums(area, year_end(baseline_year), baseline_year, vt=vt) if baseline_year else None
    cover = states if date == year_end(year) else _state_counts(area, year_end(year), vt)
    on_time = _on_time_counts(area, year, _windows(year, year, vt).get(year), vt)
    extra = (v2.event_counts(area, since, date, vt=vt), v2.report_sums(area, date, year, vt=vt),
             v2.rating_counts(area, date, year, vt=vt))
    return states, events, reports, baseline, cover, on_time, extra


def _extra_of(extra, group):
    events, sums, ratings = extra
    return events.get(group, Counter()), sums.get(group, {}), ratings.get(group)


def _plain(unit, date, territory_of):
    """``territory_of`` as the computation uses it: None when the unit it resolved to is
    still in force on ``date`` (the same territory: the plain answer, macro figures included)."""
    if territory_of is None or unit is NATIONAL or unit.in_force_on(date):
        return None
    return territory_of


def _key(unit):
    """What names ``unit`` in the key of a remembered answer (:mod:`hoptac.indicators.answers`)."""
    if unit is NATIONAL:
        return NATIONAL_CODE
    return unit if isinstance(unit, str) else ("unit", unit.pk)


def _remembered(name, parts, as_recorded, compute_):
    """``compute_()``, or the answer remembered for today's register (answers as recorded at a past
    moment are always computed)."""
    if as_recorded is not None:
        return compute_()
    return answers.remember(name, parts, compute_)


def compute(unit, date, since=None, baseline_year=None, territory_of=None, as_recorded=None):
    """Every indicator of SPEC §3 for ``unit`` on ``date`` (remembered for today's register:
    :mod:`hoptac.indicators.answers`).

    ``unit`` is resolved on ``date``, or, with ``territory_of`` T, on T: the area is
    then the unit's territory on T (SPEC §3 v2), and macro figures, keyed by the unit
    and year they were recorded for, are not used (GRDP and population shares are null).
    With ``as_recorded`` R (an aware datetime), the answer the register gave at R
    (:mod:`hoptac.indicators.vintage`): the same queries over what was recorded by then.
    """
    return _remembered("compute", (_key(unit), date, since, baseline_year, territory_of), as_recorded,
                       lambda: _compute(unit, date, since, baseline_year, territory_of, as_recorded))


def _compute(unit, date, since, baseline_year, territory_of, as_recorded):
    vt = vintage.of(as_recorded)
    since = _check_period(date, since)
    territory_of = _plain(unit, date, territory_of)
    area = _Area.of(unit, territory_of)
    states, events, reports, baseline, cover, on_time, extra = _grouped(area, date, since, baseline_year, vt)
    return _assemble(
        states[None], events[None], reports[None],
        None if baseline is None else baseline[None],
        cover[None], None if territory_of else _macro(unit, date.year, vt), on_time.get(None), _extra_of(extra, None),
    )


def report_support(unit, date, territory_of=None, as_recorded=None):
    """{code: reports behind it} for the figures of :func:`compute` taken from annual reports or
    ratings (two queries), so that a public page can suppress an aggregate over fewer than 3 (SPEC §6).
    An official GRDP share is a published figure: it is not counted here."""
    return _remembered("report_support", (_key(unit), date, territory_of), as_recorded,
                       lambda: _report_support(unit, date, territory_of, as_recorded))


def _report_support(unit, date, territory_of, as_recorded):
    vt = vintage.of(as_recorded)
    area = _Area.of(unit, _plain(unit, date, territory_of))
    sums = v2.report_sums(area, date, date.year, vt=vt).get(None, {})
    ratings = v2.rating_counts(area, date, date.year, vt=vt).get(None)
    return v2.support(sums, ratings)


def children_support(unit, date, territory_of=None, as_recorded=None):
    """{child unit pk: {code: reports behind it}} for the entries of :func:`breakdown` by ``children``
    with the same inputs: the two queries of :func:`report_support`, grouped by child (one
    :func:`report_support` per child with a ``territory_of`` other than ``date``, as the breakdown)."""
    return _remembered("children_support", (_key(unit), date, territory_of), as_recorded,
                       lambda: _children_support(unit, date, territory_of, as_recorded))


def _children_support(unit, date, territory_of, as_recorded):
    vt = vintage.of(as_recorded)
    territory_of = _plain(unit, date, territory_of)
    if territory_of:
        return {c.pk: report_support(c, date, territory_of, vt) for c in children_of(unit, territory_of)}
    children = children_of(unit, date)
    area = _Area([c.pk for c in children], by="unit")
    sums = v2.report_sums(area, date, date.year, vt=vt)
    ratings = v2.rating_counts(area, date, date.year, vt=vt)
    return {c.pk: v2.support(sums.get(c.pk, {}), ratings.get(c.pk)) for c in children}


def series_support(unit, year_from, year_to, territory_of=None, as_recorded=None):
    """{year: {code: reports behind it}} for each point of :func:`series` with the same inputs:
    two queries grouped by year per distinct unit the code names over the range."""
    code = unit if isinstance(unit, str) or unit is NATIONAL else unit.code
    return _remembered("series_support", (_key(code), year_from, year_to, territory_of), as_recorded,
                       lambda: _series_support(code, year_from, year_to, territory_of, as_recorded))


def _series_support(code, year_from, year_to, territory_of, as_recorded):
    if territory_of is not None and code is not NATIONAL and str(code).strip().upper() != NATIONAL_CODE:
        blocks = [(resolve_unit(code, territory_of), year_from, year_to, territory_of)]
    else:
        blocks = [(u, a, b, None) for u, a, b in resolve_for_series(code, year_from, year_to)]
    vt = vintage.of(as_recorded)
    out = {}
    for block_unit, a, b, block_territory in blocks:
        area = _Area.of(block_unit, block_territory)
        sums = v2.report_sums(area, YearEnd("year"), (a, b), by_year=True, vt=vt)
        ratings = v2.rating_counts(area, YearEnd("year"), (a, b), by_year=True, vt=vt)
        for y in range(a, b + 1):
            out[y] = v2.support(sums.get((None, y), {}), ratings.get((None, y)))
    return out


def children_of(unit, date):
    """The units one level down on ``date``: a province's districts before the
    reform and its communes after; a district's communes; the nation's provinces."""
    if unit is NATIONAL:
        return list(Unit.objects.on(date).filter(level=1).order_by("code"))
    return list(unit.children.order_by("code"))


def breakdown(unit, date, since=None, baseline_year=None, by="children", territory_of=None, as_recorded=None):
    """The indicators of ``unit`` on ``date`` split one way.

    ``by="children"``: one entry per unit one level down (``key`` is its code).
    ``by="sector"`` / ``"kind"``: one entry per sector (``unclassified`` for
    none; the sector on the date that matters, as in scope) or kind. Entries
    with nothing in them are kept for children, dropped for sectors and kinds.
    Returns ``[{"key", "unit", "values"}]``. With ``territory_of`` (``unit`` resolved
    on it), each entry is computed on its territory then: the children are the unit's
    children on that date, one computation each (a new unit carried back to several
    old ones counts in each of them, so the entries can sum to more than the whole).
    """
    if by not in ("children", "sector", "kind"):
        raise IndicatorInputError(f"unknown breakdown {by!r}; use children, sector or kind")
    return _remembered("breakdown", (_key(unit), date, since, baseline_year, by, territory_of), as_recorded,
                       lambda: _breakdown(unit, date, since, baseline_year, by, territory_of, as_recorded))


def _breakdown(unit, date, since, baseline_year, by, territory_of, as_recorded):
    vt = vintage.of(as_recorded)
    since = _check_period(date, since)
    territory_of = _plain(unit, date, territory_of)
    if territory_of and by == "children":
        return [
            {"key": c.code, "unit": c, "values": compute(c, date, since, baseline_year, territory_of, vt)}
            for c in children_of(unit, territory_of)
        ]
    if by == "children":
        children = children_of(unit, date)
        area = _Area([c.pk for c in children], by="unit")
        keys = [(c.pk, c.code, c) for c in children]
    else:
        base = _Area.of(unit, territory_of)
        area = _Area(base.ancestors, by=by, under=base._under)
        keys = None
    states, events, reports, baseline, cover, on_time, extra = _grouped(area, date, since, baseline_year, vt)
    if keys is None:
        found = set(states) | set(events) | set(reports) | set(extra[0]) | set(extra[1])
        order = Sector.values if by == "sector" else Kind.values
        keys = [(k, k or UNCLASSIFIED, None) for k in (*order, "") if k in found]
    # A sector's or kind's share of the unit's GRDP is an estimate: the official share is the whole's.
    unit_macro = (None if by == "children" or territory_of
                  else {**_macro(unit, date.year, vt), "grdp_share_official": None})
    out = []
    for group, key, child in keys:
        macro = _macro(child, date.year, vt) if by == "children" else unit_macro
        values = _assemble(
            states.get(group, Counter()), events.get(group, Counter()), reports.get(group, {}),
            None if baseline is None else baseline.get(group, {}), cover.get(group, Counter()), macro,
            on_time.get(group), _extra_of(extra, group),
        )
        out.append({"key": key, "unit": child, "values": values})
    return out


# Series of provinces and of the nation read the year-end aggregates (indicators.summary)
# when they are fresh; set to False to always run the live queries.
USE_SUMMARY = True


def _macro_by_year(unit, year_from, year_to, vt=vintage.TODAY):
    """{year: macro} as :func:`_macro` gives it, for the years of the range that have macro data."""
    if unit is NATIONAL:
        if not vt.macro.filter(unit__level=1, year__gte=year_from, year__lte=year_to).exists():
            return {}
        # As _macro for each year, in one query grouped by year: the provinces in force on 31 December.
        in_force_then = ((Q(unit__valid_from__isnull=True) | Q(unit__valid_from__lte=YearEnd("year")))
                         & (Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=YearEnd("year"))))
        rows = (vt.macro.filter(Q(unit__level=1, year__gte=year_from, year__lte=year_to) & in_force_then)
                .values("year").annotate(grdp=Sum("grdp"), population=Sum("population")).order_by())
        totals = {row.pop("year"): row for row in rows}
        return {y: {**totals.get(y, {"grdp": None, "population": None}), "grdp_share_official": None}
                for y in range(year_from, year_to + 1)}
    rows = vt.macro.filter(unit=unit, year__gte=year_from, year__lte=year_to).values("year", *MACRO_FIELDS)
    return {row.pop("year"): row for row in rows}


# The v2 report sum that v1's report query already computes under another name.
_SAME_AS_V1 = {"v_members": "s_members"}


def _series_v2_columns(vt=vintage.TODAY):
    """(annotations, aggregates) that add the v2 report sums :func:`v2.assemble` reads to the series' report query.

    Today the good/fair value-chain counts are left to the ratings' query (no rating lookup for each
    report); for a vintage (where one in-force report a year is not a constraint) they stay here."""
    aggregates = v2.report_aggregates()
    if vt.today:
        return {}, {k: aggregates[k] for k in v2.ASSEMBLED_SUMS if k not in v2.RATED_VALUE_CHAIN}
    return {"good_fair": v2.good_fair(vt=vt)}, {k: aggregates[k] for k in v2.ASSEMBLED_SUMS}


def _series_reports(area, year_from, year_to, vt=vintage.TODAY, with_v2=True):
    """(v1 sums, v2 sums), each {(group, year): {kind: sums}}, over the in-force reports of the range
    of organisations in scope on 31 December of their year: ONE pass over the reports with both
    sets of columns (v1's REPORT_SUMS and v2's report fields); v2 sums are None when the v2
    columns are left out (``with_v2`` false: the caller has them from the aggregates by unit, or
    :func:`_series_extra` queries them itself)."""
    annotations, v2_columns = _series_v2_columns(vt) if with_v2 else ({}, {})

    def build(area, first, last):
        return (
            AnnualReport.objects.filter(
                vt.reports() & _year_q((first, last)) & in_force(YearEnd("year"), _S) & area.q(_S) & vt.state_q()
            )
            .annotate(**annotations)
            .values(*area.group_fields(_S), "year", kind=F("organization__kind"))
            .annotate(**REPORT_SUMS, **v2_columns)
            .order_by()
        )

    _S = vt.prefix
    if vt.today:
        rows = prepared_rows(("series reports", tuple(annotations), tuple(v2_columns)), build, area,
                             first=year_from, last=year_to)
    else:
        rows = build(area, year_from, year_to)
    reports, sums = defaultdict(dict), defaultdict(dict)
    for row in rows:
        if v2_columns:
            row.update({name: row[v1_name] for name, v1_name in _SAME_AS_V1.items()})
        key = (area.key(row, _S), row["year"])
        reports[key][row["kind"]] = row
        sums[key][row["kind"]] = row
    return reports, (sums if v2_columns else None)


def _series_extra(area, year_from, year_to, vt=vintage.TODAY, sums=None, events=None, ratings=None, value_chain=False):
    """The v2 aggregates of every year of the range, grouped by year: {year: (events, sums, ratings)}.

    ``sums``, ``events`` and ``ratings``: the v2 report sums, event counts and rating counts by
    (group, year) when the caller has them already (from :func:`_series_reports` or the year-end
    aggregates); else they are queried here. HTX sums without the good/fair value-chain counts (today's series report query)
    get them from the ratings' query, or from ``ratings`` when they carry them (``value_chain``)."""
    years = (year_from, year_to)
    if events is None:
        events = v2.event_counts(area, datetime.date(year_from, 1, 1), year_end(year_to), by_year=True, vt=vt)
    if sums is None:
        sums = v2.report_sums(area, YearEnd("year"), years, by_year=True, vt=vt)
    lacking = [(key, by_kind[Kind.HTX]) for key, by_kind in sums.items()
               if Kind.HTX in by_kind and v2.RATED_VALUE_CHAIN[0] not in by_kind[Kind.HTX]]
    if ratings is None or (lacking and not value_chain):
        ratings = v2.rating_counts(area, YearEnd("year"), years, by_year=True, vt=vt, value_chain=bool(lacking))
    for key, htx in lacking:
        rated = ratings.get(key) or {}
        htx.update({name: rated.get(name, 0) for name in v2.RATED_VALUE_CHAIN})
    return {
        y: (events.get((None, y), Counter()), sums.get((None, y), {}), ratings.get((None, y)))
        for y in range(year_from, year_to + 1)
    }


def _series_from_summary(unit, year_from, year_to, baseline_year, memo):
    if not (unit is NATIONAL or unit.level == 1):
        return None
    if "version" not in memo:  # the freshness check reads the whole register's ids: once per call
        memo["version"] = summary.fresh_summary()
    version = memo["version"]
    if version is None or not summary.covers(version, year_from, year_to, baseline_year):
        return None  # stale (a rebuild is queued) or not covering: the live queries answer
    states, events, events_v2, reports, baseline = summary.read(unit.pk, year_from, year_to, baseline_year)
    macro = _macro_by_year(unit, year_from, year_to)
    area = _Area.of(unit)
    on_time, ratings = _summary_counts(unit.pk, year_from, year_to)
    extra = _series_extra(area, year_from, year_to, sums=_summary_v2_sums(reports),
                          events=_summary_v2_events(events_v2, year_from, year_to), ratings=ratings)
    return {
        y: _assemble(states[y], events[y], reports.get(y, {}), baseline, states[y], macro.get(y), on_time.get(y),
                     extra[y])
        for y in range(year_from, year_to + 1)
    }


def _unit_counts(unit, area, year_from, year_to, memo):
    """(on-time {year: counts}, ratings {year: counts}, v2 events {year: Counter}, v2 report sums
    {(year, kind): sums}) of a district's, a commune's or a territory's live series, summed from the
    year-end aggregates by unit (:func:`summary.read_units`) when they are fresh and cover the years; None
    otherwise (the live queries answer). Not for the whole country (its own aggregates, or the live queries)."""
    if unit is NATIONAL:
        return None
    if "version" not in memo:
        memo["version"] = summary.fresh_summary()
    version = memo["version"]
    if version is None or not summary.covers(version, year_from, year_to):
        return None
    return summary.read_units(area, year_from, year_to)


def _with_unit_sums(reports, unit_sums):
    """The v2 sums of a series, {(None, year): {kind: sums}}, as :func:`_series_reports` gives them with
    the v2 columns: v1's report rows (``reports``, from the pass without them) with the sums of the same
    reports from the aggregates by unit (``unit_sums``: {(year, kind): sums}, HTX and unions) added. None
    when the aggregates lack a year and kind the pass found reports of (a write between the two reads):
    then :func:`_series_extra` queries them live."""
    rows = [(y, kind, row) for (_, y), by_kind in reports.items() for kind, row in by_kind.items()]
    if any(kind in REPORTING_KINDS and (y, kind) not in unit_sums for y, kind, _ in rows):
        return None
    for y, kind, row in rows:
        row.update(unit_sums.get((y, kind), {}))
        row.update({name: row[v1_name] for name, v1_name in _SAME_AS_V1.items()})
    return reports


def _summary_counts(unit_pk, year_from, year_to):
    """({year: on-time counts}, {(None, year): rating counts}) as the year-end aggregates hold them."""
    on_time, ratings = {}, {}
    for y, counts in summary.read_counts(unit_pk, year_from, year_to).items():
        if counts["moments"] is not None:
            on_time[y] = {"on_time": counts["on_time"], "moments": counts["moments"]}
        ratings[None, y] = {"rated": counts["rated"], "good_fair": counts["good_fair"]}
    return on_time, ratings


def _summary_v2_sums(reports):
    """The v2 report sums the year-end aggregates hold, keyed as :func:`v2.report_sums` by year."""
    return {(None, y): {kind: row["v2"] for kind, row in by_kind.items()} for y, by_kind in reports.items()}


def _summary_v2_events(events_v2, year_from, year_to):
    """The v2 event counts the year-end aggregates hold, keyed as :func:`v2.event_counts` by year."""
    return {(None, y): events_v2[y] for y in range(year_from, year_to + 1) if y in events_v2}


def _series_on_time(area, year_from, year_to, vt=vintage.TODAY):
    """{year: on-time counts} for the years of the range that have a window, as :func:`_on_time_counts`
    gives them, in ONE query for all those years (:func:`v2.on_time_counts`)."""
    found = v2.on_time_counts(area, year_from, year_to, vt)
    return {y: counts for (_, y), counts in found.items()}


def _states_started(area, last, vt=vintage.TODAY):
    first_interval = Q(valid_from=F("organization__established_on")) if vt.today else vt.first_q()
    return (
        vt.states.filter(Q(valid_from__lte=last) & area.q())
        .annotate(
            y=YearOf("valid_from"),
            first=Case(When(first_interval, then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        .values("kind", "status", "sector", "y", "first")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _states_ended(area, last, vt=vintage.TODAY):
    return (
        vt.states.filter(Q(valid_to__isnull=False, valid_to__lte=last) & area.q())
        .annotate(y=YearOf("valid_to"))
        .values("kind", "status", "sector", "y")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _series_states(area, last, vt=vintage.TODAY):
    """(rows of states by start year, rows of states by end year) up to ``last``."""
    if not vt.today:
        return list(_states_started(area, last, vt)), list(_states_ended(area, last, vt))
    return (prepared_rows("states started", _states_started, area, last=last),
            prepared_rows("states ended", _states_ended, area, last=last))


def _series_block(unit, year_from, year_to, baseline_year, use_summary=None, memo=None, territory_of=None,
                  as_recorded=None):
    """{year: values} for one unit over [year_from, year_to], grouped by year in SQL.

    States in force on 31 December of year y are those that started in a year
    <= y and did not end in a year <= y (``valid_to`` is exclusive), so two
    queries grouped by start year and end year give every year by prefix sums.
    A province or the nation reads the year-end aggregates instead when fresh.
    With ``territory_of`` the area is the unit's territory on that date (live queries
    only), and macro figures count only for the years the unit itself is in force.
    With ``as_recorded`` the live queries read the register as it was then (the year-end
    aggregates hold only today's answer).
    """
    vt = vintage.of(as_recorded)
    if (USE_SUMMARY if use_summary is None else use_summary) and territory_of is None and vt.today:
        values = _series_from_summary(unit, year_from, year_to, baseline_year, {} if memo is None else memo)
        if values is not None:
            return values
    area = _Area.of(unit, territory_of)
    last = year_end(year_to)
    starts, ends = _series_states(area, last, vt)
    started, ended = defaultdict(Counter), defaultdict(Counter)
    events = defaultdict(Counter)
    for row in starts:
        started[row["y"]][row["kind"], row["status"], row["sector"]] += row["n"]
        if row["first"]:
            events[row["y"]]["established", row["kind"]] += row["n"]
        if row["status"] == Status.DISSOLVED:
            events[row["y"]]["dissolved", row["kind"]] += row["n"]
    for row in ends:
        ended[row["y"]][row["kind"], row["status"], row["sector"]] += row["n"]
    baseline = None
    if baseline_year:
        baseline = _report_sums(area, year_end(baseline_year), baseline_year, vt=vt)[None]
    macro = _macro_by_year(unit, year_from, year_to, vt)
    if territory_of is not None:  # macro figures only where the unit itself is in force
        macro = {y: m for y, m in macro.items() if unit.in_force_on(year_end(y))}
    counts = None
    if (USE_SUMMARY if use_summary is None else use_summary) and vt.today:
        counts = _unit_counts(unit, area, year_from, year_to, {} if memo is None else memo)
    if counts is None:
        reports, v2_sums = _series_reports(area, year_from, year_to, vt)
        on_time = _series_on_time(area, year_from, year_to, vt)
        extra = _series_extra(area, year_from, year_to, vt, sums=v2_sums)
    else:
        on_time, ratings, events_v2, unit_sums = counts
        reports, _ = _series_reports(area, year_from, year_to, vt, with_v2=False)
        extra = _series_extra(area, year_from, year_to, vt, sums=_with_unit_sums(reports, unit_sums),
                              events={(None, y): c for y, c in events_v2.items()},
                              ratings={(None, y): c for y, c in ratings.items()}, value_chain=True)
    running = Counter()
    all_years = sorted(set(started) | set(ended))
    out = {}
    for y in range(min(all_years + [year_from]), year_to + 1):
        running.update(started.get(y, {}))
        running.subtract(ended.get(y, {}))
        if y < year_from:
            continue
        states = +running
        out[y] = _assemble(states, events[y], reports.get((None, y), {}), baseline, states, macro.get(y),
                           on_time.get(y), extra[y])
    return out


def resolve_for_series(code, year_from, year_to):
    """[(unit, first year, last year)]: the unit the code names on 31 December of
    each year. A year where the code names no unit uses the unit it names later
    (a new unit's closure takes in the old units that map into it)."""
    if code == NATIONAL_CODE or code is NATIONAL:
        return [(NATIONAL, year_from, year_to)]
    candidates = list(Unit.objects.filter(code=str(code).strip()))  # one row per regime at most
    resolved = []
    for y in range(year_from, year_to + 1):
        resolved.append(next((u for u in candidates if u.in_force_on(year_end(y))), None))
    later = None
    for i in range(len(resolved) - 1, -1, -1):
        if resolved[i] is None:
            resolved[i] = later
        later = resolved[i]
    if resolved[-1] is None:
        # Not in force on 31/12 of the last year: say why, from the date itself.
        resolve_unit(code, year_end(year_to))
    blocks = []
    for offset, unit in enumerate(resolved):
        y = year_from + offset
        if blocks and blocks[-1][0].pk == unit.pk:
            blocks[-1][2] = y
        else:
            blocks.append([unit, y, y])
    return [tuple(b) for b in blocks]


def series(unit, year_from, year_to, baseline_year=None, use_summary=None, territory_of=None, as_recorded=None):
    """The indicators on 31 December of each year (period start 1 January).

    ``unit`` is a code, a ``Unit`` (its code is resolved again for each year)
    or :data:`NATIONAL`. Returns ``[{"date", "since", "values"}]``; the first
    point after the unit's territory changed (the code names another unit, as
    province ``31`` from 2025) also carries ``"territory_changed": True``.
    With ``territory_of`` T the code is resolved on T once and every point is
    computed on that territory (no change to mark). ``as_recorded``: as :func:`compute`.
    """
    if year_from > year_to:
        raise IndicatorInputError(_("the years %(first)s-%(last)s run backwards") % {"first": year_from, "last": year_to})
    code = unit if isinstance(unit, str) or unit is NATIONAL else unit.code
    summary_first = USE_SUMMARY if use_summary is None else use_summary
    return _remembered(
        "series", (_key(code), year_from, year_to, baseline_year, bool(summary_first), territory_of), as_recorded,
        lambda: _series(code, year_from, year_to, baseline_year, use_summary, territory_of, as_recorded))


def _series(code, year_from, year_to, baseline_year, use_summary, territory_of, as_recorded):
    if territory_of is not None and code is not NATIONAL and str(code).strip().upper() != NATIONAL_CODE:
        blocks = [(resolve_unit(code, territory_of), year_from, year_to)]
    else:
        blocks, territory_of = resolve_for_series(code, year_from, year_to), None
    out, memo = [], {}
    for index, (block_unit, a, b) in enumerate(blocks):
        values = _series_block(block_unit, a, b, baseline_year, use_summary, memo, territory_of, as_recorded)
        for y in range(a, b + 1):
            out.append({"date": year_end(y), "since": datetime.date(y, 1, 1), "values": values[y]})
            if index and y == a:
                out[-1]["territory_changed"] = True
    return out


# --- convenience for the command line, the API and the portal -----------------------------


# The names of the inputs, as messages give them (the command's and the API's words).
_FIELDS = {
    "date": gettext_lazy("date"), "period start": gettext_lazy("period start"),
    "territory date": gettext_lazy("territory date"), "baseline year": gettext_lazy("baseline year"),
    "first year": gettext_lazy("first year"), "last year": gettext_lazy("last year"), "year": gettext_lazy("year"),
    "since": gettext_lazy("period start"), "recorded moment": gettext_lazy("recorded moment"),
}


def _label(field):
    return str(_FIELDS.get(field, field))


def parse_date(text, field="date"):
    if isinstance(text, datetime.date):
        return text
    try:
        date = dates.parse_typed(str(text))
    except ValueError:
        date = None
    if date is None:
        raise IndicatorInputError(_("%(field)s '%(value)s' is not a valid date (dd/mm/yyyy or YYYY-MM-DD)") % {
            "field": _label(field), "value": text}) from None
    _check_year(date, field)
    return date


def parse_year(text, field="baseline year"):
    if text is None or text == "":
        return None
    try:
        year = int(str(text).strip())
    except ValueError:
        raise IndicatorInputError(_("%(field)s '%(value)s' is not a year") % {"field": _label(field), "value": text}) from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise IndicatorInputError(_("%(field)s %(value)s is out of range (%(first)s–%(last)s)") % {
            "field": _label(field), "value": year, "first": FIRST_YEAR, "last": LAST_YEAR})
    return year


def parse_years(text):
    """``"2001-2025"`` (or a pair) → (2001, 2025)."""
    if isinstance(text, tuple):
        a, b = text
    else:
        a, sep, b = str(text).strip().partition("-")
        if not sep:
            raise IndicatorInputError(_("years '%(value)s' must be a range A-B, e.g. 2001-2025") % {"value": text})
    a, b = parse_year(a, "first year"), parse_year(b, "last year")
    if a is None or b is None or a > b:
        raise IndicatorInputError(_("years '%(value)s' must be a range A-B with A <= B, e.g. 2001-2025") % {"value": text})
    return a, b


def resolve_unit(code, date):
    if str(code).strip().upper() == NATIONAL_CODE:
        return NATIONAL
    try:
        return Unit.objects.resolve(code, date)
    except UnitNotFound as exc:
        raise IndicatorInputError(str(exc)) from None


def parse_territory(text):
    """The ``territory_of`` date a user gave, or None."""
    return None if text in (None, "") else parse_date(text, "territory date")


# A moment without an offset is a moment in Việt Nam (SPEC §3, §4).
MOMENT_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def parse_moment(text):
    """The ``as_recorded`` moment a user gave, as an aware datetime.

    Read by :func:`hoptac.core.dates.parse_moment`: ``15/03/2021 17:30`` or ISO; an offset is
    taken as given, without one it is Asia/Ho_Chi_Minh time; a day alone (``15/03/2021``,
    ``2021-03-15``) is the end of that day in Asia/Ho_Chi_Minh (everything recorded that day).
    A moment in the future is refused, except the end of today (which is now).
    """
    if isinstance(text, datetime.datetime):
        moment = text if timezone.is_aware(text) else text.replace(tzinfo=MOMENT_TZ)
    else:
        try:
            moment = dates.parse_moment(text, MOMENT_TZ)
        except ValueError:
            raise IndicatorInputError(_(
                "recorded moment '%(value)s' is not a valid date or date-time (dd/mm/yyyy, dd/mm/yyyy hh:mm, or "
                "ISO YYYY-MM-DD, YYYY-MM-DDTHH:MM with an optional offset such as +07:00)") % {"value": text}) from None
    _check_year(moment.astimezone(MOMENT_TZ).date(), "recorded moment")
    now = timezone.now()
    if moment > now:
        if moment.astimezone(MOMENT_TZ).date() == now.astimezone(MOMENT_TZ).date() and moment.time() == datetime.time.max:
            return now  # the end of today: everything recorded so far
        raise IndicatorInputError(_("recorded moment %(moment)s is in the future; give a moment up to now") % {
            "moment": moment_text(moment)})
    return moment


def moment_text(moment):
    """A moment the Vietnamese way, in Việt Nam time: 15/03/2021 23:59:59."""
    return f"{moment.astimezone(MOMENT_TZ):%d/%m/%Y %H:%M:%S}"


def check_moment(text):
    """``parse_moment`` for the command, the API and the portal: None stays None, and a moment
    before anything was recorded in the register is refused (it has no answer to give)."""
    if text in (None, ""):
        return None
    moment = parse_moment(text)
    first = Event.objects.aggregate(first=Min("recorded_at"))["first"]
    if first is not None and moment < first:
        raise IndicatorInputError(_(
            "recorded moment %(moment)s is before the register existed (its first record was made on %(first)s)")
            % {"moment": moment_text(moment), "first": moment_text(first)})
    return moment


def compute_for_code(code, date, since=None, baseline_year=None, territory_of=None, as_recorded=None):
    """Parse and check the inputs as given by a user, then compute.

    Returns ``(unit, date, since, values)``; raises :class:`IndicatorInputError`
    with a one-line message for a malformed date or year, a unit code that
    names no unit on the date (on ``territory_of`` when given), or a period
    starting after the date.
    """
    date = parse_date(date)
    since = parse_date(since, "period start") if since not in (None, "") else None
    baseline_year = parse_year(baseline_year)
    territory_of = parse_territory(territory_of)
    as_recorded = check_moment(as_recorded)
    unit = resolve_unit(code, territory_of or date)
    since = _check_period(date, since)
    return unit, date, since, compute(unit, date, since, baseline_year, territory_of, as_recorded)


def series_for_code(code, years, baseline_year=None, territory_of=None, as_recorded=None):
    """Parse and check, then :func:`series`. Returns ``(unit, series)`` where
    ``unit`` is what the code names on 31 December of the last year (on ``territory_of`` when given)."""
    a, b = parse_years(years)
    baseline_year = parse_year(baseline_year)
    territory_of = parse_territory(territory_of)
    as_recorded = check_moment(as_recorded)
    unit = resolve_unit(code, territory_of or year_end(b))
    return unit, series(unit if unit is NATIONAL else unit.code, a, b, baseline_year, territory_of=territory_of,
                        as_recorded=as_recorded)
