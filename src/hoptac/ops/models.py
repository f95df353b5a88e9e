"""The installation's identity and the heartbeats of what runs beside the server."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Installation(models.Model):
    """One row: the identity of this installation, made when its database was created.

    A backup carries it; a restore refuses a backup of another installation.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("installation")


class Heartbeat(models.Model):
    """When something that runs beside the server last showed it was alive.

    ``worker``: beaten every half minute by ``hoptac worker``; ``backup``: the
    last backup made (its path and size in ``detail``).
    """

    name = models.CharField(max_length=40, primary_key=True)
    at = models.DateTimeField()
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("heartbeat")
