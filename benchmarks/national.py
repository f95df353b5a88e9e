"""Generate a national-scale register straight into the database (and as files).

    python benchmarks/national.py [--orgs 120000] [--seed 7] [--csv DIR] --replace

Organisations are spread over every commune of the 63 provinces in force until
30/6/2025 (and the communes of the 34 provinces after it, for organisations
established later), with random but valid histories (suspensions,
resumptions, stops, dissolutions, conversions, mergers, relocations within the
province, reclassifications) and annual reports 2001–2025 for the years each
organisation existed at year end. Histories never put two events of one
organisation on the same day.

Rows go in by bulk insert (SQLite ``executemany`` with synchronous writes off,
PostgreSQL ``COPY``), together with the derived ``OrganizationState`` rows
computed by the same :func:`hoptac.registry.lifecycle.intervals` the
application uses — the importer would give the same rows, only slower.

``--csv DIR`` also writes the register in the interchange format of SPEC §4
(organizations.csv, events.csv, annual_reports.csv) plus ``units.csv`` (unit
code, regime, the old and the new province it counts under) for the DuckDB
baseline. ``--replace`` is required: the registry tables are emptied first.
"""

import argparse
import collections
import csv
import datetime
import functools
import os
import random
import sqlite3
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")

D = datetime.date
REFORM = D(2025, 7, 1)
LAST_DATE = D(2025, 12, 31)
FIRST_YEAR, LAST_YEAR = 2001, 2025
KINDS = (("htx", 60), ("tht", 30), ("qtdnd", 7), ("lhhtx", 3))
SECTORS = ("agriculture", "industry", "construction", "trade", "transport", "credit", "environment", "housing", "other")
TERMINAL = {"dissolved", "converted", "merged", "bankrupt", "consolidated", "absorbed", "divided"}
GONE = TERMINAL | {"revoked"}
STATUS_AFTER = {"suspended": "suspended", "resumed": "active", "stopped": "stopped", "reinstated": "active",
                **{t: t for t in GONE}}
V2_FROM = D(2013, 7, 1)  # the 2012 law's reorganisations and revocations: v2 events from then on
LAW_2023 = D(2024, 7, 1)  # suspensions carry their end date from the 2023 law on
V1_FROM_ACTIVE = (("suspended", 22), ("stopped", 10), ("dissolved", 30), ("converted", 3), ("merged", 3),
                  ("relocated", 12), ("reclassified", 12), ("renamed", 8))
V2_FROM_ACTIVE = (("bankrupt", 2), ("revoked", 5), ("consolidated", 2), ("absorbed", 3), ("divided", 1),
                  ("separated", 2))
SPAWNING = {"consolidated", "absorbed", "divided", "separated"}
V2_REPORTS_FROM = 2021  # the v2 figures of the yearly report (SPEC §2 v2)
V2_FIELDS = (  # registry.report_checks.V2_FIELDS (checked in setup: that module needs Django started)
    "members_official", "members_associate", "members_joined", "members_left",
    "workers_regular", "workers_members", "revenue_with_members", "charter_capital", "total_capital",
    "budget_paid", "value_chain", "high_tech", "director_trained", "managers", "managers_college", "member_htx",
)
NO_V2 = (None,) * len(V2_FIELDS)
OFFICIAL, MANAGERS = V2_FIELDS.index("members_official"), V2_FIELDS.index("managers")
RATINGS_FROM = 2018
RATINGS, RATING_WEIGHTS = ("good", "fair", "average", "weak"), (25, 35, 30, 10)
WINDOWS = {year: (D(year + 1, 1, 1), D(year + 1, 3, 15)) for year in range(2021, 2025)}  # reporting windows
VSIC = {"agriculture": ("0111", "0118", "0145", "0161", "0321"), "industry": ("1079", "1629", "3290"),
        "construction": ("4101", "4299"), "trade": ("4632", "4719"), "transport": ("4932", "4933"),
        "credit": ("6419",), "environment": ("3600", "3811"), "housing": ("4101",), "other": ("9639",)}
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
VN = datetime.timezone(datetime.timedelta(hours=7))
RECORDING_LAG_DAYS = 90  # an event is recorded 0 to 90 days after its date (vintages, SPEC §3)


