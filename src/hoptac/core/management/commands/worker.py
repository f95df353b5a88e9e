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
                call_command("db_worker", *(["--batch"] if batch else []))
                return
            except (OperationalError, InterfaceError) as exc:
                # The database went away (a restart, a failover): wait and carry on by ourselves.
                if batch:
                    raise
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                log.warning("database unavailable (%s); retrying in %s s", first, RETRY_SECONDS)
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
    threading.Thread(target=worker.run, name="hoptac-quick-tasks", daemon=True).start()
