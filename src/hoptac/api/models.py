"""What the API keeps of its own: per-user tokens and idempotency records."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoptac.audit import trail as audit
from hoptac.audit.models import Channel

TOKEN_PREFIX = "hoptac_"


def digest(raw):
    """SHA-256 of a token: tokens are 256 random bits, so a fast hash is enough."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def find(self, raw):
        """The active token for the raw secret, or None."""
        if not raw or not raw.startswith(TOKEN_PREFIX):
            return None
        return self.active().select_related("user").filter(digest=digest(raw)).first()


class ApiToken(models.Model):
    """A secret that lets a program act as its user, with the user's role and scope.

    Only the hash is stored: the secret is shown once, when the token is created.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hoptac_api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. the system that uses it."))
    prefix = models.CharField(_("starts with"), max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    read_only = models.BooleanField(_("read only"), default=False,
                                    help_text=_("A read-only token cannot create or change anything."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, name, *, read_only=False, by=None, channel=Channel.BACK_OFFICE):
        """Create a token, audited; returns ``(token, secret)`` — the secret is not kept."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=raw[: len(TOKEN_PREFIX) + 6], digest=digest(raw),
            read_only=read_only, created_by=by or user,
        )
        token._audit("api.token.created", by or user, channel)
        return token, raw

    def revoke(self, by=None, *, channel=Channel.BACK_OFFICE):
        if self.revoked_at is None:
            self.revoked_at, self.revoked_by = timezone.now(), by
            self.save(update_fields=["revoked_at", "revoked_by"])
            self._audit("api.token.revoked", by, channel)

    def _audit(self, action, user, channel):
        # Never the secret: only owner, name and prefix.
        after = {"user": self.user_id, "name": self.name, "prefix": self.prefix, "read_only": self.read_only,
                 "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None}
        audit.record(action, self, after=after, user=user, channel=channel)

    @property
    def is_active(self):
        return self.revoked_at is None


class IdempotencyRecord(models.Model):
    """The stored answer to a write sent with an ``Idempotency-Key`` header.

    The key is the caller's (one namespace per user); ``fingerprint`` is a hash
    of the method, path and body so that a reused key with another body is refused.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100)
    body = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_user_key")]
