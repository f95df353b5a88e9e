"""Data kept by the collection app beside ``registry.AnnualReport``.

The report itself (one row per revision, with who/when columns for each step)
belongs to the registry. Here live what the review workflow and the Excel
uploads need on top of it: the step history with comments and uploaded workbooks with their validation results and
progress (a background task receives only the upload's primary key).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATED = "created", _("created")
    EDITED = "edited", _("edited")
    SUBMITTED = "submitted", _("submitted")
    VERIFIED = "verified", _("verified")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned")
    CORRECTION = "correction", _("correction started")
    REOPENED = "reopened", _("reopened (lock exception)")
    UPLOADED = "uploaded", _("uploaded from Excel")


class ReportStep(models.Model):
    """One step in the life of a report revision: who did what, when, and why."""

    report = models.ForeignKey("registry.AnnualReport", on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    status_before = models.CharField(_("status before"), max_length=10, blank=True)
    status_after = models.CharField(_("status after"), max_length=10)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("report step")
        verbose_name_plural = _("report steps")
        ordering = ["report", "at", "id"]

    def __str__(self):
        return f"{self.report} {self.action} {self.at:%d/%m/%Y %H:%M}"


class UploadStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be checked")
    CHECKING = "checking", _("being checked")
    READY = "ready", _("checked, waiting for confirmation")
    INVALID = "invalid", _("rejected")
    SAVING = "saving", _("being saved")
    SAVED = "saved", _("saved")
    FAILED = "failed", _("failed")


class Upload(models.Model):
    """An uploaded annual-report workbook: checked, previewed, then saved all or nothing."""

    file = models.FileField(_("file"), upload_to="collection/uploads/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=UploadStatus.choices, default=UploadStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    # {"new": n, "changed": n, "unchanged": n, "empty": n} and a sample of rows for the preview.
    summary = models.JSONField(default=dict, blank=True)
    preview = models.JSONField(default=list, blank=True)
    # [{"sheet", "row", "column", "reason"}]; warnings do not block saving.
    problems = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    # The checked rows to write and what the check depended on (collection/staging.py): the save
    # writes them without checking again while nothing they depend on has changed.
    staged = models.BinaryField(null=True, blank=True, editable=False)
    staged_for = models.CharField(max_length=64, blank=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("annual-report upload")
        verbose_name_plural = _("annual-report uploads")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def is_running(self):
        return self.status in (UploadStatus.PENDING, UploadStatus.CHECKING, UploadStatus.SAVING)

    def set_progress(self, done, total, status=None):
        """Write progress straight to the row (visible to the polling page at once)."""
        fields = {"rows_done": done, "rows_total": total, "progress": int(100 * done / total) if total else 100}
        if status:
            fields["status"] = status
        Upload.objects.filter(pk=self.pk).update(**fields)
        for key, value in fields.items():
            setattr(self, key, value)


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("before the deadline")
    AFTER = "after", _("after the deadline")


class Reminder(models.Model):
    """One reminder e-mail sent: to whom, about which year and organisations (at most one per
    recipient, year and kind, so running the reminders again sends nothing twice)."""

    year = models.PositiveSmallIntegerField(_("reporting year"))
    kind = models.CharField(_("kind"), max_length=6, choices=ReminderKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), null=True,
                             on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField(_("e-mail address"))
    subject = models.CharField(_("subject"), max_length=255)
    organizations = models.JSONField(_("organisations"), default=list)  # registration numbers
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["year", "kind", "email"], name="collection_reminder_once")]

    def __str__(self):
        return f"{self.email} {self.year} {self.kind}"
