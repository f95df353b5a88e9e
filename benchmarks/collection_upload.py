"""Benchmark: checking and saving a 100,000-row annual-report workbook with the v2 fields, against
merely reading it with python-calamine, in the same run.

    HOPTAC_DATA_DIR=/tmp/bench-collection .venv/bin/python benchmarks/collection_upload.py [--rows N] [--cold]

Uses the configured database (default: a fresh SQLite file in the data
directory; set DATABASE_URL for PostgreSQL). It creates N organisations
directly (the benchmark measures the upload, not the register), writes the
workbook in the template's columns with every figure filled (v1 and v2, the yes/no
answers too), then times, as the back office runs an upload (an ``Upload`` record
and its two tasks, which the worker runs): (1) calamine reading the sheet, (2) the
check of the preview (``tasks.check_upload``: shape, cells, codes, scope, existing
reports, the checks between figures, the preview and the rows kept for the save),
(3) the all-or-nothing save (``tasks.save_upload``: the kept rows written in one
transaction, every report, its step and the audit entry, after the stamp of what the
check depended on was found unchanged). ``--cold`` also times, after the saved reports are
deleted, the save of the previewed file once the register has changed since its preview (the
deletion changed it: ``upload.apply`` given the preview's kept payload, as ``tasks.save_upload``
gives it) and the save of a file that was never previewed (``upload.apply`` checking it first,
which no user's save does: the back office saves only a previewed file). ``--last-year`` gives every other organisation an approved report for the year before
(2020), within the year-on-year factor, so that the check also runs the year-on-year checks
for half the rows. Prints wall and CPU time and the ratios; on PostgreSQL, also the CPU of the
process plus its server process.
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
    parser.add_argument("--cold", action="store_true", help="also time a save without a preview")
    parser.add_argument("--last-year", action="store_true",
                        help="half the organisations with an approved report for the year before")
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
    from django.core.files import File
    from python_calamine import CalamineWorkbook

    from hoptac.accounts.models import Profile
    from hoptac.collection import tasks, upload
    from hoptac.collection.excel import KEYS, SHEET, labels
    from hoptac.collection.models import Upload
    from hoptac.geo.models import Unit
    from hoptac.registry.models import AnnualReport, Organization, ReportStatus

    n = args.rows
    unit = Unit.objects.resolve("303", datetime.date(2021, 12, 31))
    AnnualReport.objects.filter(organization__code__startswith="BENCH").delete()
    Organization.objects.filter(code__startswith="BENCH").delete()
    t0 = time.perf_counter()
    Organization.objects.bulk_create(
        [Organization(code=f"BENCH{i:06d}", kind="htx", name=f"HTX thử nghiệm {i}", unit=unit,
                      established_on=datetime.date(2010, 1, 1)) for i in range(n)],
        batch_size=5000,
    )
    if args.last_year:
        orgs = Organization.objects.filter(code__startswith="BENCH").values_list("pk", "code")
        AnnualReport.objects.bulk_create(
            [AnnualReport(organization_id=pk, year=2020, status=ReportStatus.APPROVED, in_force=True, **_last_year(i))
             for pk, code in orgs if (i := int(code[5:])) % 2 == 0],
            batch_size=5000,
        )
    user, _ = User.objects.get_or_create(username="bench-province")
    Profile.objects.get_or_create(user=user, defaults={"role": "province_officer"})
    setup = time.perf_counter() - t0
    this_year = AnnualReport.objects.filter(organization__code__startswith="BENCH", year=2021)

    path = Path(os.environ["HOPTAC_DATA_DIR"]) / f"bench-v2-{n}.xlsx"
    t0 = time.perf_counter()
    if not path.exists():  # the same workbook for every run in this data directory
        _write(path, n, KEYS, SHEET, labels())
    write = time.perf_counter() - t0
    size = path.stat().st_size
    with path.open("rb") as fh:  # as the upload form stores it
        record = Upload.objects.create(file=File(fh, name=path.name), original_name=path.name, size=size,
                                       uploaded_by=user)

    server = _server_stat()

    def timed(work):
        """(wall, CPU of this process, CPU of the PostgreSQL server process) of ``work()``."""
        t0, c0, s0 = time.perf_counter(), time.process_time(), _cpu_of(server)
        work()
        return time.perf_counter() - t0, time.process_time() - c0, _cpu_of(server) - s0

    def read_the_sheet():
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET).to_python(skip_empty_area=False)
        assert len(rows) == n + 1

    read = timed(read_the_sheet)
    times = {"check (preview)": timed(lambda: tasks.check_upload.call(record.pk))}
    record.refresh_from_db()
    assert record.status == "ready", (record.status, record.problems[:5])
    assert record.summary["new"] == n
    staged = (record.staged, record.staged_for)  # what the preview kept, for the save after a register change
    times["save (after preview)"] = timed(lambda: tasks.save_upload.call(record.pk))
    record.refresh_from_db()
    assert record.status == "saved", (record.status, record.message, record.problems[:5])
    assert this_year.count() == n
    times["check then save"] = tuple(map(sum, zip(times["check (preview)"], times["save (after preview)"])))
    if args.cold:
        this_year.delete()  # the register changes: the preview's stamp no longer holds
        times["save, register changed"] = timed(lambda: upload.apply(path, user, note=path.name, staged=staged))
        assert this_year.count() == n
        this_year.delete()
        times["save without preview"] = timed(lambda: upload.apply(path, user, note=path.name))
        assert this_year.count() == n

    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"rows: {n:,}   file: {size / 1048576:.1f} MB   database: {db}   source: {upload.__file__}"
          f"{'   last year: every other organisation' if args.last_year else ''}")
    print(f"setup (organisations): {setup:7.2f} s   writing the workbook (openpyxl): {write:7.2f} s")
    print("                          wall            CPU of this process     + PostgreSQL server's CPU")
    print(f"read with calamine     : {read[0]:7.2f} s          {read[1]:7.2f} s")
    for name, (wall, cpu, served) in times.items():
        print(f"{name:23}: {wall:7.2f} s {wall / read[0]:5.1f}x   {cpu:7.2f} s {cpu / read[1]:5.1f}x   "
              f"{cpu + served:7.2f} s {(cpu + served) / read[1]:5.1f}x")
    Upload.objects.filter(pk=record.pk).delete()
    AnnualReport.objects.filter(organization__code__startswith="BENCH").delete()
    Organization.objects.filter(code__startswith="BENCH").delete()
    return 0


def _server_stat():
    """The /proc stat file of the PostgreSQL server process of this connection (same machine), else None."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return f"/proc/{cursor.fetchone()[0]}/stat"


