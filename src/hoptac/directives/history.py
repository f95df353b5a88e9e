"""The audit trail of documents, tasks, progress notes, support and awards.

Every write of this app records through this module, which uses only the
trail's ``record`` and ``entries_for`` (and its entry model): moving the trail
to another app changes the two imports below. The snapshot here also knows
attached files (stored as their name).
"""

from contextlib import contextmanager

from django.db.models import FileField

from hoptac.audit import trail as _trail
from hoptac.audit.models import AuditEntry, Channel

entries_for = _trail.entries_for


def record(action, obj=None, *, request=None, channel=None, **kwargs):
    """One entry; the channel is the request's (back office or API) unless given, else a command's."""
    if channel is None:
        channel = _trail.channel_of(request) if request is not None else Channel.COMMAND
    return _trail.record(action, obj, request=request, channel=channel, **kwargs)


def _kind(obj):
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def snapshot(obj):
    """The trail's snapshot of ``obj``, with attached files as their stored name."""
    files = {f.attname: getattr(obj, f.attname).name or "" for f in obj._meta.concrete_fields
             if isinstance(f, FileField)}
    if not files:
        return _trail.snapshot(obj)
    stored = {name: getattr(obj, name) for name in files}
    try:
        for name in files:
            setattr(obj, name, None)  # the trail's snapshot reads plain values only
        return {**_trail.snapshot(obj), **files}
    finally:
        for name, value in stored.items():
            setattr(obj, name, value)


def record_created(obj, **kwargs):
    return record(f"{_kind(obj)}.created", obj, after=snapshot(obj), **kwargs)


def record_deleted(obj, **kwargs):
    return record(f"{_kind(obj)}.deleted", obj, before=snapshot(obj), **kwargs)


@contextmanager
def changing(obj, **kwargs):
    """Record the change of ``obj`` made in the block (stored values before and after); nothing if unchanged."""
    manager = obj.__class__._default_manager
    stored = manager.filter(pk=obj.pk).first()
    before = snapshot(stored) if stored is not None else None
    yield
    fresh = manager.filter(pk=obj.pk).first()
    after = snapshot(fresh) if fresh is not None else None
    if before != after:
        record(f"{_kind(obj)}.changed", obj, before=before, after=after, **kwargs)


def visible_entries(user, obj):
    """The trail of ``obj``, newest first, for a user who may read the trail (else nothing)."""
    from hoptac.accounts import policy

    if not policy.can(user, policy.READ, AuditEntry):
        return AuditEntry.objects.none()
    return entries_for(obj).order_by("-at", "-pk")