def recorded_on(date, lag):
    """The moment an event dated ``date`` was recorded, ``lag`` days later at 9:00 in Việt Nam (never after NOW)."""
    return min(datetime.datetime.combine(date + datetime.timedelta(days=lag), datetime.time(9), tzinfo=VN), NOW)


@functools.cache
def approved_for(year):
    """The moment a report for ``year`` was approved: 31 March of the next year, 17:00 in Việt Nam."""
    return min(datetime.datetime(year + 1, 3, 31, 17, tzinfo=VN), NOW)


def setup():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from hoptac.registry import report_checks

    assert report_checks.V2_FIELDS == V2_FIELDS, "national.V2_FIELDS is out of step with registry.report_checks"


def load_units():
    from hoptac.geo.models import Unit, UnitClosure

    units = {u.pk: u for u in Unit.objects.all()}
    old_communes = [u for u in units.values() if u.regime == "old" and u.level == 3]
    new_communes = [u for u in units.values() if u.regime == "new" and u.level == 3]
    province_of = {}  # unit id -> (old province code, new province code)
    old_prov, new_prov = {}, {}
    for anc, desc in UnitClosure.objects.filter(ancestor__level=1).values_list("ancestor_id", "descendant_id"):
        (old_prov if units[anc].regime == "old" else new_prov)[desc] = units[anc].code
    for pk in units:
        province_of[pk] = (old_prov.get(pk, ""), new_prov.get(pk, ""))
    by_old_district = {}
    for u in old_communes:
        by_old_district.setdefault(u.parent_id, []).append(u)
    return units, old_communes, new_communes, province_of, by_old_district


def random_date(rng, start, end):
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def history(rng, established, kind, unit, sector, siblings, spawn):
    """A valid event sequence after establishment: [(type, date, unit, sector, until, successors)].

    v1's events throughout; from 1/7/2013 (the 2012 law's reorganisations) also v2's exits and
    reorganisations, and from 1/7/2024 (the 2023 law) suspensions carry their ``until``.
    ``spawn(type, date, unit, sector)`` gives the successors' ids of a reorganising event (new organisations
    established that day, or an existing one that absorbs), or None when it cannot (the event is then
    a dissolution, or a separation does not happen).
    """
    events, status, until, date = [], "active", None, established
    while True:
        date = date + datetime.timedelta(days=rng.randint(200, 4000))
        if date > LAST_DATE or status in TERMINAL:
            return events
        if status == "suspended" and until is not None and date > until:
            status, until = "active", None  # the suspension ran out by itself (SPEC §2 v2)
        if rng.random() < 0.5:
            return events
        v2 = date >= V2_FROM
        if status == "active":
            choices = V1_FROM_ACTIVE + (V2_FROM_ACTIVE if v2 else ())
            if v2 and kind == "tht":
                choices += (("converted", 12),)  # a group registering as a cooperative
        elif status == "suspended":
            choices = (("resumed", 40), ("stopped", 20), ("dissolved", 40)) + ((("revoked", 6), ("bankrupt", 3)) if v2 else ())
        elif status == "revoked":
            choices = (("reinstated", 35), ("dissolved", 65))
        else:  # stopped
            choices = (("resumed", 25), ("dissolved", 75)) + ((("revoked", 10),) if v2 else ())
        choice = rng.choices([c for c, _ in choices], [w for _, w in choices])[0]
        successors, event_until = (), None
        if choice == "relocated":
            if date >= REFORM or len(siblings) < 2:
                continue
            unit = rng.choice(siblings)
            events.append(("relocated", date, unit, "", None, ()))
            continue
        if choice == "reclassified":
            sector = rng.choice(SECTORS)
            events.append(("reclassified", date, None, sector, None, ()))
            continue
        if choice == "renamed":
            events.append(("renamed", date, None, "", None, ()))
            continue
        if choice in SPAWNING or (choice == "converted" and kind == "tht" and v2):
            successors = spawn(choice, date, unit, sector)
            if successors is None:
                if choice == "separated":
                    continue
                choice, successors = "dissolved", ()
        if choice == "suspended" and date >= LAW_2023:
            event_until = date + datetime.timedelta(days=rng.randint(60, 365))  # at most 12 months
        events.append((choice, date, None, "", event_until, tuple(successors)))
        until = event_until
        status = STATUS_AFTER.get(choice, status)


