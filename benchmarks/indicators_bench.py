"""Indicator benchmark on SQLite and PostgreSQL, with DuckDB as the baseline.

    python benchmarks/indicators_bench.py [--orgs 40000,150000] [--backends sqlite,postgresql] [--pg URL]
                                          [--work DIR] [--reuse]

For each size and backend: generates the national register (``national.py``;
skipped with ``--reuse`` when the data is there), then measures

* the 2001–2025 series for one province (31) and for the whole country (VN),
  whole process, exactly as a user runs it: the installed ``hoptac`` entry point
  with the project's own settings, ``hoptac indicators --unit U --years 2001-2025
  --baseline-year 2001 --format json`` run as a fresh process, in rounds interleaved
  with DuckDB's (median of 3), wall time and the process's CPU time;
* the full single-date set for the province (31 on 2021-12-31, S 2002-01-01,
  B 2001): median and 95th percentile over 100 warm calls in one process;
* the rebuild of the year-end aggregates (``hoptac manage indicators_refresh``,
  done once after the load) and, for information, the same series in process
  from the aggregates and from the live queries;

and, in the same run, DuckDB computing the same series from the exported
files (``duckdb_baseline.py``, Parquet, whole process, median of 3; once from
the CSV files too). Every engine series is compared value by value with
DuckDB's. Results are printed and written to ``WORK/results.json``. ``--series-only``
(with ``--reuse``, the aggregates fresh from an earlier run) measures the series only.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
HOPTAC = str(Path(PYTHON).with_name("hoptac"))
YEARS = "2001-2025"
UNITS = ("31", "VN")

WARM = """
import datetime, json, os, statistics, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
import django
django.setup()
from hoptac.geo.models import Unit
from hoptac.indicators.engine import compute, series
D = datetime.date
unit = Unit.objects.resolve("31", D(2021, 12, 31))
compute(unit, D(2021, 12, 31), D(2002, 1, 1), 2001)
times, cpu = [], []
for _ in range(100):
    t, c = time.perf_counter(), time.process_time()
    compute(unit, D(2021, 12, 31), D(2002, 1, 1), 2001)
    times.append((time.perf_counter() - t) * 1000)
    cpu.append((time.process_time() - c) * 1000)
times.sort()
cpu.sort()
inproc, live = {}, {}
for code in ("31", "VN"):
    series(code, 2001, 2025, 2001)
    t = time.perf_counter()
    series(code, 2001, 2025, 2001)
    inproc[code] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    series(code, 2001, 2025, 2001, use_summary=False)
    live[code] = (time.perf_counter() - t) * 1000
