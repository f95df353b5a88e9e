"""The save of an upload writes the rows its preview checked while nothing they depend on has
changed, and checks the file again when something has: a report recorded meanwhile, the file, the
uploader's role. Either way it writes every row or none.

Transactional: on PostgreSQL a transaction that wrote to the register gets no change stamp, so the
preview and the save must run as they do in production, each in its own transactions."""

from decimal import Decimal

import pytest
from django.core.files import File

from hoptac.audit.models import AuditEntry, Channel
from hoptac.collection import staging, tasks, upload, workflow
from hoptac.collection.models import ReportStep, Upload
from hoptac.registry.models import AnnualReport

from . import factories as f
from .workbooks import fill, save, template

pytestmark = pytest.mark.django_db(transaction=True)

YEAR = 2021


def previewed(tmp_path, user, organizations, name="bao-cao.xlsx", **figures):
    """An upload of one filled row per organisation, checked by the back office's task."""
    wb = template(f.unit("303"), YEAR, organizations)
    for row in range(2, len(organizations) + 2):
        fill(wb, row, **figures)
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


def checked_again(monkeypatch):
    calls = []
    real = upload.check

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(upload, "check", counting)
    return calls


def test_the_save_writes_the_previewed_rows_without_checking_the_file_again(tmp_path, world, monkeypatch):
    orgs = [world.own_org, f.org(unit_code=f.OWN_COMMUNE)]
    record = previewed(tmp_path, world["local_officer"], orgs, revenue=Decimal("8438.5"))
    assert record.staged and record.staged_for
    calls = checked_again(monkeypatch)
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


def test_a_report_recorded_since_the_preview_makes_the_save_check_again_and_refuse_the_row(
        tmp_path, world, monkeypatch):
    record = previewed(tmp_path, world["province_officer"], [world.own_org], revenue=9999)
    # Meanwhile the local officer records the year and submits it: it is under review now.
    report = workflow.submit(world["local_officer"], workflow.save_draft(world["local_officer"], world.own_org, YEAR, f.FIGURES))
    calls = checked_again(monkeypatch)
    record = saved(record)
    assert len(calls) == 1
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
    calls = checked_again(monkeypatch)
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
