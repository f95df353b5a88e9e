"""Benchmark: import a 40,000-organisation register (about 300,000 annual reports).

Generates a deterministic register as CSV files in a temporary folder (Hải
Phòng's and a few other provinces' pre-reform districts, some lifecycle
events), then in the same run:

* times merely reading those files with Python's csv module (the floor);
* times ``hoptac import FOLDER`` into a fresh SQLite database, as a user runs it
  (a separate process: start-up, checks, validation, writes, state rebuild);
* when DATABASE_URL names a PostgreSQL server, does the same into a fresh,
  temporary database on that server (created and dropped by this script), and
  adds the CPU of the server's process for the command's connection (read from
  ``/proc`` while it runs).

The database is migrated once per code: each import starts from a copy of that
empty, migrated database (the SQLite file copied, ``CREATE DATABASE … TEMPLATE``),
so ``--repeats`` are cheap; the import itself is the command exactly as users run it.
With ``--baseline SRC`` (another hoptac source tree, e.g. ``main``'s from ``git archive``),
each round times the csv read, that tree's import and this one's, interleaved,
and the medians are printed.

With ``--compare-with SRC`` (a source tree of hoptac, e.g. ``main``'s from ``git archive``), it
first imports a small register (``--compare-organizations``, default 300) with that code and with
this one, into fresh databases of each kind, and checks that the tables the import writes hold the
same rows (ids included; the moments of writing, which differ between two runs, left out).

With ``--rows-only``, each round also writes the register rows this code's import wrote again, into
another copy of the empty database, by the database alone, in one transaction (SQLite: ``INSERT …
SELECT`` from the imported file, attached, in the order of ids, the change stamp's insert triggers
dropped as the import does; PostgreSQL: ``COPY … FROM STDIN`` of the rows' text, committed, so the
deferred foreign-key checks run): the database's own share of any import that writes those rows into
this schema, with no reading, checking or converting.

Usage: python benchmarks/import_register.py [--organizations N] [--repeats N] [--baseline SRC] [--keep]
       [--compare-with SRC] [--rows-only]
"""

import argparse
import csv
import datetime
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROVINCES = (31, 1, 22, 30, 34)  # Hải Phòng, Hà Nội, Quảng Ninh, Hải Dương, Thái Bình (pre-reform codes)
KINDS = (("htx", 70), ("tht", 20), ("qtdnd", 6), ("lhhtx", 4))
SECTORS = ("agriculture", "industry", "construction", "trade", "transport", "credit", "environment", "housing", "other", "")
LAST_YEAR = 2024
FIRST_REPORT_YEAR = 2016


def districts():
    """Pre-reform district codes of the chosen provinces, from the installed vietnam-provinces package."""
    from vietnam_provinces.legacy.base import District

    by_province = {}
    for d in District.iter_all():
        if int(d.province_code) in PROVINCES:
            by_province.setdefault(int(d.province_code), []).append(f"{int(d.code):03d}")
    return by_province


