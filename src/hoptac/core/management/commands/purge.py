"""Remove what hoptac keeps only for a while; run it daily (cron or a systemd timer).

- uploaded workbooks, ``HOPTAC_UPLOAD_KEEP_DAYS`` after they were saved or
  rejected: the file goes, the upload's record (who, when, summary, problems) stays;
- uploads checked but never confirmed, after ``HOPTAC_UPLOAD_CONFIRM_DAYS``:
  marked failed ("not confirmed in time") and their file removed;
- stored answers to API ``Idempotency-Key`` retries, after ``HOPTAC_IDEMPOTENCY_HOURS``;
- expired sign-in sessions, and finished background-task results after 14 days.

The audit trail, the register and the reports are never purged.
"""

import datetime

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.api.models import IdempotencyRecord
from hoptac.collection.models import Upload, UploadStatus

FINISHED = (UploadStatus.SAVED, UploadStatus.INVALID, UploadStatus.FAILED)


def _remove_file(upload):
    if upload.file:
        upload.file.storage.delete(upload.file.name)
        upload.file = ""


def purge(now=None, dry_run=False):
    """Purge what is past its retention; returns {what: count}."""
    now = now or timezone.now()
    kept_until = now - datetime.timedelta(days=settings.HOPTAC_UPLOAD_KEEP_DAYS)
    confirm_by = now - datetime.timedelta(days=settings.HOPTAC_UPLOAD_CONFIRM_DAYS)
    old_files = Upload.objects.filter(
        Q(finished_at__lt=kept_until) | Q(finished_at__isnull=True, created_at__lt=kept_until), status__in=FINISHED,
    ).exclude(file="")
    unconfirmed = Upload.objects.filter(status=UploadStatus.READY, created_at__lt=confirm_by)
    answers = IdempotencyRecord.objects.filter(
        created_at__lt=now - datetime.timedelta(hours=settings.HOPTAC_IDEMPOTENCY_HOURS))
    counts = {"workbooks": old_files.count(), "unconfirmed": unconfirmed.count(), "answers": answers.count()}
    if dry_run:
        return counts
    for upload in old_files.iterator():
        _remove_file(upload)
        upload.save(update_fields=["file"])
    message = _("Not confirmed within %(days)s days; upload the workbook again.") % {
        "days": settings.HOPTAC_UPLOAD_CONFIRM_DAYS}
    for upload in unconfirmed.iterator():
        with transaction.atomic():
            _remove_file(upload)
            upload.status, upload.message, upload.finished_at = UploadStatus.FAILED, message, now
            upload.save(update_fields=["file", "status", "message", "finished_at"])
    answers.delete()
    return counts


class Command(BaseCommand):
    help = "Remove uploaded workbooks, unconfirmed uploads, idempotency answers and sessions past their retention."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only count what would be removed")

    def handle(self, *args, dry_run, **options):
        counts = purge(dry_run=dry_run)
        if not dry_run:
            call_command("clearsessions")
            if settings.HOPTAC_TASKS == "worker":  # task results are stored only by the worker's queue
                call_command("prune_db_task_results", verbosity=0)
        if dry_run:
            text = _("Would remove %(workbooks)s uploaded workbooks, expire %(unconfirmed)s unconfirmed uploads "
                     "and delete %(answers)s stored API answers.")
        else:
            text = _("Removed %(workbooks)s uploaded workbooks, expired %(unconfirmed)s unconfirmed uploads "
                     "and deleted %(answers)s stored API answers; expired sessions cleared.")
        self.stdout.write(text % counts)
