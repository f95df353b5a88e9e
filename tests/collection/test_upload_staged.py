"""The save of an upload writes the rows its preview checked while nothing they depend on has
changed. When the register or the uploader changed, it plans the rows the preview read again against
the current register, without reading the file; when the file or the rules changed, it checks the
file again. Either way it writes every row or none, as a new check of the file would.

Transactional: on PostgreSQL a transaction that wrote to the register gets no change stamp, so the
preview and the save must run as they do in production, each in its own transactions."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files import File

from hoptac.audit.models import AuditEntry, Channel
from hoptac.collection import staging, tasks, upload, workflow
from hoptac.collection.models import ReportStep, Upload
from hoptac.registry import report_checks
from hoptac.registry.check_settings import configure
from hoptac.registry.models import AnnualReport, CheckSetting

from . import factories as f
from .workbooks import FILLED, fill, save, template

pytestmark = pytest.mark.django_db(transaction=True)

YEAR = 2021


def previewed(tmp_path, user, organizations, name="bao-cao.xlsx", rows=None, **figures):
    """An upload of one filled row per organisation (``rows``: the figures of each, else ``figures``
    for all), checked by the back office's task."""
    wb = template(f.unit("303"), YEAR, organizations)
    for row, own in enumerate(rows or [figures] * len(organizations), start=2):
        fill(wb, row, **own)
    path = save(wb, tmp_path / name)
    with path.open("rb") as fh:
        record = Upload.objects.create(file=File(fh, name=name), original_name=name, size=path.stat().st_size,
                                       uploaded_by=user)
    tasks.check_upload.call(record.pk)
    record.refresh_from_db()
    assert record.status == "ready", record.problems
    return record


def saved(record):
    tasks.save_upload.call(record.pk)
    record.refresh_from_db()
    return record


def calls_to(monkeypatch, name):
    """The calls the save makes to ``upload.<name>``, recorded as they pass through."""
    calls = []
    real = getattr(upload, name)

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(upload, name, counting)
    return calls


def test_the_save_writes_the_previewed_rows_without_checking_the_file_again(tmp_path, world, monkeypatch):
    orgs = [world.own_org, f.org(unit_code=f.OWN_COMMUNE)]
    record = previewed(tmp_path, world["local_officer"], orgs, revenue=Decimal("8438.5"))
    assert record.staged and record.staged_for
    calls = calls_to(monkeypatch, "check")
    record = saved(record)
    assert calls == []
    assert (record.status, record.summary["new"], record.staged, record.staged_for) == ("saved", 2, None, "")
    reports = AnnualReport.objects.order_by("organization__code")
    assert [(r.organization_id, r.status, r.revision, r.revenue, r.members) for r in reports] == [
        (o.pk, "submitted", 1, Decimal("8438.5"), 120) for o in sorted(orgs, key=lambda o: o.code)]
    assert ReportStep.objects.filter(action="uploaded").count() == 2
    [entry] = AuditEntry.objects.filter(action="collection.report.uploaded")
    assert entry.channel == Channel.UPLOAD and entry.note == "bao-cao.xlsx"
    key = f"{world.own_org.code}/{YEAR}"
    assert entry.before[key] is None and entry.after[key]["revenue"] == "8438.5"


def test_a_report_recorded_since_the_preview_makes_the_save_plan_again_and_refuse_the_row(
        tmp_path, world, monkeypatch):
    record = previewed(tmp_path, world["province_officer"], [world.own_org], revenue=9999)
    # Meanwhile the local officer records the year and submits it: it is under review now.
    report = workflow.submit(world["local_officer"], workflow.save_draft(world["local_officer"], world.own_org, YEAR, f.FIGURES))
    calls, reads, planned = (calls_to(monkeypatch, name) for name in ("check", "read_sheet", "plan_again"))
    record = saved(record)
    assert (len(calls), len(reads), len(planned)) == (0, 0, 1)  # planned again, the file not read again
    assert record.status == "invalid"
    assert [(p["row"], p["column"]) for p in record.problems] == [(2, "A")]
    assert "under review" in record.problems[0]["reason"]
    assert list(AnnualReport.objects.values_list("pk", flat=True)) == [report.pk]  # nothing written
    assert not ReportStep.objects.filter(action="uploaded").exists()
    assert not AuditEntry.objects.filter(action="collection.report.uploaded").exists()


def test_a_file_changed_since_the_preview_is_checked_again(tmp_path, world, monkeypatch):
    record = previewed(tmp_path, world["local_officer"], [world.own_org])
    wb = fill(template(f.unit("303"), YEAR, [world.own_org]), 2, members=-3)
    with open(record.file.path, "wb") as fh:
        wb.save(fh)
    calls = calls_to(monkeypatch, "check")
    record = saved(record)
    assert len(calls) == 1 and record.status == "invalid"
    assert [(p["row"], p["column"]) for p in record.problems] == [(2, "D")]
    assert not AnnualReport.objects.exists()