def v2_figures(rng, kind, year, size, members, workers, revenue):
    """The v2 fields of a report (SPEC §2 v2) in V2_FIELDS order, None where not answered; every
    constraint of the checks kept. A tuple: millions of reports, most of them without v2 figures."""
    if year < V2_REPORTS_FROM or kind == "tht" or rng.random() > 0.85:
        return NO_V2  # a group files members only; older reports and some newer ones have no v2 figures
    out = dict.fromkeys(V2_FIELDS)
    answered = lambda: rng.random() < 0.9  # noqa: E731
    if answered():
        out["members_official"] = max(1, round(members * rng.uniform(0.6, 1.0))) if members > 1 else members
        out["members_associate"] = members - out["members_official"]
    if answered():
        out["members_joined"] = int(members * rng.uniform(0, 0.15))
        out["members_left"] = int(members * rng.uniform(0, 0.12))
    if answered():
        out["workers_regular"] = int(workers * rng.uniform(0.4, 1.0))
        out["workers_members"] = int(out["workers_regular"] * rng.uniform(0.3, 1.0))
    if revenue is not None and answered():
        out["revenue_with_members"] = round(revenue * rng.uniform(0.2, 0.9), 2)
    if answered():
        out["charter_capital"] = round(size * rng.uniform(20, 200), 2)
        out["total_capital"] = round(out["charter_capital"] * rng.uniform(1.2, 4.0), 2)
    if revenue is not None and answered():
        out["budget_paid"] = round(revenue * rng.uniform(0, 0.03), 2)
    trend = (year - V2_REPORTS_FROM) * 0.03
    for flag, share in (("value_chain", 0.25 + trend), ("high_tech", 0.04 + trend / 3), ("director_trained", 0.6)):
        if answered():
            out[flag] = rng.random() < share
    if answered():
        out["managers"] = rng.randint(2, 7)
        out["managers_college"] = rng.randint(0, out["managers"])
    if kind == "lhhtx" and answered():
        out["member_htx"] = rng.randint(3, 15)
    return tuple(out.values())


