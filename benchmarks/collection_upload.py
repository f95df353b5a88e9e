"""Benchmark: checking and saving a 100,000-row annual-report workbook, against
merely reading it with python-calamine, in the same run.

    HOPTAC_DATA_DIR=/tmp/bench-collection .venv/bin/python benchmarks/collection_upload.py [--rows N]

Uses the configured database (default: a fresh SQLite file in the data
directory; set DATABASE_URL for PostgreSQL). It creates N organisations
directly (the benchmark measures the upload, not the register), writes the
workbook in the template's columns, then times: (1) calamine reading the sheet,
(2) the full check (shape, cells, codes, scope, existing reports, preview),
(3) the all-or-nothing save, which checks again and writes every report and
its step in one transaction. Prints the figures and the ratios.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("HOPTAC_DATA_DIR", tempfile.mkdtemp(prefix="bench-collection-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        from indicators_bench import ensure_pg_database

        ensure_pg_database(os.environ["DATABASE_URL"])  # created when missing, as benchmarks/run asks
    import django

    django.setup()
    from hoptac.cli import ensure_database

    ensure_database()
    from django.conf import settings

    settings.HOPTAC_UPLOAD_MAX_BYTES = 200 * 1024 * 1024

    from django.contrib.auth.models import User
    from python_calamine import CalamineWorkbook

    from hoptac.accounts.models import Profile
    from hoptac.collection import upload
    from hoptac.collection.excel import KEYS, SHEET, labels
    from hoptac.geo.models import Unit
    from hoptac.registry.models import AnnualReport, Organization

    n = args.rows
    unit = Unit.objects.resolve("303", datetime.date(2021, 12, 31))
    Organization.objects.filter(code__startswith="BENCH").delete()
    t0 = time.perf_counter()
    Organization.objects.bulk_create(
        [Organization(code=f"BENCH{i:06d}", kind="htx", name=f"HTX thử nghiệm {i}", unit=unit,
                      established_on=datetime.date(2010, 1, 1)) for i in range(n)],
        batch_size=5000,
    )
    user, _ = User.objects.get_or_create(username="bench-province")
    Profile.objects.get_or_create(user=user, defaults={"role": "province_officer"})
    setup = time.perf_counter() - t0

    path = Path(os.environ["HOPTAC_DATA_DIR"]) / f"bench-{n}.xlsx"
    t0 = time.perf_counter()
    _write(path, n, KEYS, SHEET, labels())
    write = time.perf_counter() - t0
    size = path.stat().st_size

    t0, c0 = time.perf_counter(), time.process_time()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET).to_python(skip_empty_area=False)
    read, read_cpu = time.perf_counter() - t0, time.process_time() - c0
    assert len(rows) == n + 1

    t0, c0 = time.perf_counter(), time.process_time()
    plan = upload.check(path, user)
    check, check_cpu = time.perf_counter() - t0, time.process_time() - c0
    assert not plan.problems, plan.problems[:5]
    assert plan.summary["new"] == n

    t0, c0 = time.perf_counter(), time.process_time()
    upload.apply(path, user, note=path.name)
    save, save_cpu = time.perf_counter() - t0, time.process_time() - c0
    saved = AnnualReport.objects.filter(organization__code__startswith="BENCH").count()
    assert saved == n

    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"rows: {n:,}   file: {size / 1048576:.1f} MB   database: {db}")
    print(f"setup (organisations): {setup:7.2f} s   writing the workbook (openpyxl): {write:7.2f} s")
    print("                          wall            CPU of this process (PostgreSQL's server CPU not in it)")
    print(f"read with calamine     : {read:7.2f} s          {read_cpu:7.2f} s")
    print(f"check (preview)        : {check:7.2f} s {check / read:5.1f}x   {check_cpu:7.2f} s {check_cpu / read_cpu:5.1f}x")
    print(f"save (check + write)   : {save:7.2f} s {save / read:5.1f}x   {save_cpu:7.2f} s {save_cpu / read_cpu:5.1f}x")
    print(f"check then save        : {check + save:7.2f} s {(check + save) / read:5.1f}x   "
          f"{check_cpu + save_cpu:7.2f} s {(check_cpu + save_cpu) / read_cpu:5.1f}x")
    AnnualReport.objects.filter(organization__code__startswith="BENCH").delete()
    Organization.objects.filter(code__startswith="BENCH").delete()
    return 0


def _write(path, n, keys, sheet, names):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.append([f"{names[k]} [{k}]" for k in keys])
    for i in range(n):
        ws.append([f"BENCH{i:06d}", f"HTX thử nghiệm {i}", 2021, 50 + i % 300, 5 + i % 40,
                   1000 + (i % 9000) + 0.25, 50 + i % 100, 40 + i % 20, 300 + i % 1000, i % 2])
    wb.save(path)


if __name__ == "__main__":
    sys.exit(main())
