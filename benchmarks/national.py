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
import csv
import datetime
import os
import random
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
TERMINAL = {"dissolved", "converted", "merged"}
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
VN = datetime.timezone(datetime.timedelta(hours=7))
RECORDING_LAG_DAYS = 90  # an event is recorded 0 to 90 days after its date (vintages, SPEC §3)


def recorded_on(date, lag):
    """The moment an event dated ``date`` was recorded, ``lag`` days later at 9:00 in Việt Nam (never after NOW)."""
    return min(datetime.datetime.combine(date + datetime.timedelta(days=lag), datetime.time(9), tzinfo=VN), NOW)


def approved_for(year):
    """The moment a report for ``year`` was approved: 31 March of the next year, 17:00 in Việt Nam."""
    return min(datetime.datetime(year + 1, 3, 31, 17, tzinfo=VN), NOW)


def setup():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


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


def history(rng, established, unit, sector, siblings):
    """A valid event sequence after establishment: [(type, date, unit, sector)]."""
    events, status, date = [], "active", established
    while True:
        date = date + datetime.timedelta(days=rng.randint(200, 4000))
        if date > LAST_DATE or status in TERMINAL:
            return events
        roll = rng.random()
        if roll < 0.5:
            return events
        if status == "active":
            choice = rng.choices(
                ["suspended", "stopped", "dissolved", "converted", "merged", "relocated", "reclassified", "renamed"],
                [22, 10, 30, 3, 3, 12, 12, 8],
            )[0]
        elif status == "suspended":
            choice = rng.choices(["resumed", "stopped", "dissolved"], [40, 20, 40])[0]
        else:  # stopped
            choice = rng.choices(["resumed", "dissolved"], [25, 75])[0]
        if choice == "relocated":
            if date >= REFORM or len(siblings) < 2:
                continue
            unit = rng.choice(siblings)
            events.append(("relocated", date, unit, ""))
        elif choice == "reclassified":
            sector = rng.choice(SECTORS)
            events.append(("reclassified", date, None, sector))
        elif choice == "renamed":
            events.append(("renamed", date, None, ""))
        else:
            events.append((choice, date, None, ""))
            status = {"resumed": "active"}.get(choice, choice)


def generate(n, seed):
    from hoptac.registry.lifecycle import Step, intervals, state_versions

    rng = random.Random(seed)
    lags = random.Random(seed + 1)  # recording moments: a stream of their own, the register stays the same
    recorded, versions = [], []
    units, old_communes, new_communes, province_of, by_old_district = load_units()
    kinds = [k for k, w in KINDS for _ in range(w)]
    orgs, events, states, reports = [], [], [], []
    for i in range(1, n + 1):
        kind = rng.choice(kinds)
        established = random_date(rng, D(1995, 1, 1), D(2025, 10, 31))
        if established < REFORM:
            commune = rng.choice(old_communes)
            siblings = by_old_district[commune.parent_id]
        else:
            commune, siblings = rng.choice(new_communes), []
        sector = "" if rng.random() < 0.05 else ("credit" if kind == "qtdnd" else rng.choice(SECTORS))
        name = f"{kind.upper()} {commune.name} {i}"
        code = f"N{i:07d}"
        steps = [Step("established", established, commune.pk, sector, name)]
        events.append((i, "established", established, commune.pk, sector, name))
        first_event = len(events) - 1
        for etype, date, unit, esector in history(rng, established, commune, sector, siblings):
            uid = unit.pk if unit is not None else None
            ename = f"{name} (mới)" if etype == "renamed" else ""
            steps.append(Step(etype, date, uid, esector, ename))
            events.append((i, etype, date, uid, esector, ename))
        moments = [recorded_on(e[2], lags.randrange(RECORDING_LAG_DAYS + 1)) for e in events[first_event:]]
        moments = [max(moments[:k + 1]) for k in range(len(moments))]  # recorded in the order of their dates
        recorded.extend(moments)
        history_rows = [(e[1], e[2], e[3], e[4], e[5], None, m, None) for e, m in zip(events[first_event:], moments)]
        for row, since, until in state_versions(i, kind, history_rows):
            versions.append((*row, since, until))
        spans = intervals(steps)
        for k, (start, status, unit, ssector, sname) in enumerate(spans):
            end = spans[k + 1][0] if k + 1 < len(spans) else None
            states.append((i, kind, start, end, status, unit, ssector, sname))
        final = spans[-1]
        orgs.append((i, code, kind, established, final[4], final[2], final[3], final[1], commune.pk, sector, name))
        # Reports for each year the organisation existed at year end.
        size = rng.lognormvariate(3.0, 0.8)
        rate = 0.95 if kind in ("htx", "lhhtx") else 0.8
        k = 0
        for year in range(max(FIRST_YEAR, established.year), LAST_YEAR + 1):
            end = D(year, 12, 31)
            while k + 1 < len(spans) and spans[k + 1][0] <= end:
                k += 1
            if spans[k][1] in TERMINAL:
                break
            if rng.random() > rate:
                continue
            growth = 1 + (year - 2001) * 0.04
            members = max(1, int(size * rng.uniform(0.7, 1.3)))
            workers = max(0, int(members * rng.uniform(0.05, 0.3)))
            revenue = None if rng.random() < 0.05 else round(size * 100 * growth * rng.uniform(0.5, 1.5), 2)
            income = None if workers == 0 else round(15 * growth * rng.uniform(0.6, 1.4), 2)
            value_added = round((revenue or 0) * 0.2, 2)
            reports.append((i, year, members, workers, revenue, round((revenue or 0) * 0.05, 2), income, value_added))
    return units, province_of, orgs, events, states, reports, recorded, versions


