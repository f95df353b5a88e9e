"""The audit trail of documents, tasks, progress notes, support and awards.

Every write of this app records through this module: the trail's own helpers,
with the channel of the request (back office or API) unless one is given, else
a command's.
"""

from contextlib import contextmanager

from hoptac.accounts import policy
from hoptac.audit import trail as _trail
from hoptac.audit.models import AuditEntry, Channel

entries_for = _trail.entries_for


def _channel(request, channel):
    if channel is not None:
        return channel
    return _trail.channel_of(request) if request is not None else Channel.COMMAND


def record(action, obj=None, *, request=None, channel=None, **kwargs):
    return _trail.record(action, obj, request=request, channel=_channel(request, channel), **kwargs)


def record_created(obj, *, request=None, channel=None, **kwargs):
    return _trail.record_created(obj, request=request, channel=_channel(request, channel), **kwargs)


def record_deleted(obj, *, request=None, channel=None, **kwargs):
    return _trail.record_deleted(obj, request=request, channel=_channel(request, channel), **kwargs)


@contextmanager
def changing(obj, *, request=None, channel=None, **kwargs):
    with _trail.changing(obj, request=request, channel=_channel(request, channel), **kwargs):
        yield


def visible_entries(user, obj):
    """The trail of ``obj``, newest first, for a user who may read the trail (else nothing)."""
    if not policy.can(user, policy.READ, AuditEntry):
        return AuditEntry.objects.none()
    return entries_for(obj).order_by("-at", "-pk")
