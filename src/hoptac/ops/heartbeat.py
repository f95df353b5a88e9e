"""Heartbeats: ``hoptac worker`` beats while it runs; a backup leaves one when done."""

import datetime
import logging
import os
import socket
import threading

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

WORKER = "worker"
BACKUP = "backup"
WORKER_INTERVAL = 30  # seconds between two beats of a running worker
#: `hoptac serve` warns when the worker has not beaten for this long.
WORKER_STALE_AFTER = datetime.timedelta(minutes=5)

log = logging.getLogger("hoptac.ops")


def beat(name, **detail):
    from hoptac.ops.models import Heartbeat

    Heartbeat.objects.update_or_create(name=name, defaults={"at": timezone.now(), "detail": detail})


def last(name):
    """(moment, detail) of the last beat, or (None, {})."""
    from hoptac.ops.models import Heartbeat

    row = Heartbeat.objects.filter(name=name).first()
    return (row.at, row.detail) if row else (None, {})


def worker_is_stale(now=None):
    at, _detail = last(WORKER)
    return at is None or (now or timezone.now()) - at > WORKER_STALE_AFTER, at


class WorkerBeat:
    """A daemon thread beating for the worker process every ``interval`` seconds."""

    def __init__(self, interval=WORKER_INTERVAL):
        self.interval = interval
        self.stop = threading.Event()
        self.detail = {"host": socket.gethostname(), "pid": os.getpid()}

    def start(self):
        thread = threading.Thread(target=self._run, name="hoptac-worker-heartbeat", daemon=True)
        thread.start()
        return thread

    def _run(self):
        while not self.stop.is_set():
            try:
                close_old_connections()
                beat(WORKER, **self.detail)
            except DatabaseError as exc:  # the database is away: beat again next time
                log.warning("worker heartbeat not recorded: %s", str(exc).strip().splitlines()[0] if str(exc) else exc)
                connection.close()
            self.stop.wait(self.interval)
        connection.close()


BACKUP_STALE_AFTER = datetime.timedelta(days=2)


def serve_warnings(now=None):
    """Lines `hoptac serve` prints at start: no worker beating, no recent backup."""
    from django.conf import settings

    now = now or timezone.now()
    lines = []
    try:
        if settings.HOPTAC_TASKS == "worker":
            stale, at = worker_is_stale(now)
            if stale:
                seen = f"last seen {timezone.localtime(at):%d/%m/%Y %H:%M}" if at else "never seen"
                lines.append(
                    f"warning: no `hoptac worker` has run in the last {WORKER_STALE_AFTER.seconds // 60} minutes "
                    f"({seen}): large uploads, the search index and the statistics aggregates wait for it, and "
                    "uncached statistics pages are computed live; run `hoptac worker` beside the server")
        at, _detail = last(BACKUP)
        if at is None or now - at > BACKUP_STALE_AFTER:
            seen = f"the last was made {timezone.localtime(at):%d/%m/%Y %H:%M}" if at else "none was ever made"
            lines.append(f"warning: no backup in the last {BACKUP_STALE_AFTER.days} days ({seen}); "
                         "run `hoptac backup DIR` daily")
    except DatabaseError:
        pass  # the server itself reports an unusable database
    return lines
