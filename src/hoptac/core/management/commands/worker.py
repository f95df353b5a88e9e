import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, connections

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
