"""Benchmark: generating the province's review report in each format (goal: < 3 s each).

    HOPTAC_DATA_DIR=/tmp/bench-reports .venv/bin/python benchmarks/report_speed.py [--repeat 3]
        [--unit 31 --year 2021 --since 2002-01-01 --baseline-year 2001]

Uses the configured database; when it holds no organisation, the Hải Phòng
demo register (2001–2025) is imported first (not timed). Each run times the
whole path an officer waits for: gathering the indicators from the engine,
building the document and rendering the file. Prints one line per format
with the best and median time of the runs, and the split of the last run.
"""

import argparse
import datetime
import os
import statistics
import sys
import time


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    import django

    django.setup()
    from hoptac.cli import ensure_database

    ensure_database()


def load_demo_if_empty():
    from hoptac.registry.models import Organization

    if Organization.objects.exists():
        return False
    from hoptac.demo.generator import generate
    from hoptac.registry.interchange import import_tables

    started = time.perf_counter()
    import_tables(generate(), source="demo")
    print(f"imported the demo register in {time.perf_counter() - started:.1f} s (not timed below)", file=sys.stderr)
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unit", default="31")
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--since", default="2002-01-01")
    parser.add_argument("--baseline-year", type=int, default=2001)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--goal", type=float, default=3.0, help="seconds allowed per report")
    args = parser.parse_args(argv)
    setup()
    load_demo_if_empty()

    from hoptac.reports import builder, charts
    from hoptac.reports.data import collect
    from hoptac.reports.services import renderer

    since = datetime.date.fromisoformat(args.since)
    # A cold run: the first report of a process also loads fonts and python-docx templates, and the
    # first after a data change lets the engine refresh its yearly summary.
    t0 = time.perf_counter()
    data = collect(args.unit, args.year, since=since, baseline_year=args.baseline_year)
    t1 = time.perf_counter()
    renderer("pdf")(builder.build(data, "vi"))
    t2 = time.perf_counter()
    print(f"cold first report (PDF): data {t1 - t0:.3f} s, build and render {t2 - t1:.3f} s (not counted below)")
    print(f"province report: unit {args.unit}, year {args.year}, since {since}, baseline {args.baseline_year}, "
          f"{args.repeat} warm runs per format")
    failed = False
    for fmt in ("docx", "pdf", "xlsx"):
        times = []
        for _ in range(args.repeat):
            charts.svg_to_png.cache_clear()  # every run rasterises its charts afresh
            t0 = time.perf_counter()
            data = collect(args.unit, args.year, since=since, baseline_year=args.baseline_year)
            t1 = time.perf_counter()
            document = builder.build(data, "vi")
            t2 = time.perf_counter()
            content = renderer(fmt)(document)
            t3 = time.perf_counter()
            times.append(t3 - t0)
        best, median = min(times), statistics.median(times)
        verdict = "ok" if max(times) < args.goal else "SLOW"
        failed |= verdict != "ok"
        print(f"{fmt:5s} best {best:6.3f} s  median {median:6.3f} s  worst {max(times):6.3f} s  "
              f"(last: data {t1 - t0:.3f} s, build {t2 - t1:.3f} s, render {t3 - t2:.3f} s; "
              f"{len(content):,} bytes)  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