def test_the_stamp_follows_the_register_the_file_and_the_uploader(tmp_path, world):
    record = previewed(tmp_path, world["local_officer"], [world.own_org])
    path = record.file.path
    assert staging.stamp(path, world["local_officer"]) == record.staged_for
    assert staging.stamp(path, world["province_officer"]) != record.staged_for  # another uploader
    f.org(unit_code=f.OWN_COMMUNE)  # any write to the register
    assert staging.stamp(path, world["local_officer"]) != record.staged_for


def test_a_failure_while_writing_the_previewed_rows_leaves_nothing_behind(tmp_path, world, monkeypatch):
    record = previewed(tmp_path, world["local_officer"], [world.own_org, f.org(unit_code=f.OWN_COMMUNE)])

    def broken(*args):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(upload, "_insert_steps", broken)
    with pytest.raises(RuntimeError):
        saved(record)
    record.refresh_from_db()
    assert record.status == "failed"
    assert not AnnualReport.objects.exists() and not ReportStep.objects.exists()
    assert not AuditEntry.objects.filter(action="collection.report.uploaded").exists()


def test_the_rows_planned_again_are_those_a_new_check_of_the_file_gives(tmp_path, world, monkeypatch):
    """New, changed, unchanged, corrected and year-on-year rows, and a register that moved after the
    preview: planned again from the preview, they give the problems, warnings, preview, summary and
    rows to write a new check of the file gives, and the save writes them without reading the file."""
    user = world["province_officer"]
    orgs = [world.own_org, *(f.org(unit_code=f.OWN_COMMUNE) for _ in range(4))]
    new, drafted, approved, grown, untouched = orgs
    workflow.save_draft(world["local_officer"], drafted, YEAR, f.FIGURES)
    workflow.save_draft(world["local_officer"], untouched, YEAR, f.FIGURES)
    for org, year in ((approved, YEAR), (grown, YEAR - 1)):
        report = workflow.save_draft(world["local_officer"], org, year, f.FIGURES)
        workflow.approve(user, workflow.verify(world["local_officer"], workflow.submit(world["local_officer"], report)))
    rows = [{"revenue": Decimal("8438.5")}, FILLED, {"revenue": 9000}, {"revenue": 80000}, FILLED]
    record = previewed(tmp_path, user, orgs, rows=rows)
    assert record.summary == {"new": 2, "changed": 1, "unchanged": 2, "empty": 0}
    # Meanwhile: the new row's year gets a draft, a draft left unchanged by the file is edited.
    workflow.save_draft(world["local_officer"], new, YEAR, f.FIGURES)
    workflow.save_draft(world["local_officer"], drafted, YEAR, {**f.FIGURES, "workers": 16})
    path = Path(record.file.path)
    assert staging.stamp(path, user) != record.staged_for and staging.decode(bytes(record.staged))[2]["for"] == (
        staging.file_stamp(path))
    rows, _summary, reading = staging.decode(bytes(record.staged))
    again, checked = upload.plan_again(rows, reading, user), upload.check(path, user)
    assert again.summary == checked.summary == {"new": 1, "changed": 3, "unchanged": 1, "empty": 0}
    assert (again.problems, again.warnings, again.preview()) == (checked.problems, checked.warnings, checked.preview())
    assert [(w["row"], w["column"]) for w in again.warnings] == [(4, "A"), (5, "F")]
    assert upload.staged_rows(again) == upload.staged_rows(checked)
    reads = calls_to(monkeypatch, "read_sheet")
    record = saved(record)
    assert (record.status, record.summary, reads) == ("saved", checked.summary, [])
    assert AnnualReport.objects.filter(year=YEAR, status="submitted").count() == 4


def test_checks_changed_since_the_preview_make_the_save_read_the_file_again(tmp_path, world, monkeypatch):
    record = previewed(tmp_path, world["local_officer"], [world.own_org], members=3)  # below the legal minimum
    setting = CheckSetting.objects.get(code=report_checks.LEGAL_MINIMUM)
    configure(report_checks.LEGAL_MINIMUM, user=world["province_officer"], channel=Channel.BACK_OFFICE, reason="Quyết định",
              severity=report_checks.ERROR, active=setting.active, factor=setting.factor, minimums=None)
    assert staging.file_stamp(record.file.path) != staging.decode(bytes(record.staged))[2]["for"]
    calls = calls_to(monkeypatch, "check")
    record = saved(record)
    assert len(calls) == 1 and record.status == "invalid"
    assert [p["row"] for p in record.problems] == [2]
    assert not AnnualReport.objects.exists()
