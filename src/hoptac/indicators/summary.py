"""Build and read the year-end aggregates (``indicators.models``).

The aggregates by province (and for the whole country) serve a province's or the country's series
whole; the v2 counts and report sums by unit (``UnitYearCounts``: on-time, rating and v2 event counts,
``UnitYearReports``: the v2 report sums, each by the unit of the state row) serve the v2 part of any
other area's series — a district, a commune, a unit's territory on a date — as the sum over its units
(:func:`read_units`). All are built together and read only under the same fresh ``SummaryVersion``.

``fresh_summary()`` returns the current ``SummaryVersion`` after rebuilding
the aggregates if the register changed since they were built, comparing a
fingerprint: counts and id checksums of organisations, events (voided ones
too), state rows, in-force reports, first-submitted revisions (approved or not:
the on-time counts), ratings (current and superseded) and reporting windows (a
changed window is a new row, the old one superseded). Every write path of the
registry adds rows or sets ``voided_at`` / ``in_force`` / ``first_submitted_at``
/ ``superseded_at`` (corrections are new records, an approved report is locked,
a first submission is never overwritten), so any change moves the fingerprint. Computing it
reads the id columns only (index scans); a rebuild runs a few grouped queries
over the whole register, the same set-based SQL as the live engine.

When a reader finds the aggregates stale it does not rebuild them itself (at
national scale a rebuild takes minutes): it asks for one background rebuild
(:func:`request_rebuild`, the ``rebuild_summary`` task, run by ``hoptac
worker``) and computes live meanwhile — the same numbers, by the live engine.
With inline tasks (tests, ``HOPTAC_TASKS=inline``) the rebuild runs at once and
the reader uses it. ``build()`` (``hoptac manage indicators_refresh``) can be
called after a bulk load to pay the rebuild up front.
"""

import datetime
import functools
import json
from collections import Counter, defaultdict

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Max, Min, Q, Sum, Value, When
from django.tasks import task
from django.utils import timezone

from hoptac.indicators import answers, v2, vintage
from hoptac.indicators.models import (
    SummaryVersion,
    UnitYearCounts,
    UnitYearReports,
    YearCounts,
    YearEndState,
    YearEvents,
    YearReports,
)
from hoptac.indicators.sql import REPORT_SUMS, YearEnd, YearOf, in_force
from hoptac.registry.models import (
    AnnualReport,
    Event,
    Organization,
    OrganizationState,
    ReportingWindow,
    Status,
    YearRating,
)

_PROVINCE = "unit__closure_ancestors__ancestor_id"
REBUILD_REQUESTED = "indicators:summary:rebuild-requested"
REBUILD_REQUEST_SECONDS = 30 * 60  # a lost request (a worker that died) is asked again after this
_BUILD_LOCK = 0x68747873  # PostgreSQL advisory lock: one rebuild at a time across workers


def fingerprint():
    parts = [
        Organization.objects.aggregate(n=Count("pk"), m=Max("pk")),
        Event.objects.aggregate(n=Count("pk"), m=Max("pk"), v=Count("voided_at")),
        OrganizationState.objects.aggregate(n=Count("pk"), m=Max("pk")),
        AnnualReport.objects.filter(in_force=True).aggregate(n=Count("pk"), s=Sum("pk")),
        # The on-time counts: a revision's first submission is set once and never changed.
        AnnualReport.objects.filter(first_submitted_at__isnull=False).aggregate(n=Count("pk"), s=Sum("pk")),
        # The rating counts and the v2 report sums (HTX rated good or fair), and the on-time counts'
        # windows: a new rating or window adds a row, a change also marks the old one superseded.
        YearRating.objects.aggregate(n=Count("pk"), m=Max("pk"), v=Count("superseded_at")),
        ReportingWindow.versions.aggregate(n=Count("pk"), m=Max("pk"), v=Count("superseded_at")),
    ]
    return "|".join(",".join(str(v) for v in p.values()) for p in parts)


