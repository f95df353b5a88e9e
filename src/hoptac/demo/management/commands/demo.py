import ctypes
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hoptac.demo import build
from hoptac.demo.accounts import DEMO_PASSWORD, plan

HOST = "127.0.0.1"


class Command(BaseCommand):
    help = "Build the Hải Phòng demo (register 2001–2025, documents, accounts) and serve it on 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="build the demo and exit")
        parser.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
        parser.add_argument("--reset", action="store_true",
                            help="delete the register and demo accounts of this database and build the demo again")

    def handle(self, *args, no_serve, port, reset, **options):
        if settings.PRODUCTION:
            raise CommandError(_("hoptac demo loads accounts with a published password: it refuses HOPTAC_ENV=production"))
        if not 1 <= port <= 65535:
            raise CommandError(_("--port %(port)s is not a TCP port (1–65535)") % {"port": port})
        if build.is_loaded() and not reset:
            self.stdout.write(_("The Hải Phòng demo is already loaded in this database (use --reset to rebuild it)."))
        else:
            started = time.monotonic()
            self.stdout.write(_("Building the Hải Phòng demo register 2001–2025…"))
            try:
                result, _accounts = build.build(reset=reset)
            except build.DemoError as exc:
                raise CommandError(str(exc)) from exc
            summary = result.summary() if hasattr(result, "summary") else str(result)
            self.stdout.write(f"  {summary}")
            self.stdout.write(f"  {build.create_portal_pages()}")
            self.stdout.write(_("Demo built in %(seconds)s s.") % {"seconds": number_format(round(time.monotonic() - started, 1), 1)})
        self.print_accounts()
        url = f"http://{HOST}:{port}/"
        self.stdout.write("\n" + _("Portal: %(url)s   back office: %(url)sadmin/   database: %(db)s")
                          % {"url": url, "db": connection.settings_dict["NAME"]})
        if no_serve:
            return
        self.stdout.write(_("Serving on %(url)s (Ctrl+C to stop)…") % {"url": url})
        self.stdout.flush()
        start_worker()
        self.stdout.write(_("Background tasks run in a worker process; its log: %(log)s")
                          % {"log": settings.DATA_DIR / "worker.log"})
        call_command("serve", host=HOST, port=port, workers=2)

    def print_accounts(self):
        province, district = build.province_and_district()
        rows = [(str(a.role.label), a.username, DEMO_PASSWORD, a.scope) for a, _units, _org in plan(province, district)]
        header = tuple(pgettext("demo accounts table", h) for h in ("role", "username", "password", "scope"))
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
        line = "  ".join("{:<%d}" % w for w in widths)
        self.stdout.write("\n" + _("Demo accounts:"))
        self.stdout.write(line.format(*header))
        self.stdout.write(line.format(*("-" * w for w in widths)))
        for row in rows:
            self.stdout.write(line.format(*row))
        self.stdout.write(_("The administrator signs in with a second factor: the first sign-in shows the QR code "
                            "to scan with an authenticator app."))


def _die_with_parent():
    """In the worker (Linux): end when the server, its parent, ends."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_worker():
    """The background-task worker beside the demo server (large uploads, indicator aggregates).

    The server replaces this process, so the worker's parent is the server: it
    stops with Ctrl+C (same process group) and when the server ends. Its log
    (one line per task) goes to ``worker.log`` in the data directory.
    """
    log = open(settings.DATA_DIR / "worker.log", "ab")  # noqa: SIM115 (the child keeps it open)
    return subprocess.Popen([sys.executable, "-m", "hoptac.cli", "worker"], stdout=log, stderr=log,
                            preexec_fn=_die_with_parent if sys.platform == "linux" else None)