def random_date(rng, start, end):
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def generate(folder, n, seed=2021):
    """Write organizations.csv, events.csv and annual_reports.csv; return row counts."""
    rng = random.Random(seed)
    units = districts()
    provinces = sorted(units)
    weights = [5 if p == 31 else 1 for p in provinces]
    kinds = [k for k, w in KINDS for _ in range(w)]
    orgs, events, reports = [], [], []
    for i in range(n):
        province = rng.choices(provinces, weights)[0]
        unit = rng.choice(units[province])
        kind = rng.choice(kinds)
        established = random_date(rng, datetime.date(1997, 1, 1), datetime.date(LAST_YEAR, 6, 30))
        code = f"{province:02d}-{i:06d}"
        sector = "credit" if kind == "qtdnd" else rng.choice(SECTORS)
        orgs.append([code, kind, f"{kind.upper()} thử nghiệm số {i}", unit, sector, established.isoformat(),
                     f"Số {i % 200 + 1}, thôn {i % 17 + 1}", f"0225 3{i:06d}", "", f"Nguyễn Văn {i % 97}"])
        last_year = LAST_YEAR
        if rng.random() < 0.18:  # some history
            day = established
            step = lambda: random_date(rng, day + datetime.timedelta(days=30), day + datetime.timedelta(days=900))
            story = rng.choice([
                ["relocated"], ["reclassified"], ["renamed"], ["suspended", "resumed"],
                ["suspended", "stopped", "dissolved"], ["dissolved"], ["renamed", "relocated"],
            ])
            for kind_of_event in story:
                day = step()
                if day > datetime.date(2025, 6, 30):
                    break
                row = [code, day.isoformat(), kind_of_event, "", "", "", f"{i}/QĐ-UBND", ""]
                if kind_of_event == "relocated":
                    row[3] = rng.choice(units[province])
                elif kind_of_event == "reclassified":
                    row[4] = rng.choice(SECTORS[:-1])
                elif kind_of_event == "renamed":
                    row[5] = f"{kind.upper()} đổi tên số {i}"
                events.append(row)
                if kind_of_event == "dissolved":
                    last_year = day.year
        for year in range(max(established.year, FIRST_REPORT_YEAR), last_year + 1):
            workers = rng.randrange(0, 60)
            reports.append([code, year, rng.randrange(7, 400), workers, f"{rng.randrange(0, 2_000_000) / 100:.2f}",
                            f"{rng.randrange(-5_000, 50_000) / 100:.2f}", f"{rng.randrange(2_000, 9_000) / 100:.1f}",
                            rng.randrange(0, 5_000), int(rng.random() < 0.1)])
    tables = {
        "organizations": ("code,kind,name,unit,sector,established_on,address,phone,email,representative", orgs),
        "events": ("org_code,date,type,unit,sector,name,document,note", events),
        "annual_reports": ("org_code,year,members,workers,revenue,profit,income,value_added,is_estimate", reports),
    }
    for name, (header, rows) in tables.items():
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header.split(","))
            writer.writerows(rows)
    return {name: len(rows) for name, (_, rows) in tables.items()}


def time_reading(folder):
    """(wall seconds, CPU seconds, rows) of reading every file with csv.DictReader."""
    start, cpu = time.perf_counter(), time.process_time()
    rows = 0
    for path in sorted(folder.glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows += sum(1 for _ in csv.DictReader(handle))
    return time.perf_counter() - start, time.process_time() - cpu, rows


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_hoptac(args, env):
    return subprocess.run([sys.executable, "-m", "hoptac.cli", *args], env=env, capture_output=True, text=True)


def migrate(env, label):
    prepared = run_hoptac(["manage", "migrate", "--verbosity", "0"], env)
    if prepared.returncode:
        sys.exit(f"{label}: migrate failed:\n{prepared.stderr}")


class ServerCpu(threading.Thread):
    """The CPU seconds of the PostgreSQL server's processes serving ``database`` while the thread runs.

    Polls ``/proc`` (every 20 ms): a backend's last reading before it exits is what is counted, so
    a few milliseconds may be missed. Zero when the server's processes cannot be read.
    """

    def __init__(self, database):
        super().__init__(daemon=True)
        self.marker = f" {database} ".encode()
        self.ticks = {}
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            self.poll()
            self.done.wait(0.02)
        self.poll()

    def poll(self):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/cmdline", "rb") as handle:
                    if self.marker not in handle.read().replace(b"\0", b" ") + b" ":
                        continue
                with open(f"/proc/{entry.name}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            self.ticks[entry.name] = int(fields[11]) + int(fields[12])  # utime + stime

    def seconds(self):
        self.done.set()
        self.join()
        return sum(self.ticks.values()) / os.sysconf("SC_CLK_TCK")


def time_import(folder, env, label):
    """(wall seconds, CPU seconds of the command, CPU seconds of the database server, summary) of one import."""
    database = urlsplit(env["DATABASE_URL"]).path.strip("/") if env.get("DATABASE_URL") else None
    server = ServerCpu(database) if database else None
    if server:
        server.start()
    start, cpu = time.perf_counter(), children_cpu()
    done = run_hoptac(["import", str(folder)], env)
    elapsed, cpu = time.perf_counter() - start, children_cpu() - cpu
    server_cpu = server.seconds() if server else 0.0
    if done.returncode:
        sys.exit(f"{label}: import failed:\n{done.stderr[-3000:]}")
    return elapsed, cpu, server_cpu, done.stdout.strip()


def postgres_database(url, tag="import", template=None):
    """Create a throw-away database next to the one DATABASE_URL names (a copy of ``template``, when
    given); return its URL and a cleanup."""
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.strip('/') or 'hoptac'}_{tag}_{os.getpid()}"  # beside DATABASE_URL's, with its prefix
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))

    def drop():
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