# Vintages (SPEC §3): the same single-date set and the 24-year series as recorded at a past moment,
# beside today's answer measured in this same process (the series of today also from the live queries).
from zoneinfo import ZoneInfo
R = datetime.datetime(2022, 6, 30, 23, 59, 59, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
R_SERIES = datetime.datetime(2025, 6, 30, 23, 59, 59, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
compute(unit, D(2021, 12, 31), D(2002, 1, 1), 2001, as_recorded=R)
vintage = []
for _ in range(100):
    t = time.perf_counter()
    compute(unit, D(2021, 12, 31), D(2002, 1, 1), 2001, as_recorded=R)
    vintage.append((time.perf_counter() - t) * 1000)
vintage.sort()
vintage_series, today_series = {}, {}
for code in ("31", "VN"):
    runs, live_runs = [], []
    for _ in range(3):
        t = time.perf_counter()
        series(code, 2001, 2024, 2001, as_recorded=R_SERIES)
        runs.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        series(code, 2001, 2024, 2001, use_summary=False)
        live_runs.append((time.perf_counter() - t) * 1000)
    vintage_series[code], today_series[code] = statistics.median(runs), statistics.median(live_runs)
print(json.dumps({"median_ms": statistics.median(times), "p95_ms": times[94],
                  "as_recorded_median_ms": statistics.median(vintage), "as_recorded_p95_ms": vintage[94],
                  "series24_as_recorded_ms": vintage_series, "series24_live_today_ms": today_series,
                  "cpu_median_ms": statistics.median(cpu), "cpu_p95_ms": cpu[94],
                  "series_in_process_ms": inproc, "series_live_queries_ms": live}))
"""


def env_for(backend, work, pg_url):
    """The environment of a user's shell: the data directory and the database, nothing else set."""
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the command's own default, hoptac.settings
    env["HOPTAC_DATA_DIR"] = str(work / backend)
    if backend == "postgresql":
        env["DATABASE_URL"] = pg_url
    else:
        env.pop("DATABASE_URL", None)
    return env


def ensure_pg_database(url):
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as con:
        if not con.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            con.execute(f'CREATE DATABASE "{name}"')


def run_once(cmd, env):
    """(wall seconds, CPU seconds of the process and its children, stdout) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stdout


def timed(cmd, env, repeat=3, out=None):
    times, stdout = [], ""
    for _ in range(repeat):
        wall, _cpu, stdout = run_once(cmd, env)
        times.append(wall)
    if out:
        Path(out).write_text(stdout)
    return statistics.median(times), stdout


def interleaved(commands, repeat=3):
    """{name: (median wall, median CPU, stdout)} of ``commands`` ({name: (cmd, env)}) run in turn,
    ``repeat`` rounds: a slow moment of a shared machine falls on all of them alike."""
    runs = {name: [] for name in commands}
    for _ in range(repeat):
        for name, (cmd, env) in commands.items():
            runs[name].append(run_once(cmd, env))
    return {name: (statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs), rs[-1][2])
            for name, rs in runs.items()}


def compare(ours, duck):
    """Number of values that differ (floats to 1e-9 relative)."""
    bad = 0
    for a, b in zip(json.loads(ours)["series"], json.loads(duck)["series"]):
        for code, vb in b["values"].items():
            va = a["values"][code]
            if code == "grdp.share_pct":
                continue  # the files carry no GRDP
            if isinstance(va, float) and isinstance(vb, float):
                bad += abs(va - vb) > 1e-9 * max(1.0, abs(vb))
            else:
                bad += va != vb
    return bad


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", default="40000,150000", help="register sizes, comma-separated")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg", default="postgresql://root@127.0.0.1:5432/hoptac_bench",
                        help="PostgreSQL database (one per size: the size is appended to its name)")
    parser.add_argument("--work", default="/tmp/hoptac-bench")
    parser.add_argument("--reuse", action="store_true", help="keep the generated data when it is there")
    parser.add_argument("--series-only", action="store_true",
                        help="with --reuse: only the series against DuckDB (no rebuild of the aggregates, which must "
                             "be fresh from an earlier run, and no single-date or in-process figures)")
    args = parser.parse_args()
    everything = {}
    for orgs in (int(n) for n in args.orgs.split(",")):
        print(f"\n=== {orgs:,} organisations ===", flush=True)
        everything[orgs] = measure(orgs, Path(args.work) / str(orgs), f"{args.pg}_{orgs}", args)
    (Path(args.work) / "results.json").write_text(json.dumps(everything, indent=2))


def measure(orgs, work, pg_url, args):
    files = work / "files"
    results = {"orgs": orgs, "backends": {}}
    for n, backend in enumerate(args.backends.split(",")):
        env = env_for(backend, work, pg_url)
        (work / backend).mkdir(parents=True, exist_ok=True)
        if backend == "postgresql":
            ensure_pg_database(pg_url)
        marker = work / backend / "generated"
        if not (args.reuse and marker.exists()):
            cmd = [PYTHON, str(HERE / "national.py"), "--orgs", str(orgs), "--replace"]
            if n == 0 or not files.exists():
                cmd += ["--csv", str(files)]
            t = time.perf_counter()
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
            if done.returncode:
                raise SystemExit(done.stderr[-3000:])
            print(f"[{backend}] {done.stdout.strip()} (total {time.perf_counter() - t:.0f} s)", flush=True)
            marker.write_text(done.stdout)
        res = {"generated": marker.read_text().strip()}
        results["backends"][backend] = res
        if args.series_only:
            continue
        t = time.perf_counter()
        subprocess.run([HOPTAC, "manage", "indicators_refresh"], env=env, check=True, capture_output=True, cwd=ROOT)
        res["aggregates_build_s"] = time.perf_counter() - t
        done = subprocess.run([PYTHON, "-c", WARM], env=env, capture_output=True, text=True, cwd=ROOT)
        if done.returncode:
            raise SystemExit(done.stderr[-3000:])
        res.update(json.loads(done.stdout))
        print(f"[{backend}] {json.dumps(res)}", flush=True)
    if not (files / "organizations.parquet").exists() or not args.reuse:
        subprocess.run([PYTHON, str(HERE / "duckdb_baseline.py"), str(files), "--prepare"], check=True)
    # The command as users run it on each backend and DuckDB from Parquet, in interleaved rounds
    # (median of 3), wall and CPU time of the whole process (PostgreSQL's server CPU is not in it).
    duck = {}
    for unit in UNITS:
        duck_cmd = [PYTHON, str(HERE / "duckdb_baseline.py"), str(files), "--unit", unit, "--years", YEARS,
                    "--baseline-year", "2001"]
        commands = {"duckdb": (duck_cmd, dict(os.environ))}
        for backend in results["backends"]:
            commands[backend] = ([HOPTAC, "indicators", "--unit", unit, "--years", YEARS, "--baseline-year", "2001",
                                  "--format", "json"], env_for(backend, work, pg_url))
        timings = interleaved(commands)
        for backend, res in results["backends"].items():
            wall, cpu, out = timings[backend]
            (work / backend / f"series_{unit}.json").write_text(out)
            res[f"series_{unit}_s"], res[f"series_{unit}_cpu_s"] = wall, cpu
        csv_seconds, _ = timed([*duck_cmd, "--csv"], dict(os.environ), repeat=1)
        wall, cpu, out = timings["duckdb"]
        duck[unit] = {"parquet_s": wall, "parquet_cpu_s": cpu, "csv_s": csv_seconds, "output": out}
    results["duckdb"] = {u: {k: v for k, v in d.items() if k != "output"} for u, d in duck.items()}
    print("\nseries 2001–2025 (whole process, median of 3 interleaved rounds) and single-date set for 31 (100 warm calls)")
    print(f"{'':12} {'series 31':>10} {'series VN':>10} {'x DuckDB':>14} {'CPU 31':>8} {'CPU VN':>8} {'x DuckDB CPU':>14} "
          f"{'median':>8} {'p95':>8}  check")
    for backend, res in results["backends"].items():
        ratio = "/".join(f"{res[f'series_{u}_s'] / duck[u]['parquet_s']:.2f}" for u in UNITS)
        cpu_ratio = "/".join(f"{res[f'series_{u}_cpu_s'] / duck[u]['parquet_cpu_s']:.2f}" for u in UNITS)
        checks = []
        for u in UNITS:
            bad = compare((work / backend / f"series_{u}.json").read_text(), duck[u]["output"])
            res[f"mismatches_{u}"] = bad
            checks.append(f"{u}:{'same' if not bad else f'{bad} differ'}")
        single = f"{res['median_ms']:>6.1f}ms {res['p95_ms']:>6.1f}ms" if "median_ms" in res else f"{'-':>8} {'-':>8}"
        print(f"{backend:12} {res['series_31_s']:>9.2f}s {res['series_VN_s']:>9.2f}s {ratio:>14} "
              f"{res['series_31_cpu_s']:>7.2f}s {res['series_VN_cpu_s']:>7.2f}s {cpu_ratio:>14} "
              f"{single}  {' '.join(checks)}")
    load = os.getloadavg()
    results["load_average"] = load
    print(f"load average during the run: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    if args.series_only:
        for u in UNITS:
            print(f"duckdb {u:5} parquet {duck[u]['parquet_s']:.2f}s (CPU {duck[u]['parquet_cpu_s']:.2f}s), "
                  f"csv {duck[u]['csv_s']:.2f}s")
        (work / "results.json").write_text(json.dumps(results, indent=2))
        return results
    for backend, res in results["backends"].items():
        print(f"{backend}: single-date CPU time of this process median {res['cpu_median_ms']:.1f} ms, "
              f"p95 {res['cpu_p95_ms']:.1f} ms (SQLite runs in process; PostgreSQL's server time is not in it)")
    for backend, res in results["backends"].items():
        print(f"{backend}: aggregates rebuilt in {res['aggregates_build_s']:.1f} s; series in process "
              + ", ".join(f"{u} {res['series_in_process_ms'][u]:.0f} ms (live queries {res['series_live_queries_ms'][u]:.0f} ms)"
                          for u in UNITS))
    for backend, res in results["backends"].items():
        print(f"{backend}: vintages (as recorded at a past moment, same process): single-date median "
              f"{res['as_recorded_median_ms']:.1f} ms (p95 {res['as_recorded_p95_ms']:.1f}) against today's "
              f"{res['median_ms']:.1f} ms (x{res['as_recorded_median_ms'] / res['median_ms']:.2f}); series 2001–2024 "
              + ", ".join(f"{u} {res['series24_as_recorded_ms'][u]:.0f} ms against today's live "
                          f"{res['series24_live_today_ms'][u]:.0f} ms "
                          f"(x{res['series24_as_recorded_ms'][u] / res['series24_live_today_ms'][u]:.2f})"
                          for u in UNITS))
    for u in UNITS:
        print(f"duckdb {u:5} parquet {duck[u]['parquet_s']:.2f}s (CPU {duck[u]['parquet_cpu_s']:.2f}s), csv {duck[u]['csv_s']:.2f}s")
    (work / "results.json").write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
