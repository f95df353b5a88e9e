"""Published review reports: stored once, never changed.

A published report keeps the exact bytes that were published (under
``MEDIA_ROOT/reports/``) with their SHA-256, so anyone can check that a file
downloaded from the portal is the one the Department published. There is no
update path: ``save()`` refuses to change a stored row and ``delete()`` is
refused too (a wrong report is superseded by publishing a new one).
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ReportFormat(models.TextChoices):
    DOCX = "docx", "DOCX"
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"


CONTENT_TYPES = {
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ImmutableReport(Exception):
    """A published report cannot be changed or deleted."""


class PublishedReportQuerySet(models.QuerySet):
    def published(self):
        """Every published report, newest first, withdrawn ones included (what the portal lists, marked)."""
        return self.select_related("withdrawal").order_by("-published_at", "-pk")

    def for_unit(self, code):
        return self.filter(unit_code=code)

    def update(self, **kwargs):
        raise ImmutableReport("published reports cannot be changed")

    def delete(self):
        raise ImmutableReport("published reports cannot be deleted")


def report_upload_to(instance, filename):
    return f"reports/{instance.year}/{instance.sha256[:16]}-{filename}"


class PublishedReport(models.Model):
    unit_code = models.CharField(_("unit code"), max_length=8, db_index=True)
    unit_name = models.CharField(_("unit"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"))
    since = models.DateField(_("period start"))
    as_of = models.DateField(_("data as of"))
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, default="vi")
    format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=report_upload_to, max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    # What the file states, as data: the moment its figures were computed, the product
    # version whose definitions it used, and every figure it printed (ReportData.figures).
    made_at = models.DateTimeField(_("figures computed at"), null=True, blank=True)
    product_version = models.CharField(_("product version"), max_length=40, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    objects = PublishedReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("published report")
        verbose_name_plural = _("published reports")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["unit_code", "year"], name="reports_published_unit_year")]

    def __str__(self):
        return f"{self.title} ({self.format.upper()}, {self.published_at:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if self.pk is not None and PublishedReport.objects.filter(pk=self.pk).exists():
            raise ImmutableReport("published reports cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableReport("published reports cannot be deleted")

    @property
    def content_type(self):
        return CONTENT_TYPES[self.format]

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1]

    def get_absolute_url(self):
        """The public download address (for the portal's list of published reports)."""
        return reverse("reports:published_download", args=[self.pk, self.filename])

    def get_statistics_url(self):
        """The portal's statistics for the report's unit and date, as the register stood when its figures were
        computed ("figures as published"); None for a report made before figures were stored."""
        if self.made_at is None:
            return None
        query = urlencode({"unit": self.unit_code, "date": f"{self.as_of:%d/%m/%Y}",
                           "as_recorded": self.made_at.isoformat()})
        return f"/thong-ke/?{query}"

    def get_figures_url(self):
        return reverse("reports:published_figures", args=[self.pk])

    def get_revisions_url(self):
        """The public revision analysis (what changed since publication, and why)."""
        return reverse("reports:published_revisions", args=[self.pk])

    @property
    def withdrawn(self):
        """The :class:`Withdrawal` of this report, or None while it is public."""
        try:
            return self.withdrawal
        except Withdrawal.DoesNotExist:
            return None

    def verify(self):
        """Whether the stored file still has the published hash."""
        with self.file.open("rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest() == self.sha256


class Withdrawal(models.Model):
    """A published report taken back from the public, with the reason and date.

    The published record, its file and its hash are kept unchanged: the portal
    still lists the report, marked as withdrawn, and stops serving the file.
    """

    report = models.OneToOneField(PublishedReport, on_delete=models.PROTECT, related_name="withdrawal",
                                  verbose_name=_("published report"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), auto_now_add=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("withdrawn by"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("reason for withdrawal"))

    class Meta:
        verbose_name = _("withdrawal of a published report")
        verbose_name_plural = _("withdrawals of published reports")

    def __str__(self):
        return f"{self.report.title} ({self.withdrawn_at:%d/%m/%Y})"
