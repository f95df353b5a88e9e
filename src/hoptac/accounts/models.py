"""Who a user is in hoptac: a role of SPEC §1 and, for local officers and
cooperative accounts, the units or the organisation they may act on."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("system administrator")
    PROVINCE_OFFICER = "province_officer", _("province officer")
    LOCAL_OFFICER = "local_officer", _("local officer")
    COOPERATIVE = "cooperative", _("cooperative account")
    EDITOR = "editor", _("editor")
    VIEWER = "viewer", _("viewer")


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hoptac_profile")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    units = models.ManyToManyField(
        "geo.Unit", verbose_name=_("units"), blank=True, related_name="+",
        help_text=_("For a local officer: the units they are responsible for."),
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("For a cooperative account: its own organisation."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    def unit_codes(self):
        return ", ".join(u.code for u in self.units.all())


class AuditQuerySet(models.QuerySet):
    """The audit trail is append-only: bulk updates and deletes are refused."""

    def update(self, **kwargs):
        raise PermissionError("the audit trail cannot be changed")

    def delete(self):
        raise PermissionError("the audit trail cannot be deleted")


class AuditEntry(models.Model):
    """One recorded action: who, when, from where, on what, before and after.

    Written only through :func:`hoptac.accounts.audit.record`. The actor is kept
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

    objects = AuditQuerySet.as_manager()

    class Meta:
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
