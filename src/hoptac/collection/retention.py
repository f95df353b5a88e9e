"""What collection keeps only for a while (``hoptac manage purge`` calls :func:`purge`).

- uploaded workbooks, ``HOPTAC_UPLOAD_KEEP_DAYS`` after they were saved or
  rejected: the file goes, the upload's record (who, when, summary, problems) stays;
- uploads checked but never confirmed, after ``HOPTAC_UPLOAD_CONFIRM_DAYS``:
  marked failed ("not confirmed in time") and their file removed.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Upload, UploadStatus

FINISHED = (UploadStatus.SAVED, UploadStatus.INVALID, UploadStatus.FAILED)


def _remove_file(upload):
    if upload.file:
        upload.file.storage.delete(upload.file.name)
        upload.file = ""
    upload.staged, upload.staged_for = None, ""  # the rows checked from it go with it


def purge(now, dry_run=False):
    """Purge what is past its retention; returns {what: count}."""
    kept_until = now - datetime.timedelta(days=settings.HOPTAC_UPLOAD_KEEP_DAYS)
    confirm_by = now - datetime.timedelta(days=settings.HOPTAC_UPLOAD_CONFIRM_DAYS)
    old_files = Upload.objects.filter(
        Q(finished_at__lt=kept_until) | Q(finished_at__isnull=True, created_at__lt=kept_until), status__in=FINISHED,
    ).exclude(file="")
    unconfirmed = Upload.objects.filter(status=UploadStatus.READY, created_at__lt=confirm_by)
    counts = {"workbooks": old_files.count(), "unconfirmed": unconfirmed.count()}
    if dry_run:
        return counts
    for upload in old_files.iterator():
        _remove_file(upload)
        upload.save(update_fields=["file", "staged", "staged_for"])
    message = _("Not confirmed within %(days)s days; upload the workbook again.") % {
        "days": settings.HOPTAC_UPLOAD_CONFIRM_DAYS}
    for upload in unconfirmed.iterator():
        with transaction.atomic():
            _remove_file(upload)
            upload.status, upload.message, upload.finished_at = UploadStatus.FAILED, message, now
            upload.save(update_fields=["file", "staged", "staged_for", "status", "message", "finished_at"])
    return counts