def _provinces_q(prefix=""):
    return Q(**{f"{prefix}unit__closure_ancestors__ancestor__level": 1})


def _years():
    bounds = OrganizationState.objects.aggregate(first=Min("valid_from"))
    first = bounds["first"].year if bounds["first"] else timezone.localdate().year
    last_report = AnnualReport.objects.filter(in_force=True).aggregate(y=Max("year"))["y"] or first
    return first, max(timezone.localdate().year, last_report)


def _state_rows(first, last, national):
    """YearEndState and YearEvents rows from two grouped queries (prefix sums by year)."""
    scope = Q() if national else _provinces_q()
    group = [] if national else [_PROVINCE]
    first_interval = Q(valid_from=F("organization__established_on"))
    starts = (
        OrganizationState.objects.filter(scope)
        .annotate(y=YearOf("valid_from"),
                  first=Case(When(first_interval, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .values(*group, "kind", "status", "sector", "y", "first").annotate(n=Count("pk")).order_by()
    )
    ends = (
        OrganizationState.objects.filter(scope & Q(valid_to__isnull=False))
        .annotate(y=YearOf("valid_to")).values(*group, "kind", "status", "sector", "y").annotate(n=Count("pk")).order_by()
    )
    started, ended = defaultdict(lambda: defaultdict(Counter)), defaultdict(lambda: defaultdict(Counter))
    events = defaultdict(Counter)
    for row in starts:
        p = None if national else row[_PROVINCE]
        started[p][row["y"]][row["kind"], row["status"], row["sector"]] += row["n"]
        if row["first"]:
            events[p, row["y"], row["kind"]]["established"] += row["n"]
        if row["status"] == Status.DISSOLVED:
            events[p, row["y"], row["kind"]]["dissolved"] += row["n"]
    for row in ends:
        p = None if national else row[_PROVINCE]
        ended[p][row["y"]][row["kind"], row["status"], row["sector"]] += row["n"]
    states = []
    for p in set(started) | set(ended):
        running = Counter()
        for y in range(min([*started[p], *ended[p], first]), last + 1):
            running.update(started[p].get(y, {}))
            running.subtract(ended[p].get(y, {}))
            if y < first:
                continue
            for (kind, status, sector), n in running.items():
                if n:
                    states.append(YearEndState(year=y, province_id=p, kind=kind, status=status, sector=sector, n=n))
    # The v2 events (exits, reorganisations, conversions: ``v2.event_counts``) in the same rows,
    # {what: n} by kind; a (province, year, kind) with v2 events only gets a row of zero v1 events.
    extra = defaultdict(dict)
    area = _Provinces(national)
    for (p, y), counts in v2.event_counts(area, datetime.date(first, 1, 1), datetime.date(last, 12, 31),
                                          by_year=True).items():
        for (what, kind), n in counts.items():
            extra[p, y, kind][what] = n
            events.setdefault((p, y, kind), Counter())
    evs = [
        YearEvents(year=y, province_id=p, kind=k, established=c["established"], dissolved=c["dissolved"],
                   v2=extra.get((p, y, k), {}))
        for (p, y, k), c in events.items() if first <= y <= last
    ]
    return states, evs


class _Provinces:
    """The engine's area protocol (``q``, ``group_fields``, ``key``) for every province at once
    (grouped by province as the other aggregates), or the whole country."""

    ancestors = None  # no prefilter on the area's organisations (``v2._ever_in``): it is everywhere

    def __init__(self, national):
        self.national = national

    def q(self, prefix=""):
        return Q() if self.national else _provinces_q(prefix)

    def group_fields(self, prefix=""):
        return [] if self.national else [f"{prefix}{_PROVINCE}"]

    def key(self, row, prefix=""):
        return None if self.national else row[f"{prefix}{_PROVINCE}"]


def _report_rows(first, last, national):
    prefix = "organization__states__"
    scope = Q() if national else _provinces_q(prefix)
    group = [] if national else [f"{prefix}{_PROVINCE}"]
    rows = (
        AnnualReport.objects.filter(Q(in_force=True, year__gte=first, year__lte=last) & in_force(YearEnd("year"), prefix) & scope)
        .annotate(good_fair=v2.good_fair())
        .values(*group, "year", kind=F("organization__kind")).annotate(**REPORT_SUMS, **v2.report_aggregates())
        .order_by()
    )
    out = []
    for row in rows:
        p = None if national else row[group[0]]
        out.append(YearReports(year=row["year"], province_id=p, kind=row["kind"],
                               v2=v2.stored_sums(row), **{k: row[k] or 0 for k in REPORT_SUMS}))
    return out


def _count_rows(first, last, national):
    """YearCounts rows: the on-time counts and the rating counts, each one query grouped by year."""
    area = _Provinces(national)
    on_time = v2.on_time_counts(area, first, last)
    windowed = {w.year for w in ReportingWindow.objects.filter(year__gte=first, year__lte=last)}
    ratings = v2.rating_counts(area, YearEnd("year"), (first, last), by_year=True)
    rows = []
    for p, y in set(on_time) | set(ratings):
        submitted = on_time.get((p, y)) or {"on_time": 0, "moments": 0}
        rated = ratings.get((p, y)) or {"rated": 0, "good_fair": 0}
        rows.append(YearCounts(year=y, province_id=p, rated=rated["rated"], good_fair=rated["good_fair"],
                               **(submitted if y in windowed else {})))
    return rows


class _Units:
    """The engine's area protocol for every unit at once, grouped by the unit of the state row itself
    (not by an ancestor): the rows of :class:`UnitYearCounts`."""

    ancestors = None  # everywhere (``v2._ever_in``)

    def q(self, prefix=""):
        return Q()

    def group_fields(self, prefix=""):
        return [f"{prefix}unit"]

    def key(self, row, prefix=""):
        return row[f"{prefix}unit"]


def _unit_rows(first, last):
    """UnitYearCounts rows: the on-time counts, the rating counts (with the good/fair value-chain pair) and
    the v2 event counts by unit and year, one query each."""
    area = _Units()
    on_time = v2.on_time_counts(area, first, last)
    ratings = v2.rating_counts(area, YearEnd("year"), (first, last), by_year=True, value_chain=True)
    units_of = defaultdict(set)  # (organisation, year, type) -> the units it has such an event in
    events = defaultdict(Counter)
    rows = v2.event_organisations(area, datetime.date(first, 1, 1), datetime.date(last, 12, 31))
    for row in rows:
        u = area.key(row, vintage.TODAY.prefix)
        events[u, row["y"]][f"{row['type']}|{row['kind']}"] += 1
        units_of[row["organization_id"], row["y"], f"{row['type']}|{row['kind']}"].add(u)
    spread = defaultdict(lambda: defaultdict(list))
    for (org, y, what), units in units_of.items():
        if len(units) > 1:
            for u in units:
                spread[u, y][what].append(org)
    out = []
    for u, y in set(on_time) | set(ratings) | set(events):
        rated = ratings.get((u, y)) or {}
        out.append(UnitYearCounts(
            year=y, unit_id=u, **(on_time.get((u, y)) or {}), rated=rated.get("rated", 0),
            good_fair=rated.get("good_fair", 0), vc_gf_yes=rated.get("v_vc_gf_yes", 0),
            vc_gf_answered=rated.get("v_vc_gf_answered", 0), events=dict(events[u, y]) if (u, y) in events else None,
            spread={what: sorted(orgs) for what, orgs in spread[u, y].items()} if (u, y) in spread else None))
    return out


# The report sums kept by unit: those a series assembles, less the pair UnitYearCounts counts from the ratings.
UNIT_REPORT_SUMS = tuple(name for name in v2.ASSEMBLED_SUMS if name not in v2.RATED_VALUE_CHAIN)


def _unit_report_rows(first, last):
    """UnitYearReports rows: the v2 report sums of HTX and unions by unit, year and kind, one query."""
    prefix = vintage.TODAY.prefix
    aggregates = v2.report_aggregates()
    rows = (
        AnnualReport.objects.filter(Q(in_force=True, year__gte=first, year__lte=last, organization__kind__in=v2.REPORTING_KINDS)
                                    & in_force(YearEnd("year"), prefix))
        .values(f"{prefix}unit", "year", kind=F("organization__kind"))
        .annotate(**{name: aggregates[name] for name in UNIT_REPORT_SUMS})
        .order_by()
    )
    return [UnitYearReports(year=row["year"], unit_id=row[f"{prefix}unit"], kind=row["kind"],
                            **{name.removeprefix("v_"): row[name] for name in UNIT_REPORT_SUMS}) for row in rows]


def build(print_=None):
    """Rebuild every aggregate from the register; returns the new SummaryVersion.

    The rows are computed before the write transaction (minutes at national scale): on SQLite its
    write lock would otherwise stop every officer's write for that long ("database is locked"). The
    stamp and the fingerprint are read first, so rows computed after a write are stored under an
    older fingerprint and never taken for fresh (the next reader asks for another rebuild)."""
    global _found
    first, last = _years()
    token = answers.stamp() or ""  # before the fingerprint: a write after it changes the token
    fp = fingerprint()
    rows = []
    for national in (True, False):
        states, events = _state_rows(first, last, national)
        rows.append((states, events, list(_report_rows(first, last, national)), _count_rows(first, last, national)))
    units, unit_reports = _unit_rows(first, last), _unit_report_rows(first, last)
    with transaction.atomic():
        if connection.vendor == "postgresql":  # two rebuilds at once would both insert their rows
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_BUILD_LOCK])
        for model in (YearEndState, YearEvents, YearReports, YearCounts, UnitYearCounts, UnitYearReports, SummaryVersion):
            model.objects.all().delete()
        for states, events, reports, counts in rows:
            YearEndState.objects.bulk_create(states, batch_size=5000)
            YearEvents.objects.bulk_create(events, batch_size=5000)
            YearReports.objects.bulk_create(reports, batch_size=5000)
            YearCounts.objects.bulk_create(counts, batch_size=5000)
        UnitYearCounts.objects.bulk_create(units, batch_size=5000)
        UnitYearReports.objects.bulk_create(unit_reports, batch_size=5000)
        _found = (None, None)
        return SummaryVersion.objects.create(fingerprint=fp, stamp=token, first_year=first, last_year=last)


def _latest():
    return SummaryVersion.objects.order_by("-pk").first()


# (stamp, version): the version this process last found fresh and the register's change stamp then. While the
# stamp is the same nothing was written since, so the version is still fresh without reading it again (build()
# forgets it: the version it replaces holds the same figures, but a reader in this process gets the new one).
_found = (None, None)


def fresh_summary():
    """The SummaryVersion matching the register now, or None while a rebuild is pending.

    While the register's change stamp (:mod:`hoptac.indicators.answers`) is the one noted
    with the version, nothing was written since: fresh without the fingerprint (one
    primary-key read instead of scans of the id columns, none while the stamp is the one this
    process last found it fresh under)."""
    global _found
    token = answers.stamp()  # before the fingerprint, as in build()
    if token and _found[0] == token:
        return _found[1]
    version = _fresh(token)
    if token and version is not None:
        _found = (token, version)
    return version


def _fresh(token):
    version = _latest()
    if version is not None and token and version.stamp == token:
        return version
    current = fingerprint()
    if version is not None and version.fingerprint == current:
        if token:
            SummaryVersion.objects.filter(pk=version.pk).update(stamp=token)
        return version
    request_rebuild()
    version = _latest()  # inline tasks have rebuilt it already
    return version if version is not None and version.fingerprint == current else None


def request_rebuild():
    """Queue one rebuild of the aggregates (not another while one is queued)."""
    if not cache.add(REBUILD_REQUESTED, 1, REBUILD_REQUEST_SECONDS):
        return
    try:
        rebuild_summary.enqueue()
    except Exception:
        cache.delete(REBUILD_REQUESTED)
        raise


@task
def rebuild_summary():
    """The background task (run by ``hoptac worker``): rebuild the year-end aggregates
    when the register changed since the last build."""
    rebuild_if_stale()


def rebuild_if_stale():
    """The task's body: rebuild unless the aggregates are fresh; returns the current version."""
    cache.delete(REBUILD_REQUESTED)  # a change from now on asks for the next rebuild
    token = answers.stamp()
    version = _latest()
    if version is not None and version.fingerprint == fingerprint():
        if token:
            SummaryVersion.objects.filter(pk=version.pk).update(stamp=token)
        return version
    return build()


def covers(version, year_from, year_to, baseline_year=None):
    years = [year_from, year_to] + ([baseline_year] if baseline_year else [])
    return all(version.first_year <= y <= version.last_year for y in years)


def read(unit_pk, year_from, year_to, baseline_year=None):
    """(states {y: Counter}, events {y: Counter}, v2 events {y: Counter{(what, kind): n}},
    reports {y: {kind: sums}}, baseline {kind: sums}|None).

    Each report row also carries ``v2``: the v2 report sums (``v2.report_aggregates``) of the year and kind."""
    states, events, reports = defaultdict(Counter), defaultdict(Counter), defaultdict(dict)
    for r in YearEndState.objects.filter(province_id=unit_pk, year__gte=year_from, year__lte=year_to).values_list(
        "year", "kind", "status", "sector", "n"
    ):
        states[r[0]][r[1], r[2], r[3]] += r[4]
    events_v2 = defaultdict(Counter)
    for y, kind, est, dis, extra in YearEvents.objects.filter(
        province_id=unit_pk, year__gte=year_from, year__lte=year_to
    ).values_list("year", "kind", "established", "dissolved", "v2"):
        events[y]["established", kind] += est
        events[y]["dissolved", kind] += dis
        for what, n in extra.items():
            events_v2[y][what, kind] += n
    years = Q(year__gte=year_from, year__lte=year_to)
    if baseline_year:
        years |= Q(year=baseline_year)
    baseline = {} if baseline_year else None
    for row in YearReports.objects.filter(years, province_id=unit_pk).values("year", "kind", "v2", *REPORT_SUMS):
        if year_from <= row["year"] <= year_to:
            reports[row["year"]][row["kind"]] = row
        if row["year"] == baseline_year:
            baseline[row["kind"]] = row
    return states, events, events_v2, reports, baseline


def read_counts(unit_pk, year_from, year_to):
    """{year: {"on_time", "moments", "rated", "good_fair"}} (``YearCounts``; the on-time pair null for a
    year without a window); a year with none of these counts is absent."""
    rows = YearCounts.objects.filter(province_id=unit_pk, year__gte=year_from, year__lte=year_to).values(
        "year", "on_time", "moments", "rated", "good_fair")
    return {row.pop("year"): row for row in rows}


# The columns of UnitYearCounts summed for an area, as read_units returns them.
_UNIT_COUNT_SUMS = ("on_time", "moments", "rated", "good_fair", "vc_gf_yes", "vc_gf_answered")
_EVENTS, _REPORTS, _COUNTS = 0, 1, 2  # the parts of read_units' statement (its first column)


@functools.lru_cache(maxsize=256)
def _unit_read_sql(vendor, n_ids):
    """The one statement of :func:`read_units` for ``n_ids`` unit ids (parameters: the ids and the two years,
    three times): the rows with events, the report sums by year and kind and the counts by year, as one
    ``UNION ALL`` with a column for each (NULL in the other parts). Written once per engine and number of ids:
    no query building, compiling or value conversion by Django for each series (a third of the read's CPU on
    SQLite), and one statement instead of three (one round trip and one plan on PostgreSQL). The events part
    comes first, so that PostgreSQL takes the JSON columns' type from it; the sums and their NULLs are BIGINT (a
    PostgreSQL SUM of a BIGINT is NUMERIC, and NULLs alone would be taken for text)."""
    q = connection.ops.quote_name
    where = f"{q('unit_id')} IN ({', '.join(['%s'] * n_ids)}) AND {q('year')} >= %s AND {q('year')} <= %s"
    counts, reports = q(UnitYearCounts._meta.db_table), q(UnitYearReports._meta.db_table)
    report_columns = [name.removeprefix("v_") for name in UNIT_REPORT_SUMS]
    report_sums = [f"CAST(SUM({q(c)}) AS BIGINT)" for c in report_columns]
    count_sums = [f"CAST(SUM({q(c)}) AS BIGINT)" for c in _UNIT_COUNT_SUMS]
    no_reports, no_counts = ["CAST(NULL AS BIGINT)"] * len(report_sums), ["CAST(NULL AS BIGINT)"] * len(count_sums)
    parts = [
        (_EVENTS, ["NULL", *no_reports, *no_counts, q("events"), q("spread")],
         counts, f" AND {q('events')} IS NOT NULL", ""),
        (_REPORTS, [q("kind"), *report_sums, *no_counts, "NULL", "NULL"], reports, "", f" GROUP BY {q('year')}, {q('kind')}"),
        (_COUNTS, ["NULL", *no_reports, *count_sums, "NULL", "NULL"], counts, "", f" GROUP BY {q('year')}"),
    ]
    return " UNION ALL ".join(f"SELECT {part}, {q('year')}, {', '.join(columns)} FROM {table} WHERE {where}{extra}{group}"
                              for part, columns, table, extra, group in parts)


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def read_units(area, year_from, year_to):
    """(on-time {year: counts}, ratings {year: counts}, v2 events {year: Counter{(what, kind): n}}, v2 report
    sums {(year, kind): sums}) of ``area`` (the engine's area of a unit, or of its territory: ``ids()`` are
    the units of its state rows), summed from ``UnitYearCounts`` and ``UnitYearReports``; as the engine's live
    queries give them for that area (:func:`v2.on_time_counts`, :func:`v2.rating_counts` with the
    value-chain pair, :func:`v2.event_counts`, and the columns :data:`UNIT_REPORT_SUMS` of the reports of HTX
    and unions). An organisation counted in several of the units (``spread``) counts once. One statement
    (:func:`_unit_read_sql`), its rows read as the database gives them."""
    on_time, ratings, events, sums = {}, {}, defaultdict(Counter), {}
    ids = area.ids()
    if not ids:
        return on_time, ratings, events, sums
    n_reports = len(UNIT_REPORT_SUMS)
    with connection.cursor() as cursor:
        cursor.execute(_unit_read_sql(connection.vendor, len(ids)), [*ids, year_from, year_to] * 3)
        rows = cursor.fetchall()
    seen = defaultdict(Counter)
    for row in rows:
        part, y = row[0], row[1]
        if part == _REPORTS:
            sums[y, row[2]] = dict(zip(UNIT_REPORT_SUMS, row[3:3 + n_reports]))
        elif part == _COUNTS:
            s_on_time, s_moments, s_rated, s_good_fair, s_vc_yes, s_vc_answered = row[3 + n_reports:-2]
            if s_moments is not None:  # a year with a window and a submission in one of the units
                on_time[y] = {"on_time": s_on_time, "moments": s_moments}
            if s_rated:
                ratings[y] = {"rated": s_rated, "good_fair": s_good_fair, "v_vc_gf_yes": s_vc_yes,
                              "v_vc_gf_answered": s_vc_answered}
        else:
            for key, n in _json(row[-2]).items():
                event_type, _, kind = key.partition("|")
                events[y][v2.what_of(event_type), kind] += n
            for key, orgs in (_json(row[-1]) or {}).items():
                seen[y, key].update(orgs)
    for (y, key), orgs in seen.items():
        event_type, _, kind = key.partition("|")
        events[y][v2.what_of(event_type), kind] -= sum(n - 1 for n in orgs.values())
    return on_time, ratings, events, sums