class EmptyDatabase:
    """A migrated, empty database of one kind for one source tree (``path``, None for this one), copied
    for each import: the SQLite file of its data folder, or a PostgreSQL template."""

    def __init__(self, work, label, url, who, path):
        self.work, self.url, self.who = work, url, who
        self.env = dict(os.environ, HOPTAC_DATA_DIR=str(work / f"template-{label.lower()}-{who}"))
        self.env.pop("DATABASE_URL", None)
        if path:
            self.env["PYTHONPATH"] = os.pathsep.join([path, self.env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        self.drop = None
        if url:
            self.env["DATABASE_URL"], self.drop = postgres_database(url, f"template_{who}")
        migrate(self.env, f"{label} ({who})")
        self.copies = 0

    def copy(self):
        """(environment of a fresh copy, its cleanup)."""
        self.copies += 1
        env = dict(self.env, HOPTAC_DATA_DIR=str(self.work / f"data-{self.who}-{self.copies}"))
        shutil.copytree(self.env["HOPTAC_DATA_DIR"], env["HOPTAC_DATA_DIR"])
        cleanup = lambda: shutil.rmtree(env["HOPTAC_DATA_DIR"], ignore_errors=True)  # noqa: E731
        if self.url:
            template = urlsplit(self.env["DATABASE_URL"]).path.strip("/")
            env["DATABASE_URL"], drop = postgres_database(self.url, f"{self.who}_{self.copies}", template)

            def cleanup():
                drop()
                shutil.rmtree(env["HOPTAC_DATA_DIR"], ignore_errors=True)
        return env, cleanup

    def close(self):
        if self.drop:
            self.drop()


# The tables an import writes, compared row by row by --compare-with.
WRITTEN = ("registry_organization", "registry_event", "registry_eventsuccessor", "registry_annualreport",
           "registry_organizationstate", "registry_organizationstateversion", "registry_yearrating",
           "registry_grdp", "registry_target", "registry_reportingwindow", "accounts_auditentry")


def _moment(column):
    """Columns holding the moment a row was written (or derived from it): not comparable between runs."""
    return column == "at" or column.endswith("_at") or "hash" in column


# The register's tables among them, parents first: what --rows-only writes again.
REGISTER = tuple(t for t in WRITTEN if t.startswith("registry_"))


def connect(env, **options):
    """A DB-API connection to the database ``env`` names (the SQLite file of its data folder by default)."""
    url = env.get("DATABASE_URL")
    if url:
        import psycopg

        return psycopg.connect(url, **options)
    import sqlite3

    return sqlite3.connect(Path(env["HOPTAC_DATA_DIR"]) / "hoptac.sqlite3", **options)


def dump_tables(env):
    """{table: (columns, rows ordered by id)} of :data:`WRITTEN` in the database ``env`` names."""
    tables = {}
    with connect(env) as conn:
        for table in WRITTEN:
            cursor = conn.cursor()
            cursor.execute(f"SELECT * FROM {table} ORDER BY id")
            names = [d[0] for d in cursor.description]
            keep = [i for i, n in enumerate(names) if not _moment(n)]
            tables[table] = ([names[i] for i in keep], [tuple(str(row[i]) for i in keep) for row in cursor.fetchall()])
    return tables


def time_rows_only(written, empty):
    """(CPU seconds of this process, CPU seconds of the database server) of writing the rows of
    :data:`REGISTER` in the database ``written`` names into the empty one ``empty`` names, in one
    transaction, by the database alone (see the module docstring)."""
    if empty.get("DATABASE_URL"):
        with connect(written) as conn:
            texts = {}
            for table in REGISTER:
                with conn.cursor().copy(f"COPY (SELECT * FROM {table} ORDER BY id) TO STDOUT") as copy:
                    texts[table] = b"".join(copy)
        server = ServerCpu(urlsplit(empty["DATABASE_URL"]).path.strip("/"))
        server.start()
        cpu = time.thread_time()  # this thread's: the server's poller runs in this process
        with connect(empty) as conn:  # commits when the block ends: the deferred foreign-key checks run
            for table, text in texts.items():
                with conn.cursor().copy(f"COPY {table} FROM STDIN") as copy:
                    copy.write(text)
        return time.thread_time() - cpu, server.seconds()
    conn = connect(empty, isolation_level=None)
    try:
        # The pragmas of hoptac's connection and of its bulk load (core.inserts.BULK_CACHE_KIB).
        for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON", "cache_size = -262144"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("ATTACH DATABASE ? AS written", (str(Path(written["HOPTAC_DATA_DIR"]) / "hoptac.sqlite3"),))
        cpu = time.process_time()
        conn.execute("BEGIN")
        triggers = conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'trigger' "
                                "AND name LIKE 'hoptac_stamp_%_insert'").fetchall()
        for (name,) in triggers:
            conn.execute(f'DROP TRIGGER main."{name}"')
        for table in REGISTER:
            # ORDER BY: row by row through the indexes, as an import writes (a bare SELECT * into an empty
            # table of the same shape would copy the pages whole).
            conn.execute(f"INSERT INTO main.{table} SELECT * FROM written.{table} ORDER BY id")
        conn.execute("COMMIT")
        return time.process_time() - cpu, 0.0
    finally:
        conn.close()


def compare_with(reference, work, n, targets):
    """Import a register of ``n`` organisations with the code at ``reference`` and with this code; exit when
    the written tables differ."""
    folder = work / "compare"
    folder.mkdir()
    counts = generate(folder, n, seed=2022)
    for label, url in targets:
        dumps = {}
        for who, path in (("reference", str(Path(reference).resolve())), ("this code", None)):
            env = dict(os.environ, HOPTAC_DATA_DIR=str(work / f"compare-{label.lower()}-{who.split()[0]}"))
            env.pop("DATABASE_URL", None)
            if path:
                env["PYTHONPATH"] = os.pathsep.join([path, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
            cleanup = None
            if url:
                env["DATABASE_URL"], cleanup = postgres_database(url, f"{who.split()[0]}_{label.lower()}")
            try:
                migrate(env, f"{label} ({who})")
                time_import(folder, env, f"{label} ({who})")
                dumps[who] = dump_tables(env)
            finally:
                if cleanup:
                    cleanup()
        differ = [t for t in WRITTEN if dumps["reference"][t] != dumps["this code"][t]]
        rows = sum(len(r) for _c, r in dumps["this code"].values())
        if differ:
            sys.exit(f"{label}: the import writes different rows than the reference in {', '.join(differ)}")
        print(f"{label}: same {rows:,} rows as the reference code in {len(WRITTEN)} tables "
              f"({counts['organizations']} organisations, {counts['events']} events, "
              f"{counts['annual_reports']} reports)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organizations", type=int, default=40_000)
    parser.add_argument("--repeats", type=int, default=1, help="rounds of (csv read, baseline import, import)")
    parser.add_argument("--baseline", metavar="SRC", help="a hoptac source tree whose import is timed in the same rounds")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--compare-with", metavar="SRC", help="a hoptac source tree whose import must write the same rows")
    parser.add_argument("--compare-organizations", type=int, default=300)
    parser.add_argument("--rows-only", action="store_true",
                        help="also time writing the rows the import wrote, by the database alone")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hoptac-bench-"))
    folder = work / "register"
    folder.mkdir()
    targets = [("SQLite", None)]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        targets.append(("PostgreSQL", os.environ["DATABASE_URL"]))
    codes = [("this", None)]
    if options.baseline:
        codes.insert(0, ("baseline", str(Path(options.baseline).resolve())))
    try:
        if options.compare_with:
            compare_with(options.compare_with, work, options.compare_organizations, targets)
        start = time.perf_counter()
        counts = generate(folder, options.organizations)
        print(f"generated {counts['organizations']:,} organisations, {counts['events']:,} events, "
              f"{counts['annual_reports']:,} annual reports in {time.perf_counter() - start:.1f} s "
              f"({sum(p.stat().st_size for p in folder.iterdir()) / 2**20:.1f} MiB of CSV)")

        for label, url in targets:
            empties = {who: EmptyDatabase(work, label, url, who, path) for who, path in codes}
            figures = {who: [] for who in ("reading", *empties, *(("rows only",) if options.rows_only else ()))}
            try:
                for round_ in range(1, options.repeats + 1):
                    # The floor is measured again in each round: on a shared machine the load moves.
                    reading, reading_cpu, rows = time_reading(folder)
                    figures["reading"].append((reading, reading_cpu, 0.0))
                    print(f"{label} round {round_}: reading the CSV files (csv.DictReader, {rows:,} rows): "
                          f"{reading:.2f} s (CPU {reading_cpu:.2f} s)")
                    for who, empty in empties.items():
                        env, cleanup = empty.copy()
                        try:
                            elapsed, cpu, server_cpu, summary = time_import(folder, env, f"{label} ({who})")
                            print(f"  hoptac import ({who} code) into a fresh {label} database: {elapsed:.1f} s, CPU of "
                                  f"the command {cpu:.2f} s + server {server_cpu:.2f} s, ratio {cpu / reading_cpu:.1f}× "
                                  f"CPU ({(cpu + server_cpu) / reading_cpu:.1f}× with the server) — {summary}")
                            if options.rows_only and who == "this":
                                target, drop = empty.copy()
                                try:
                                    rows_cpu, rows_server = time_rows_only(env, target)
                                finally:
                                    drop()
                                figures["rows only"].append((0.0, rows_cpu, rows_server))
                                print(f"  the same rows written by the database alone: CPU {rows_cpu:.2f} s "
                                      f"+ server {rows_server:.2f} s, {(rows_cpu + rows_server) / reading_cpu:.1f}× "
                                      f"the read with the server")
                        finally:
                            cleanup()
                        figures[who].append((elapsed, cpu, server_cpu))
            finally:
                for empty in empties.values():
                    empty.close()
            median = {who: [statistics.median(f[i] for f in runs) for i in range(3)] for who, runs in figures.items()}
            floor = median["reading"][1]
            print(f"{label}, median of {options.repeats} (load {os.getloadavg()[0]:.1f}): reading CPU {floor:.2f} s")
            for who in empties:
                wall, cpu, server_cpu = median[who]
                print(f"  {who} code: wall {wall:.1f} s, CPU {cpu:.2f} s + server {server_cpu:.2f} s: "
                      f"{cpu / floor:.1f}× the read ({(cpu + server_cpu) / floor:.1f}× with the server)")
            if options.rows_only:
                _wall, cpu, server_cpu = median["rows only"]
                print(f"  the rows alone (--rows-only): CPU {cpu:.2f} s + server {server_cpu:.2f} s: "
                      f"{(cpu + server_cpu) / floor:.1f}× the read with the server")
    finally:
        if options.keep:
            print(f"files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
