"""The audit trail: every change to an official record, every sign-in, every refusal.

The domain function that writes records the one entry for its write, with the
channel its caller names (back office, API, import, upload, command)::

    audit.record_created(org, channel=Channel.API)              # after creating
    with audit.changing(org, channel=Channel.BACK_OFFICE):      # around a change
        org.phone = "0225 123 456"; org.save()
    audit.record_deleted(target, channel=Channel.BACK_OFFICE)   # before deleting
    audit.record("registry.event.voided", event, before=..., after=..., channel=Channel.COMMAND)

Who and from where come from the current request (set by
:class:`AuditMiddleware`) unless ``user=`` is given; outside a request (command
line, tasks) the actor is whoever is passed, or blank. ``changing`` reads the
row from the database before and after, so the before values are the stored
ones even if the caller already modified the instance in memory.
"""

import contextvars
import datetime
import decimal
import uuid
from contextlib import contextmanager

from django.contrib.auth import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.fields.files import FieldFile
from django.dispatch import receiver

from hoptac.audit.models import AuditEntry, Channel
from hoptac.core import clients

_request = contextvars.ContextVar("hoptac_audit_request", default=None)

SIGNED_IN = "auth.signed_in"
SIGNED_OUT = "auth.signed_out"
SIGN_IN_REFUSED = "auth.sign_in_refused"
SIGN_IN_LOCKED = "auth.sign_in_locked"
ACCESS_REFUSED = "access.refused"
SECRET_FIELDS = {"password"}


def object_type(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


def snapshot(obj):
    """The stored fields of ``obj`` as JSON values (foreign keys as ids; no passwords)."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        value = getattr(obj, field.attname)
        data[field.attname if field.is_relation else field.name] = _json(value)
    for field in obj._meta.many_to_many:
        if obj.pk is not None:
            data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return data


def channel_of(request):
    """The channel of a request recorded by the middleware or the sign-in receivers."""
    return Channel.API if request is not None and request.path.startswith("/api/") else Channel.BACK_OFFICE


def record(action, obj=None, *, channel, before=None, after=None, user=None, request=None, note="", path=""):
    """Append one entry to the audit trail and return it."""
    if channel not in Channel.values:
        raise ValueError(f"unknown audit channel {channel!r}")
    request = request or _request.get()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    entry = AuditEntry(
        action=action,
        channel=channel,
        actor_id=user.pk if authenticated else None,
        actor=user.get_username() if authenticated else "",
        ip=clients.client_ip(request),
        before=before,
        after=after,
        note=note,
        path=(path or (request.get_full_path() if request is not None else ""))[:255],
    )
    if obj is not None:
        model = obj if isinstance(obj, type) else obj.__class__
        entry.object_type = object_type(model)
        if not isinstance(obj, type):
            entry.object_id = str(obj.pk)
            entry.object_repr = str(obj)[:255]
    entry.save()
    return entry


def record_created(obj, action=None, **kwargs):
    """Record the creation of ``obj`` (call after saving it)."""
    return record(action or f"{object_type(obj.__class__)}.created", obj, after=snapshot(obj), **kwargs)


def record_deleted(obj, action=None, **kwargs):
    """Record the deletion of ``obj`` (call before deleting it)."""
    return record(action or f"{object_type(obj.__class__)}.deleted", obj, before=snapshot(obj), **kwargs)


@contextmanager
def changing(obj, action=None, **kwargs):
    """Record a change of ``obj`` made inside the block, with stored before/after values.

    Nothing is recorded when the block raises or leaves the row unchanged.
    """
    manager = obj.__class__._default_manager
    stored = manager.filter(pk=obj.pk).first()
    before = snapshot(stored) if stored is not None else None
    yield
    fresh = manager.filter(pk=obj.pk).first()
    after = snapshot(fresh) if fresh is not None else None
    if before != after:
        record(action or f"{object_type(obj.__class__)}.changed", obj, before=before, after=after, **kwargs)


def entries_for(obj):
    """The audit entries about ``obj``, newest first."""
    return AuditEntry.objects.filter(object_type=object_type(obj.__class__), object_id=str(obj.pk))


def _json(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):  # an attached file: its stored name
        return value.name or ""
    return value


class AuditMiddleware:
    """Makes the current request known to :func:`record`; records refused accesses (403)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            response = self.get_response(request)
            if response.status_code == 403:
                record(ACCESS_REFUSED, request=request, note=request.method, channel=channel_of(request))
            return response
        finally:
            _request.reset(token)


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    record(SIGNED_IN, user, user=user, request=request, channel=channel_of(request))


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(SIGNED_OUT, user, user=user, request=request, channel=channel_of(request))


@receiver(user_login_failed)
def _sign_in_refused(sender, credentials, request=None, **kwargs):
    # The username tried is kept in the note; the password never is.
    username = str(credentials.get("username", ""))[:150]
    record(SIGN_IN_REFUSED, request=request, note=username, channel=channel_of(request))
