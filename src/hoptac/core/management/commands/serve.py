import errno
import os
import shutil
import socket
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from hoptac.ops.heartbeat import serve_warnings
from hoptac.ops.metrics import MULTIPROC_VARIABLE


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
        ensure_port_free(host, port)
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        for line in serve_warnings():
            self.stderr.write(f"hoptac serve: {line}")
        serve(host, port, workers, threads)


def ensure_port_free(host, port):
    """Refuse to start when something already listens on host:port.

    granian binds with SO_REUSEPORT, so a second server on the same port would start
    and the kernel would share the requests between the two (each with its own
    settings and database). A plain bind, without that option, fails instead.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise CommandError(f"--host {host} cannot be used: {exc.strerror}") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a closing old server's connections do not count
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CommandError(f"port {port} on {host} is already in use (another hoptac serve?); stop it or "
                                   f"choose another --port") from None
            raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def serve(host, port, workers, threads=4):
    """Replace this process with granian serving hoptac's WSGI application."""
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
