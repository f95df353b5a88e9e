"""Benchmark: the checks between figures as the Department set them (``report_checks.run``, reading the
settings through ``in_force()``) against the code table they replaced (the same checks, their code
defaults, the law's minimum), on the same rows in the same run.

    HOPTAC_DATA_DIR=/tmp/bench-checks .venv/bin/python benchmarks/check_settings.py [--rows N] [--rounds R]

What an upload of N rows pays per row for the checks being data: rounds interleaved,
process CPU time (user + system), median of the rounds; also the queries the N rows ran.
"""

import argparse
import os
import random
import statistics
import tempfile
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("HOPTAC_DATA_DIR", tempfile.mkdtemp(prefix="bench-checks-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    import django

    django.setup()
    from hoptac.cli import ensure_database

    ensure_database()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hoptac.registry import report_checks

    rng = random.Random(22)
    rows = []
    for _ in range(args.rows):
        members = rng.randint(3, 200)
        official = rng.randint(1, members)
        workers = rng.randint(1, 100)
        rows.append(({"members": members, "members_official": official, "members_associate": members - official,
                      "workers": workers, "workers_regular": rng.randint(0, workers), "revenue": rng.randint(0, 9000),
                      "revenue_with_members": rng.randint(0, 9000)},
                     {"members": rng.randint(3, 200), "revenue": rng.randint(1, 9000)}, rng.randint(2015, 2025)))

    def configured():
        n = 0
        for figures, last_year, year in rows:
            n += len(report_checks.run(figures, year=year, kind="htx", last_year=last_year))
        return n

    def code_table():  # the baseline: the code's checks as written, the law's minimum, no settings read
        n = 0
        for figures, last_year, year in rows:
            minimum = report_checks.law_minimum(year)
            for check in report_checks.CHECKS:
                before = last_year.get(check.left[0]) if check.op == "change" else None
                if check.op == "change" and before is None:
                    continue
                if check.broken(figures, year, minimum=minimum, before=before):
                    shown = {k: str(v) for k, v in check.values(figures).items()}
                    shown.update(year=str(year), minimum=str(minimum), kind="htx", before=str(before),
                                 factor=str(check.factor))
                    n += len(str(check.message % shown)) > 0
        return n

    times = {"configured": [], "code table": []}
    for _ in range(args.rounds):
        for name, fn in (("code table", code_table), ("configured", configured)):
            start = time.process_time()
            found = fn()
            times[name].append(time.process_time() - start)
    with CaptureQueriesContext(connection) as queries:
        configured()
    base, new = statistics.median(times["code table"]), statistics.median(times["configured"])
    print(f"rows {args.rows}, rounds {args.rounds}, broken checks found {found}")
    print(f"code table (baseline): {base:.3f} s CPU ({1e6 * base / args.rows:.2f} µs/row)")
    print(f"configured (in_force): {new:.3f} s CPU ({1e6 * new / args.rows:.2f} µs/row), ratio {new / base:.2f}")
    print(f"queries for {args.rows} rows: {len(queries)}")


if __name__ == "__main__":
    main()