def generate(n, seed):
    """The register of ``n`` organisations: every row the database and the files get."""
    from hoptac.registry.lifecycle import Step, intervals, state_versions

    rng = random.Random(seed)
    lags = random.Random(seed + 1)  # recording moments: a stream of their own
    units, old_communes, new_communes, province_of, by_old_district = load_units()
    kinds = [k for k, w in KINDS for _ in range(w)]
    g = Generated(units, province_of)
    pool = {}  # district (old) or province (new) -> [(id, kind, spans)] of the organisations generated there
    pending = collections.deque()  # successors to generate: (id, kind, date, commune, sector, origin)
    next_id = 1

    def spawn(kind, etype, date, unit, sector):
        nonlocal next_id
        if etype == "absorbed":
            candidates = [c for c in pool.get(unit.parent_id, ()) if c[1] == kind]
            for org_id, _kind, spans in rng.sample(candidates, min(5, len(candidates))):
                if status_on(spans, date) not in GONE:
                    return (org_id,)
            return None
        if unit.regime == "old" and date >= REFORM:
            return None  # a new organisation is established in a unit in force on its date
        count = {"divided": rng.randint(2, 3), "separated": rng.randint(1, 2)}.get(etype, 1)
        if next_id + count > n + 1:
            return None
        ids = tuple(range(next_id, next_id + count))
        next_id += count
        origin = "" if etype == "converted" else "reorganisation"  # an HTX from a THT is newly registered
        for org_id in ids:
            pending.append((org_id, "htx" if etype == "converted" else kind, date, unit.pk, sector, origin))
        return ids

    while pending or next_id <= n:
        if pending:
            i, kind, established, commune_id, sector, origin = pending.popleft()
            commune = units[commune_id]
        else:
            i, origin = next_id, ""
            next_id += 1
            kind = rng.choice(kinds)
            established = random_date(rng, D(1995, 1, 1), D(2025, 10, 31))
            commune = rng.choice(old_communes if established < REFORM else new_communes)
            sector = "" if rng.random() < 0.05 else ("credit" if kind == "qtdnd" else rng.choice(SECTORS))
        siblings = by_old_district.get(commune.parent_id, []) if commune.regime == "old" else []
        name = f"{kind.upper()} {commune.name} {i}"
        spawn_here = functools.partial(spawn, kind)
        org_events = [("established", established, commune.pk, sector, name, None, origin, ())]
        for etype, date, unit, esector, until, successors in history(rng, established, kind, commune, sector, siblings,
                                                                      spawn_here):
            uid = unit.pk if unit is not None else None
            ename = f"{name} (mới)" if etype == "renamed" else ""
            org_events.append((etype, date, uid, esector, ename, until, "", successors))
        moments = [recorded_on(e[1], lags.randrange(RECORDING_LAG_DAYS + 1)) for e in org_events]
        moments = [max(moments[:k + 1]) for k in range(len(moments))]  # recorded in the order of their dates
        for e, moment in zip(org_events, moments):
            g.events.append((i, *e[:7], moment))
            g.successors.append(e[7])
        history_rows = [(e[0], e[1], e[2], e[3], e[4], e[5], m, None) for e, m in zip(org_events, moments)]
        for row, since, until in state_versions(i, kind, history_rows):
            g.versions.append((*row, since, until))
        spans = intervals([Step(e[0], e[1], e[2], e[3], e[4], e[5]) for e in org_events])
        for k, (start, status, unit, ssector, sname) in enumerate(spans):
            end = spans[k + 1][0] if k + 1 < len(spans) else None
            g.states.append((i, kind, start, end, status, unit, ssector, sname))
        pool.setdefault(commune.parent_id, []).append((i, kind, spans))
        final = spans[-1]
        g.orgs.append((i, code_for(i, established, province_of[commune.pk]), kind, established, final[4], final[2],
                       final[3], final[1], commune.pk, sector, name, identity(rng, i, established, commune, sector, units)))
        reports_of(rng, g, i, kind, established, spans)
    g.macro = macro_rows(random.Random(seed + 2), units)
    return g


class Generated:
    """The generated register: rows in the order they are written."""

    def __init__(self, units, province_of):
        self.units, self.province_of = units, province_of
        self.orgs, self.events, self.successors, self.states, self.versions = [], [], [], [], []
        self.reports, self.ratings, self.macro = [], [], []

    def counts(self):
        return {"organisations": len(self.orgs), "events": len(self.events),
                "successor links": sum(len(s) for s in self.successors), "states": len(self.states),
                "state versions": len(self.versions), "reports": len(self.reports),
                "reports with v2 figures": sum(1 for r in self.reports if r[9][OFFICIAL] is not None
                                               or r[9][MANAGERS] is not None),
                "ratings": len(self.ratings), "macro rows": len(self.macro)}


def status_on(spans, date):
    status = None
    for start, state, *_rest in spans:
        if start > date:
            break
        status = state
    return status


def code_for(i, established, provinces):
    """The registration code: a 10-digit tax code for registrations from 2015 (integrated with the
    tax registration), an older certificate's number before."""
    province = provinces[0] or provinces[1]
    return f"{province}{i:08d}" if established.year >= 2015 else f"{province}{i:07d}HTX"


