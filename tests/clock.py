"""Recording at a chosen moment: what the register writes inside ``clock(moment)`` is recorded then."""

import contextlib
import datetime
import zoneinfo
from unittest import mock

from hoptac.registry.models import Event

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args):
    """A moment in Việt Nam time."""
    return datetime.datetime(*args, tzinfo=VN)


@contextlib.contextmanager
def clock(moment):
    """Everything recorded inside happens at ``moment`` (events' recorded_at, voids, timestamps)."""
    recorded = Event._meta.get_field("recorded_at")
    with mock.patch("django.utils.timezone.now", return_value=moment), \
            mock.patch.object(recorded, "_get_default", lambda: moment):
        yield