def _columns(model, values):
    """Every concrete column of ``model``: the given values, else the field default or NULL."""
    cols, fill = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key and f.column not in values:
            continue  # let the database number the rows
        cols.append(f.column)
        if f.column in values:
            fill.append(values[f.column])
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fill.append(NOW)
        else:
            fill.append(f.get_default())  # "" for a blank text column, None for a nullable one
    return cols, fill


def rows_for(model, names, rows):
    """(columns, iterator of tuples) for ``rows`` giving the columns ``names``."""
    cols, template = _columns(model, {n: None for n in names})
    positions = [cols.index(n) for n in names]

    def gen():
        for row in rows:
            out = list(template)
            for p, v in zip(positions, row):
                out[p] = v
            yield tuple(out)

    return cols, gen()


def _sqlite_value(v):
    """A value as Django stores it in SQLite: dates ISO, date-times in UTC without offset ("YYYY-MM-DD HH:MM:SS")."""
    if isinstance(v, datetime.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(datetime.UTC).replace(tzinfo=None)
        return v.isoformat(" ")
    if isinstance(v, datetime.date):
        return v.isoformat()
    return v


def bulk_insert(model, names, rows):
    from django.db import connection

    cols, tuples = rows_for(model, names, rows)
    table = model._meta.db_table
    col_sql = ", ".join(f'"{c}"' for c in cols)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            with cur.cursor.copy(f'COPY "{table}" ({col_sql}) FROM STDIN') as copy:
                for t in tuples:
                    copy.write_row(t)
    else:
        raw = connection.connection
        marks = ", ".join("?" for _ in cols)
        adapt = lambda t: tuple(_sqlite_value(v) for v in t)  # noqa: E731
        raw.executemany(f'INSERT INTO "{table}" ({col_sql}) VALUES ({marks})', (adapt(t) for t in tuples))


def write_database(orgs, events, states, reports, recorded, versions):
    from django.db import connection, transaction

    from hoptac.registry.models import AnnualReport, Event, Organization, OrganizationState, OrganizationStateVersion

    connection.ensure_connection()
    if connection.vendor == "sqlite":
        connection.connection.execute("PRAGMA synchronous = OFF")
    with transaction.atomic():
        for model in (AnnualReport, OrganizationState, OrganizationStateVersion, Event, Organization):
            model.objects.all()._raw_delete(model.objects.db)
        bulk_insert(Organization, ["id", "code", "kind", "established_on", "name", "unit_id", "sector", "status"],
                    ((i, code, kind, est, name, unit, sector, status) for i, code, kind, est, name, unit, sector, status, *_ in orgs))
        bulk_insert(Event, ["id", "organization_id", "type", "date", "unit_id", "sector", "name", "recorded_at"],
                    ((n, *e, m) for n, (e, m) in enumerate(zip(events, recorded), 1)))
        bulk_insert(OrganizationState, ["organization_id", "kind", "valid_from", "valid_to", "status", "unit_id", "sector", "name"], states)
        bulk_insert(OrganizationStateVersion, ["organization_id", "kind", "valid_from", "valid_to", "status", "unit_id",
                                               "sector", "name", "is_first", "recorded_at", "superseded_at"], versions)
        bulk_insert(AnnualReport, ["organization_id", "year", "revision", "status", "in_force", "members", "workers",
                                   "revenue", "profit", "income", "value_added", "approved_at"],
                    ((o, y, 1, "approved", True, m, w, r, p, inc, va, approved_for(y))
                     for o, y, m, w, r, p, inc, va in reports))
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
        if connection.vendor == "postgresql":
            for seq_table in ("registry_organization", "registry_event"):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{seq_table}', 'id'), (SELECT MAX(id) FROM {seq_table}))")


def write_files(folder, units, province_of, orgs, events, reports):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    code_of = {pk: u.code for pk, u in units.items()}
    org_code = {o[0]: o[1] for o in orgs}

    def out(name, header, rows):
        with open(folder / name, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            w.writerows(rows)

    def cell(v):
        return "" if v is None else v

    out("organizations.csv", ["code", "kind", "name", "unit", "sector", "established_on", "address", "phone", "email", "representative"],
        ((o[1], o[2], o[10], code_of[o[8]], o[9], o[3].isoformat(), "", "", "", "") for o in orgs))
    out("events.csv", ["org_code", "date", "type", "unit", "sector", "name", "document", "note"],
        ((org_code[e[0]], e[2].isoformat(), e[1], code_of[e[3]] if e[3] else "", e[4], e[5], "", "")
         for e in events if e[1] != "established"))
    out("annual_reports.csv", ["org_code", "year", "members", "workers", "revenue", "profit", "income", "value_added", "is_estimate"],
        ((org_code[r[0]], r[1], r[2], r[3], cell(r[4]), r[5], cell(r[6]), r[7], 0) for r in reports))
    out("units.csv", ["code", "regime", "province_old", "province_new"],
        ((u.code, u.regime, *province_of[pk]) for pk, u in units.items()))


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
    units, province_of, orgs, events, states, reports, recorded, versions = generate(args.orgs, args.seed)
    t1 = time.perf_counter()
    write_database(orgs, events, states, reports, recorded, versions)
    t2 = time.perf_counter()
    if args.csv:
        write_files(args.csv, units, province_of, orgs, events, reports)
    t3 = time.perf_counter()
    total = len(orgs) + len(events) + len(states) + len(versions) + len(reports)
    print(f"organisations {len(orgs):,}; events {len(events):,}; states {len(states):,}; "
          f"state versions {len(versions):,}; reports {len(reports):,}; rows {total:,}")
    print(f"generate {t1 - t0:.1f} s; database {t2 - t1:.1f} s; files {t3 - t2:.1f} s")


if __name__ == "__main__":
    main()