def _cpu_of(stat):
    """Seconds of CPU (user and system) of the process whose /proc stat file is ``stat``; 0 for None."""
    if stat is None:
        return 0.0
    with open(stat) as handle:
        fields = handle.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _last_year(i):
    """Figures of 2020 for the organisation of row ``i``: within the year-on-year factor of 2021's."""
    return {"members": 40 + i % 300, "workers": 5 + i % 40, "revenue": 900 + i % 9000, "is_estimate": False}


def _write(path, n, keys, sheet, names):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.append([f"{names[k]} [{k}]" for k in keys])
    for i in range(n):
        members, workers, revenue = 50 + i % 300, 5 + i % 40, 1000 + (i % 9000) + 0.25
        row = {  # every figure filled, and consistent: the checks between figures run and pass
            "org_code": f"BENCH{i:06d}", "name": f"HTX thử nghiệm {i}", "year": 2021,
            "members": members, "workers": workers, "revenue": revenue, "profit": 50 + i % 100 - 20.5,
            "income": 40 + i % 20, "value_added": 300 + i % 1000, "is_estimate": i % 2,
            "members_official": members - i % 5, "members_associate": i % 5, "members_joined": i % 7,
            "members_left": i % 3, "workers_regular": workers - i % 3, "workers_members": (workers - i % 3) // 2,
            "revenue_with_members": 500 + i % 400 + 0.5, "charter_capital": 200 + i % 500,
            "total_capital": 800.75 + i % 1000, "budget_paid": 10.5 + i % 50, "managers": 3 + i % 4,
            "managers_college": i % 4, "member_htx": i % 2, "value_chain": i % 2, "high_tech": i // 2 % 2,
            "director_trained": 1,
        }
        ws.append([row[k] for k in keys])
    wb.save(path)


if __name__ == "__main__":
    sys.exit(main())