def identity(rng, i, established, commune, sector, units):
    """(legacy_number, registered_by, vsic) of SPEC §2 v2."""
    legacy = f"{i:06d}/GCN" if established.year >= 2015 and rng.random() < 0.3 else ""
    local = units[commune.parent_id]
    authority = ("Sở Kế hoạch và Đầu tư" if local.level == 1 or rng.random() < 0.3
                 else f"Phòng Tài chính – Kế hoạch {local.name}")
    vsic = rng.choice(VSIC[sector]) if sector and rng.random() < 0.7 else ""
    return legacy, authority, vsic


def reports_of(rng, g, i, kind, established, spans):
    """Reports for each year the organisation existed at year end; ratings for a share of HTX and unions."""
    size = rng.lognormvariate(3.0, 0.8)
    rate = 0.95 if kind in ("htx", "lhhtx") else 0.8
    k = 0
    for year in range(max(FIRST_YEAR, established.year), LAST_YEAR + 1):
        end = D(year, 12, 31)
        while k + 1 < len(spans) and spans[k + 1][0] <= end:
            k += 1
        if spans[k][1] in TERMINAL:
            break
        if spans[k][1] == "revoked" or rng.random() > rate:
            continue
        growth = 1 + (year - 2001) * 0.04
        members = max(1, int(size * rng.uniform(0.7, 1.3)))
        workers = max(0, int(members * rng.uniform(0.05, 0.3)))
        revenue = None if rng.random() < 0.05 else round(size * 100 * growth * rng.uniform(0.5, 1.5), 2)
        income = None if workers == 0 else round(15 * growth * rng.uniform(0.6, 1.4), 2)
        profit = round((revenue or 0) * rng.uniform(-0.03, 0.08), 2)
        value_added = round((revenue or 0) * 0.2, 2)
        submitted = None
        if kind in ("htx", "lhhtx") and year in WINDOWS:
            submitted = min(datetime.datetime(year + 1, 1, 2, 10, tzinfo=VN) + datetime.timedelta(days=rng.randint(0, 88)), NOW)
        g.reports.append((i, year, members, workers, revenue, profit, income, value_added, submitted,
                          v2_figures(rng, kind, year, size, members, workers, revenue)))
        if kind in ("htx", "lhhtx") and year >= RATINGS_FROM and rng.random() < 0.7:
            rating = rng.choices(RATINGS, RATING_WEIGHTS)[0]
            g.ratings.append((i, year, rating, min(approved_for(year) + datetime.timedelta(days=30), NOW)))


def macro_rows(rng, units):
    """GRDP, population and (for some years) the official collective-economy share of each province:
    the 63 before the reform for 2001–2024, the 34 after it for 2025."""
    rows = []
    for unit in sorted(units.values(), key=lambda u: (u.regime, u.code)):
        if unit.level != 1:
            continue
        years = range(FIRST_YEAR, LAST_YEAR) if unit.regime == "old" else (LAST_YEAR,)
        people = rng.lognormvariate(14.1, 0.5) * (1.8 if unit.regime == "new" else 1)  # ~1.3 million
        per_head = rng.uniform(6, 14)  # million VND of GRDP per person in 2001
        for year in years:
            population = int(people * (1.011 ** (year - FIRST_YEAR)))
            grdp = round(population * per_head * (1.09 ** (year - FIRST_YEAR)), 0)
            share = round(rng.uniform(2.0, 6.0), 2) if year >= 2015 and rng.random() < 0.6 else None
            rows.append((unit.pk, unit.code, year, grdp, f"Niên giám thống kê {year + 1}",
                         share, f"Cục Thống kê, {year + 1}" if share is not None else "",
                         population, f"Niên giám thống kê {year + 1}", approved_for(year)))
    return rows


