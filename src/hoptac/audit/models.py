"""The audit trail's one table: who did what, when, from where, through which channel.

The ground floor of the domain: every app may record here, this app imports none
of them. The table keeps its v1 name (``accounts_auditentry``) so that existing
databases and backups keep their rows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Where a write came from."""

    BACK_OFFICE = "back_office", _("back office")
    API = "api", _("API")
    IMPORT = "import", _("import")
    UPLOAD = "upload", _("upload")
    COMMAND = "command", _("command")


class AuditQuerySet(models.QuerySet):
    """The audit trail is append-only: bulk updates and deletes are refused."""

    def update(self, **kwargs):
        raise PermissionError("the audit trail cannot be changed")

    def delete(self):
        raise PermissionError("the audit trail cannot be deleted")


class AuditEntry(models.Model):
    """One recorded action: who, when, from where, on what, before and after.

    Written only through :func:`hoptac.audit.trail.record`. The actor is kept
    as an id and a username (not a foreign key) so that deleting a user never
    rewrites or removes what they did.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    actor_id = models.BigIntegerField(_("user id"), null=True, blank=True, db_index=True)
    actor = models.CharField(_("user"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Blank for the entries recorded before channels were kept.
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        db_table = "accounts_auditentry"
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="accounts_audit_object")]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor or '-'} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("the audit trail cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the audit trail cannot be deleted")

    def changes(self):
        """``[(field, before, after)]`` for the fields that differ."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
