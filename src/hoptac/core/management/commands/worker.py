import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, connections

from django_tasks_db.management.commands.db_worker import Worker

from hoptac.ops.heartbeat import WorkerBeat

log = logging.getLogger("hoptac.worker")
RETRY_SECONDS = 5
QUICK_RETRY_SECONDS = 1  # a reader may be waiting for the quick queue's work


class Command(BaseCommand):
    help = "Run background tasks from the database queue (large uploads, reports); beats a heartbeat while it runs."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="exit when the queue is empty")

    def handle(self, *args, batch, **options):
        self.stdout.write("hoptac worker: waiting for tasks (Ctrl+C to stop)")
        beat = WorkerBeat()
        beat.start()
        if not batch:
            start_quick_queue()
        while True:
            try:
                # --batch: no thread, both queues here
                queues = f"default,{settings.QUICK_TASKS_QUEUE}" if batch else "default"
                call_command("db_worker", "--queue-name", queues, *(["--batch"] if batch else []))
                return
            except (OperationalError, InterfaceError) as exc:
                # The database went away (a restart, a failover): wait and carry on by ourselves.
                if batch:
                    raise
                log.warning("database unavailable (%s); retrying in %s s", _first_line(exc), RETRY_SECONDS)
                connections.close_all()
                time.sleep(RETRY_SECONDS)
            finally:
                if batch:
                    beat.stop.set()


def start_quick_queue():
    """Run the quick queue's tasks in a thread of this process, beside the default queue: a precompute
    readers wait for never queues behind a rebuild of the aggregates (minutes at national scale).
    The thread ends with the process (a task cut short is queued again by the next write)."""
    worker = Worker(queue_names=[settings.QUICK_TASKS_QUEUE], interval=1, batch=False, backend_name="default",
                    startup_delay=False, max_tasks=None, excluded_queue_names=[],
                    worker_id=f"{socket.gethostname()}-{os.getpid()}-quick"[:64])
    threading.Thread(target=_run_quick, args=(worker,), name="hoptac-quick-tasks", daemon=True).start()


def _run_quick(worker):
    """The quick queue's loop, carrying on after a database error (SQLite: another writer held the
    lock past the timeout while the thread claimed a task; PostgreSQL: a restart)."""
    while True:
        try:
            worker.run()
            return
        except (OperationalError, InterfaceError) as exc:
            log.warning("quick queue: database unavailable (%s); retrying in %s s", _first_line(exc),
                        QUICK_RETRY_SECONDS)
            connections.close_all()  # this thread's connections only
            time.sleep(QUICK_RETRY_SECONDS)


def _first_line(exc):
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
