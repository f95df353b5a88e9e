import os
import shutil
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the production server (granian, several workers; static files by WhiteNoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOPTAC_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("HOPTAC_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("HOPTAC_WORKERS", "0")) or None)
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args, host, port, workers, threads, **options):
        if not 1 <= port <= 65535:
            raise CommandError(f"--port {port} is not a TCP port (1–65535)")
        workers = workers or max(2, (os.cpu_count() or 1) * 2)
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        from hoptac.ops.heartbeat import serve_warnings

        for line in serve_warnings():
            self.stderr.write(f"hoptac serve: {line}")
        serve(host, port, workers, threads)


def serve(host, port, workers, threads=4):
    """Replace this process with granian serving hoptac's WSGI application."""
    from hoptac.ops.metrics import MULTIPROC_VARIABLE

    # The request metrics of the server's processes meet in files, emptied at each start.
    shared = settings.DATA_DIR / "run" / f"metrics-{port}"
    shutil.rmtree(shared, ignore_errors=True)
    shared.mkdir(parents=True)
    os.environ[MULTIPROC_VARIABLE] = str(shared)
    argv = [
        sys.executable, "-m", "granian", "--interface", "wsgi",
        "--host", host, "--port", str(port),
        "--workers", str(workers), "--blocking-threads", str(threads),
        "--no-ws", "--log-level", "warning",
        "hoptac.wsgi:application",
    ]
    os.execv(sys.executable, argv)
