"""Background work of the collection: uploads and reminders. Upload tasks take the
upload's primary key only; the file is kept on the :class:`~hoptac.collection.models.Upload`
row, and progress is written there for the officer's page to poll. The reminder task
sends the deadline reminders due (``hoptac manage send_reminders`` runs it daily)."""

import datetime
import logging
from pathlib import Path

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from . import reminders, staging
from .models import Upload, UploadStatus
from .upload import UploadRefused, apply, check, cycles_left_alone, reading, staged_rows

logger = logging.getLogger(__name__)


def _path(upload):
    return Path(upload.file.path)


@task
def check_upload(upload_id):
    upload = Upload.objects.select_related("uploaded_by").get(pk=upload_id)
    upload.set_progress(0, 0, status=UploadStatus.CHECKING)
    try:
        # Read before the check: rows checked against a register that changed meanwhile are not trusted.
        token, of_file = staging.stamp(_path(upload), upload.uploaded_by), staging.file_stamp(_path(upload))
        with cycles_left_alone():
            plan = check(_path(upload), upload.uploaded_by, progress=upload.set_progress)
            if not plan.problems:
                upload.staged = staging.encode(staged_rows(plan), plan.summary, reading(plan, of_file))
                upload.staged_for = token or ""
            upload.summary = plan.summary
            upload.preview = plan.preview()
            upload.problems = plan.problems[:5000]
            upload.warnings = plan.warnings[:5000]
            upload.status = UploadStatus.INVALID if plan.problems else UploadStatus.READY
            del plan  # freed while the collector sleeps (see cycles_left_alone)
    except Exception:
        _failed(upload, _("The file could not be checked because of an internal error; it was not saved."))
        raise
    upload.progress = 100
    upload.finished_at = timezone.now()
    upload.save()


@task
def save_upload(upload_id):
    upload = Upload.objects.select_related("uploaded_by").get(pk=upload_id)
    upload.set_progress(0, 0, status=UploadStatus.SAVING)
    try:
        summary = apply(_path(upload), upload.uploaded_by, note=upload.original_name,
                        staged=(upload.staged, upload.staged_for))
    except UploadRefused as refused:
        upload.problems = refused.plan.problems[:5000]
        upload.status = UploadStatus.INVALID
        upload.message = str(refused)
    except Exception:
        _failed(upload, _("The file could not be saved because of an internal error; nothing was saved."))
        raise
    else:
        upload.summary = summary
        upload.status = UploadStatus.SAVED
        upload.message = _("Saved: %(new)s new and %(changed)s changed reports, submitted for review.") % summary
    upload.staged, upload.staged_for = None, ""  # saved or refused: nothing left to write
    upload.progress = 100
    upload.finished_at = timezone.now()
    upload.save()


@task
def send_reminders(now=None):
    """Send the reminder e-mails due at ``now`` (ISO date-time; default: the current moment).

    Returns {"sent": n, "failed": [[address, reason]]}: what a worker stores as the result."""
    sent = reminders.send(now=datetime.datetime.fromisoformat(now) if now else None)
    return {"sent": len(sent), "failed": [list(failure) for failure in sent.failed]}


def _failed(upload, message):
    Upload.objects.filter(pk=upload.pk).update(status=UploadStatus.FAILED, message=message, finished_at=timezone.now())


def run(task_, upload):
    """Run inline for small files (the officer waits a moment), else queue for the worker."""
    if upload.size <= settings.HOPTAC_UPLOAD_INLINE_BYTES:
        try:
            task_.call(upload.pk)
        except Exception:  # already recorded on the upload as failed; the page shows the message
            logger.exception("upload %s failed", upload.pk)
        return
    task_.enqueue(upload.pk)