def _defaults(model, names):
    """(columns, default values) of the concrete columns of ``model`` not in ``names`` (the field
    default, NOW for a moment stamped on save, NULL for a nullable one; the primary key left to the database)."""
    cols, fill = [], []
    for f in model._meta.concrete_fields:
        if f.column in names or f.primary_key:
            continue
        cols.append(f.column)
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fill.append(NOW)
        else:
            fill.append(f.get_default())  # "" for a blank text column, None for a nullable one
    return cols, tuple(fill)


@functools.cache
def _sqlite_moment(v):
    """A date-time as Django stores it in SQLite: in UTC, without offset ("YYYY-MM-DD HH:MM:SS").
    Registered as sqlite3's adapter in this process: rows go to ``executemany`` as they are, and
    the few thousand distinct moments of millions of rows are converted once each."""
    if v.tzinfo is not None:
        v = v.astimezone(datetime.UTC).replace(tzinfo=None)
    return v.isoformat(" ")


def bulk_insert(model, names, rows):
    """Insert ``rows``, tuples of the columns ``names``; the other columns take their default."""
    from django.db import connection

    rest, defaults = _defaults(model, names)
    table = model._meta.db_table
    col_sql = ", ".join(f'"{c}"' for c in (*names, *rest))
    tuples = (row + defaults for row in rows) if defaults else rows
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            with cur.cursor.copy(f'COPY "{table}" ({col_sql}) FROM STDIN') as copy:
                for t in tuples:
                    copy.write_row(t)
    else:
        marks = ", ".join("?" for _ in (*names, *rest))
        connection.connection.executemany(f'INSERT INTO "{table}" ({col_sql}) VALUES ({marks})', tuples)


def write_database(g):
    from django.db import connection, transaction

    from hoptac.registry.models import (
        AnnualReport, Event, EventSuccessor, Grdp, Organization, OrganizationState, OrganizationStateVersion,
        ReportingWindow, YearRating,
    )

    from hoptac.core.inserts import bulk_load, insert_triggers_once

    connection.ensure_connection()
    if connection.vendor == "sqlite":
        connection.connection.execute("PRAGMA synchronous = OFF")
        sqlite3.register_adapter(datetime.datetime, _sqlite_moment)
    models = (YearRating, AnnualReport, OrganizationState, OrganizationStateVersion, EventSuccessor, Event,
              Organization, Grdp, ReportingWindow)
    # The register's change stamp fires once for the load, not once per row (SQLite has no statement
    # triggers), and SQLite's page cache holds the indexes being filled.
    with transaction.atomic(), bulk_load(), insert_triggers_once(*models):
        for model in models:
            model.objects.all()._raw_delete(model.objects.db)
        bulk_insert(Organization, ["id", "code", "kind", "established_on", "name", "unit_id", "sector", "status",
                                   "legacy_number", "registered_by", "vsic"],
                    ((i, code, kind, est, name, unit, sector, status, *ident)
                     for i, code, kind, est, name, unit, sector, status, _c, _s, _n, ident in g.orgs))
        bulk_insert(Event, ["id", "organization_id", "type", "date", "unit_id", "sector", "name", "until", "origin",
                            "recorded_at"], ((n, *e) for n, e in enumerate(g.events, 1)))
        bulk_insert(EventSuccessor, ["event_id", "organization_id", "position"],
                    ((n, org, p) for n, named in enumerate(g.successors, 1) for p, org in enumerate(named)))
        bulk_insert(OrganizationState, ["organization_id", "kind", "valid_from", "valid_to", "status", "unit_id", "sector", "name"], g.states)
        bulk_insert(OrganizationStateVersion, ["organization_id", "kind", "valid_from", "valid_to", "status", "unit_id",
                                               "sector", "name", "is_first", "recorded_at", "superseded_at"], g.versions)
        bulk_insert(AnnualReport, ["organization_id", "year", "revision", "status", "in_force", "members", "workers",
                                   "revenue", "profit", "income", "value_added", "approved_at", "submitted_at",
                                   "first_submitted_at", *V2_FIELDS],
                    ((o, y, 1, "approved", True, m, w, r, p, inc, va, approved_for(y), sub, sub, *v2)
                     for o, y, m, w, r, p, inc, va, sub, v2 in g.reports))
        bulk_insert(YearRating, ["organization_id", "year", "rating", "recorded_at"], g.ratings)
        bulk_insert(Grdp, ["unit_id", "year", "grdp", "grdp_source", "grdp_share_official", "grdp_share_official_source",
                           "population", "population_source", "recorded_at"],
                    ((pk, *rest) for pk, _code, *rest in g.macro))
        bulk_insert(ReportingWindow, ["year", "opens_on", "deadline", "recorded_at"],
                    ((y, o, d, datetime.datetime.combine(o, datetime.time(8), tzinfo=VN)) for y, (o, d) in WINDOWS.items()))
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
        if connection.vendor == "postgresql":
            for seq_table in ("registry_organization", "registry_event"):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{seq_table}', 'id'), (SELECT MAX(id) FROM {seq_table}))")


