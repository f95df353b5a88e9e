"""The indicators' series with and without the v2 indicators, on the same register in the same run.

    python benchmarks/series_v2.py [--orgs 40000,150000] [--backends sqlite,postgresql] [--pg URL]
                                   [--work DIR] [--repeat 5] [--units 31,VN]

Issue 21's goal: the series benchmark of the indicators issue (``indicators_bench.py``: 2001–2025,
baseline 2001, province 31 and the whole country) re-run with the v2 indicators is no slower than
1.2× the v1 figure measured in the same run. Reads the registers ``indicators_bench.py`` generated
(run it, or ``benchmarks/run``, first; the same options). For each register and backend, one process
with the project's settings times ``engine.series`` in process, warm, the v1-only and the v1+v2
computations interleaved (median of ``--repeat``):

* v1 only: the v2 aggregates (``_series_extra``: v2 events, report fields and ratings by year) and
  the on-time counts (``reports.on_time_pct``, v2) are replaced by empty ones, the v2 columns left
  out of the report query and the year-end aggregates' on-time and rating counts not read, so only
  the v1 queries run;
* v1 + v2: the engine as it is (the v2 report sums in v1's report query; with the year-end
  aggregates, the v2 report sums and events read from them with v1's, and the on-time and rating
  counts read from them);
* v1 + v2 "before": the same with the v2 report sums in a second pass over the reports
  (``v2.report_sums``) and the v2 events queried live (``v2.event_counts``), as it was before
  they joined v1's query and the year-end aggregates, and the on-time counts one query per year with
  a reporting window (``_on_time_counts``), and the rating counts queried live, for the before/after
  of the same run.

``--units`` takes ``CODE[@TERRITORY_OF][:FIRST-LAST]``: by default province 31 and the country, a
district before the reform and a commune after it, each plain and on a territory (``territory_of``).

Each both with the year-end aggregates (what users get: a province or the country reads them whole;
a district, a commune or a territory runs v1's live queries and reads its v2 counts and v2 report
sums from the aggregates by unit, ``UnitYearCounts`` and ``UnitYearReports``) and with the live
queries only (``use_summary=False``).
In both v1 columns the aggregates by unit are not read (v1 never had them). Remembered answers are
not used; the aggregates' freshness is checked by the register's change stamp, as for users
(``--fingerprint``: by the fingerprint, answers off altogether, as until round 3). Prints the ratio
and writes ``WORK/series_v2.json``.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
GOAL = 1.2

CHILD = """
import json, os, statistics, sys, time
from collections import Counter
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
import django
django.setup()
from django.db import connection
from hoptac.indicators import answers, engine

repeat = int(sys.argv[1])
if sys.argv[3] == "stamp":  # the engine itself, never a remembered answer; freshness by the change stamp
    answers.remember = lambda name, parts, compute_: compute_()
else:  # answers off altogether: every freshness check computes the aggregates' fingerprint
    answers.ENABLED = False
TICK = os.sysconf("SC_CLK_TCK")
SERVER = None  # PostgreSQL: the /proc stat file of this connection's server process (same machine)
if connection.vendor == "postgresql":
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        SERVER = f"/proc/{cur.fetchone()[0]}/stat"


def cpu():  # seconds of CPU of this process, plus its PostgreSQL server process (to 1/TICK s)
    own = time.process_time()
    if SERVER is None:
        return own
    fields = open(SERVER).read().rpartition(")")[2].split()
    return own + (int(fields[11]) + int(fields[12])) / TICK


REAL = {name: getattr(engine, name)
        for name in ("_series_extra", "_series_v2_columns", "_summary_v2_sums", "_summary_v2_events", "_series_on_time",
                     "_summary_counts", "_unit_counts") if hasattr(engine, name)}  # main's code may lack the last


def v1_only_extra(area, year_from, year_to, vt=None, sums=None, events=None, ratings=None, value_chain=False):
    return {y: (Counter(), {}, None) for y in range(year_from, year_to + 1)}


def no_v2_columns(vt=None):
    return {}, {}


def no_on_time(*args):  # reports.on_time_pct is a v2 indicator (the registers now have windows)
    return {}


def on_time_per_year(area, year_from, year_to, vt=engine.vintage.TODAY):  # a query per windowed year, as before
    return {y: engine._on_time_counts(area, y, w, vt).get(None) for y, w in engine._windows(year_from, year_to, vt).items()}


def no_counts(*args):  # the year-end aggregates' on-time and rating counts (v2) not read
    return {}, {}


def live_counts(unit_pk, year_from, year_to):  # before: the on-time and rating counts queried live
    area = engine._Area(None if unit_pk is None else (unit_pk,))
    ratings = engine.v2.rating_counts(area, engine.YearEnd("year"), (year_from, year_to), by_year=True)
    return on_time_per_year(area, year_from, year_to), ratings


def separate_pass(*args):  # the aggregates' v2 sums and events ignored: _series_extra queries them itself
    return None


def no_unit_counts(*args):  # the aggregates by unit (v2 counts of a district, commune or territory) not read
    return None


MODES = {
    "v1": {"_series_extra": v1_only_extra, "_series_v2_columns": no_v2_columns, "_series_on_time": no_on_time,
           "_summary_counts": no_counts, "_unit_counts": no_unit_counts},
    "v1v2": {},
    "before": {"_series_v2_columns": no_v2_columns, "_summary_v2_sums": separate_pass,
               "_summary_v2_events": separate_pass, "_series_on_time": on_time_per_year, "_summary_counts": live_counts,
               "_unit_counts": no_unit_counts},
}


