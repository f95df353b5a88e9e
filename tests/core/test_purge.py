"""`hoptac purge`: files and records past their retention go; the rest, and the audit trail, stay."""

import datetime
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from hoptac.audit.models import AuditEntry
from hoptac.api.models import IdempotencyRecord
from hoptac.collection.models import Upload, UploadStatus
from hoptac.core.management.commands.purge import purge

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def upload(status, days_ago, finished_days_ago=None):
    item = Upload(original_name="bao-cao.xlsx", size=4, status=status)
    item.file.save("bao-cao.xlsx", ContentFile(b"xlsx"), save=False)
    item.save()
    finished = NOW - datetime.timedelta(days=finished_days_ago) if finished_days_ago is not None else None
    Upload.objects.filter(pk=item.pk).update(created_at=NOW - datetime.timedelta(days=days_ago), finished_at=finished)
    item.refresh_from_db()
    return item


def answer(user, key, hours_ago):
    record = IdempotencyRecord.objects.create(user=user, key=key, fingerprint="f", method="POST", path="/api/v1/x",
                                              status=201, content_type="application/json", body=b"{}")
    IdempotencyRecord.objects.filter(pk=record.pk).update(created_at=NOW - datetime.timedelta(hours=hours_ago))


def test_old_workbooks_go_and_their_records_stay(settings):
    old = upload(UploadStatus.SAVED, days_ago=200, finished_days_ago=settings.HOPTAC_UPLOAD_KEEP_DAYS + 1)
    recent = upload(UploadStatus.SAVED, days_ago=200, finished_days_ago=settings.HOPTAC_UPLOAD_KEEP_DAYS - 1)
    rejected = upload(UploadStatus.INVALID, days_ago=settings.HOPTAC_UPLOAD_KEEP_DAYS + 5)
    in_progress = upload(UploadStatus.CHECKING, days_ago=400)
    path = old.file.path
    counts = purge(now=NOW)
    assert counts["workbooks"] == 2
    for item in (old, recent, rejected, in_progress):
        item.refresh_from_db()
    assert not old.file and not rejected.file and old.status == UploadStatus.SAVED
    assert recent.file and in_progress.file
    assert not os.path.exists(path)


def test_an_upload_never_confirmed_expires(settings):
    stale = upload(UploadStatus.READY, days_ago=settings.HOPTAC_UPLOAD_CONFIRM_DAYS + 1)
    fresh = upload(UploadStatus.READY, days_ago=1)
    assert purge(now=NOW)["unconfirmed"] == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == UploadStatus.FAILED and not stale.file and stale.message
    assert fresh.status == UploadStatus.READY and fresh.file


def test_idempotency_answers_past_their_hours_go(settings):
    user = get_user_model().objects.create(username="api")
    answer(user, "old", settings.HOPTAC_IDEMPOTENCY_HOURS + 1)
    answer(user, "new", 1)
    assert purge(now=NOW)["answers"] == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]


def test_dry_run_changes_nothing_and_the_audit_trail_is_never_purged(capsys, settings):
    AuditEntry.objects.create(action="test.old", note="kept")
    old = upload(UploadStatus.SAVED, days_ago=500, finished_days_ago=500)
    call_command("purge", "--dry-run")
    assert "1" in capsys.readouterr().out  # one workbook would go
    old.refresh_from_db()
    assert old.file
    call_command("purge")
    old.refresh_from_db()
    assert not old.file
    assert AuditEntry.objects.filter(action="test.old").exists()