def write_files(folder, g):
    """The interchange files of SPEC §4 with their v2 columns, plus ``units.csv`` for the DuckDB baseline."""
    from hoptac.registry.interchange.schema import TABLES, format_moment

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    code_of = {pk: u.code for pk, u in g.units.items()}
    org_code = {o[0]: o[1] for o in g.orgs}
    origin_of = {e[0]: e[7] for e in g.events if e[1] == "established"}
    rating_of = {(o, y): r for o, y, r, _m in g.ratings}

    def out(name, header, rows):
        with open(folder / name, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            w.writerows(rows)

    def cell(v):
        if v is None:
            return ""
        return int(v) if isinstance(v, bool) else v

    out("organizations.csv", TABLES["organizations"].columns,
        ((o[1], o[2], o[10], code_of[o[8]], o[9], o[3].isoformat(), "", "", "", "", *o[11],
          "2018" if o[11][2] else "", origin_of[o[0]], 0) for o in g.orgs))
    order = sorted(range(len(g.events)), key=lambda k: (org_code[g.events[k][0]], g.events[k][2], k))
    out("events.csv", TABLES["events"].columns,
        ((org_code[e[0]], e[2].isoformat(), e[1], code_of[e[3]] if e[3] else "", e[4], e[5], "", "",
          e[6].isoformat() if e[6] else "", ";".join(org_code[s] for s in g.successors[k]))
         for k in order for e in (g.events[k],) if e[1] != "established"))
    out("annual_reports.csv", TABLES["annual_reports"].columns,
        ((org_code[r[0]], r[1], r[2], r[3], cell(r[4]), r[5], cell(r[6]), r[7], 0,
          format_moment(r[8]) if r[8] else "", *map(cell, r[9]), rating_of.get((r[0], r[1]), ""))
         for r in g.reports))
    out("macro.csv", TABLES["macro"].columns, (m[1:-1] for m in g.macro))
    out("windows.csv", TABLES["windows"].columns, ((y, o.isoformat(), d.isoformat()) for y, (o, d) in WINDOWS.items()))
    out("units.csv", ["code", "regime", "province_old", "province_new"],
        ((u.code, u.regime, *g.province_of[pk]) for pk, u in g.units.items()))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=150_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--csv", help="also write the interchange files here")
    parser.add_argument("--replace", action="store_true", help="empty the registry tables first (required)")
    args = parser.parse_args(argv)
    if not args.replace:
        parser.error("--replace is required: the registry tables of the configured database are emptied")
    setup()
    t0 = time.perf_counter()
    g = generate(args.orgs, args.seed)
    t1 = time.perf_counter()
    write_database(g)
    t2 = time.perf_counter()
    if args.csv:
        write_files(args.csv, g)
    t3 = time.perf_counter()
    counts = g.counts()
    print("; ".join(f"{name} {n:,}" for name, n in counts.items()))
    print(f"generate {t1 - t0:.1f} s; database {t2 - t1:.1f} s; files {t3 - t2:.1f} s")


if __name__ == "__main__":
    main()