def parse(spec):  # CODE[@TERRITORY_OF][:FIRST-LAST] -> (code, territory_of date or None, first, last)
    spec, _, years = spec.partition(":")
    code, _, territory = spec.partition("@")
    first, last = map(int, (years or "2001-2025").split("-"))
    return code, engine.parse_territory(territory) if territory else None, first, last


def run(spec, use_summary, mode):
    code, territory_of, first, last = parse(spec)
    for name, value in MODES[mode].items():
        if name in REAL:
            setattr(engine, name, value)
    try:
        t, c = time.perf_counter(), cpu()
        engine.series(code, first, last, 2001, use_summary=use_summary, territory_of=territory_of)
        return (time.perf_counter() - t) * 1000, (cpu() - c) * 1000
    finally:
        for name, value in REAL.items():
            setattr(engine, name, value)


out = {}
for code in sys.argv[2].split(","):
    for use_summary in (True, False):  # the aggregates where fresh (by province, or by unit), and live queries only
        run(code, use_summary, "v1"), run(code, use_summary, "v1v2")  # warm both
        only, both, before = [], [], []
        for _ in range(repeat):  # interleaved, so that a slow moment of the machine falls on all
            only.append(run(code, use_summary, "v1"))
            both.append(run(code, use_summary, "v1v2"))
            before.append(run(code, use_summary, "before"))
        med = lambda runs, i: statistics.median(r[i] for r in runs)
        out[f"{code} {'aggregates' if use_summary else 'live queries'}"] = {
            "v1_ms": med(only, 0), "v1_v2_ms": med(both, 0), "v1_v2_before_ms": med(before, 0),
            "v1_cpu_ms": med(only, 1), "v1_v2_cpu_ms": med(both, 1), "v1_v2_before_cpu_ms": med(before, 1)}
print(json.dumps(out))
"""


def main():
    from indicators_bench import env_for

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", default="40000,150000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg", default="postgresql://root@127.0.0.1:5432/hoptac_bench")
    parser.add_argument("--work", default="/tmp/hoptac-bench")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--units", default="31,VN,315:2001-2024,315@2025-06-30,11755,11755@2025-12-31",
                        help="the series to time, comma-separated: CODE[@TERRITORY_OF][:FIRST-LAST] (default 2001-2025); "
                             "the default: province 31, the country, district Tiên Lãng (315, until 2024) and on its "
                             "territory of 30/6/2025, commune Tiên Lãng (11755) and on its territory of 31/12/2025")
    parser.add_argument("--fingerprint", action="store_true",
                        help="answers off altogether (as until round 3), so that each series checks the aggregates' "
                             "freshness by their fingerprint; by default only the answers are not remembered and the "
                             "register's change stamp stands in for the fingerprint, as for users")
    parser.add_argument("--reuse", action="store_true", help="accepted for benchmarks/run; the data is always reused")
    parser.add_argument("--series-only", action="store_true", help="accepted for benchmarks/run")
    args = parser.parse_args()
    results, worst = {}, 0.0
    print(f"\nseries 2001–2025 in process, v1 only vs v1+v2 (median of {args.repeat}, interleaved); goal ≤ {GOAL}×")
    print(f"{'register':<22} {'series':<22} {'v1':>9} {'v1+v2':>9} {'ratio':>7}   {'before':>9} {'ratio':>7}   "
          f"{'CPU v1':>9} {'v1+v2':>9} {'ratio':>7}  (wall; CPU of this process and, on PostgreSQL, of its server process)")
    for orgs in (int(n) for n in args.orgs.split(",")):
        work = Path(args.work) / str(orgs)
        for backend in args.backends.split(","):
            if not (work / backend / "generated").exists():
                print(f"{orgs:,} {backend}: no register (run benchmarks/indicators_bench.py first)")
                continue
            env = env_for(backend, work, f"{args.pg}_{orgs}")
            done = subprocess.run([sys.executable, "-c", CHILD, str(args.repeat), args.units,
                                   "fingerprint" if args.fingerprint else "stamp"], env=env, capture_output=True,
                                  text=True, cwd=HERE.parent)
            if done.returncode:
                raise SystemExit(done.stderr[-3000:])
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            results[f"{orgs} {backend}"] = figures
            for name, f in figures.items():
                ratio = f["v1_v2_ms"] / f["v1_ms"]
                worst = max(worst, ratio)
                print(f"{f'{orgs:,} {backend}':<22} {name:<22} {f['v1_ms']:>7.0f}ms {f['v1_v2_ms']:>7.0f}ms "
                      f"{ratio:>6.2f}×   {f['v1_v2_before_ms']:>7.0f}ms {f['v1_v2_before_ms'] / f['v1_ms']:>6.2f}×   "
                      f"{f['v1_cpu_ms']:>7.0f}ms {f['v1_v2_cpu_ms']:>7.0f}ms {f['v1_v2_cpu_ms'] / f['v1_cpu_ms']:>6.2f}×",
                      flush=True)
    load = os.getloadavg()
    print(f"worst wall ratio {worst:.2f}× ({'within' if worst <= GOAL else 'OVER'} the {GOAL}× goal); "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    Path(args.work).mkdir(parents=True, exist_ok=True)
    (Path(args.work) / "series_v2.json").write_text(json.dumps(results, indent=2))
    return 0  # a figure, not a test: benchmarks/run goes on


if __name__ == "__main__":
    sys.exit(main())
