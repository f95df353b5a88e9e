"""The full single-date set of a province at national scale, warm, on SQLite and PostgreSQL (issue 18, point 3).

    .venv/bin/python benchmarks/single_date.py --sqlite DATA_DIR [--pg URL --pg-data-dir DIR] [--calls 100]

For each backend, in one process with the project's own settings (``hoptac.settings``, the
data directory's database): ``engine.compute`` for province 31 on 31/12/2021 (period from
1/1/2002, baseline 2001), every v1 and v2 indicator, ``--calls`` warm calls of each of

* ``computed``: the engine computing the answer (remembered answers switched off,
  ``answers.ENABLED = False``): the baseline, measured in the same run;
* ``remembered``: the answer as users get it — read under the register's change stamp
  (:mod:`hoptac.indicators.answers`): one primary-key read plus a copy of the answer;

interleaved call by call, so that a busy moment of the machine falls on both. Prints median and
95th percentile of wall and CPU time per call, the ratio, and checks that both give the same values.
Goal: p95 < 10 ms. The registers are those of ``national.py`` (see benchmarks/README.md).
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WARM = r"""
import datetime, json, os, statistics, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
import django
django.setup()
from hoptac.geo.models import Unit
from hoptac.indicators import answers, engine
D = datetime.date
calls = int(sys.argv[1])
unit = Unit.objects.resolve("31", D(2021, 12, 31))
args = (unit, D(2021, 12, 31), D(2002, 1, 1), 2001)

def one(enabled):
    answers.ENABLED = enabled
    t, c = time.perf_counter(), time.process_time()
    values = engine.compute(*args)
    return (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000, values

computed_values = one(False)[2]  # warm: imports, connection, plans
remembered_values = one(True)[2]
runs = {"computed": ([], []), "remembered": ([], [])}
for _ in range(calls):
    for name, enabled in (("computed", False), ("remembered", True)):
        wall, cpu, values = one(enabled)
        runs[name][0].append(wall)
        runs[name][1].append(cpu)
        assert values == computed_values, name

def p95(xs):
    xs = sorted(xs)
    return xs[max(0, round(0.95 * len(xs)) - 1)]

out = {name: {"median_ms": statistics.median(w), "p95_ms": p95(w), "cpu_median_ms": statistics.median(c),
              "cpu_p95_ms": p95(c)} for name, (w, c) in runs.items()}
out["same"] = remembered_values == computed_values
out["codes"] = len(computed_values)
print(json.dumps(out))
"""


def run(label, env, calls):
    env = {**env, "DJANGO_SETTINGS_MODULE": "hoptac.settings"}
    done = subprocess.run([sys.executable, "-c", WARM, str(calls)], env=env, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"single_date: {label} failed\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", help="data directory of the SQLite register (national.py)")
    parser.add_argument("--pg", help="PostgreSQL URL of the register (national.py with DATABASE_URL)")
    parser.add_argument("--pg-data-dir", help="data directory used with --pg (cache, secret key)")
    parser.add_argument("--calls", type=int, default=100)
    args = parser.parse_args()
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "HOPTAC_DATA_DIR")}
    backends = []
    if args.sqlite:
        backends.append(("SQLite", {**base, "HOPTAC_DATA_DIR": args.sqlite}))
    if args.pg:
        backends.append(("PostgreSQL", {**base, "DATABASE_URL": args.pg,
                                         "HOPTAC_DATA_DIR": args.pg_data_dir or args.sqlite or "/tmp/hoptac-single-date"}))
    if not backends:
        raise SystemExit("single_date: give --sqlite DIR and/or --pg URL")
    results = {label: run(label, env, args.calls) for label, env in backends}
    print(f"\nsingle-date set of 31 on 31/12/2021 (since 1/1/2002, baseline 2001), {args.calls} warm calls each, "
          "interleaved, in one process")
    print(f"{'backend':<11} {'answer':<11} {'median ms':>10} {'p95 ms':>8} {'CPU median':>11} {'CPU p95':>8}")
    for label, r in results.items():
        for name in ("computed", "remembered"):
            x = r[name]
            print(f"{label:<11} {name:<11} {x['median_ms']:>10.2f} {x['p95_ms']:>8.2f} {x['cpu_median_ms']:>11.2f} "
                  f"{x['cpu_p95_ms']:>8.2f}")
        ratio = r["computed"]["p95_ms"] / r["remembered"]["p95_ms"]
        print(f"{label:<11} p95 computed / remembered: {ratio:.0f}×; values {'same' if r['same'] else 'DIFFER'} "
              f"({r['codes']} codes); goal p95 < 10 ms: {'met' if r['remembered']['p95_ms'] < 10 else 'NOT met'}")
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    return 0 if all(r["same"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
