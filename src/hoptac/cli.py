"""The `hoptac` console command: thin wrappers over Django management commands.

Every subcommand but `manage` first makes sure the database exists and is
migrated, so each one works on a fresh data directory.

`hoptac indicators` and `hoptac drill` read the register and compute: they start
Django with only the apps they need (:data:`ENGINE_APPS`, taken from the one
settings module), which spares them the second of start-up that Wagtail, the
portal, the API and the back office cost, for nothing they use. `hoptac import`
starts the same way (:data:`IMPORT_APPS`); the apps left out that listen to the
register's changes (the portal's page cache, the API's open-data files) are
told of the import as with every app (:func:`_connect_listeners`).
"""

import importlib
import os
import subprocess
import sys

SUBCOMMANDS = {
    "demo": "demo",
    "serve": "serve",
    "import": "import_register",
    "export": "export_register",
    "indicators": "indicators",
    "report": "report",
    "quality": "quality",
    "drill": "drill",
    "worker": "worker",
    "purge": "purge",
    "backup": "backup",
    "restore": "restore",
    "createadmin": "createadmin",
    "load-boundaries": "load_boundaries",
    "reconcile": "reconcile",
    "vintages": "vintages",
}
# The apps the indicator engine and its commands use: the register, its units, the audit trail
# it records into, the year-end aggregates and the task queue that rebuilds them.
ENGINE_APPS = (
    "hoptac.ops", "hoptac.audit", "hoptac.core", "hoptac.geo", "hoptac.registry", "hoptac.indicators",
    "django_tasks_db", "django.contrib.auth", "django.contrib.contenttypes",
)
# `hoptac import` writes the register: its apps, the accounts its audit entry and the open-data
# version read, and the directives whose files travel in the interchange format.
IMPORT_APPS = (*ENGINE_APPS, "hoptac.accounts", "hoptac.directives")
LEAN = {"indicators": ENGINE_APPS, "drill": ENGINE_APPS, "import": IMPORT_APPS}
# The lean commands that write the register: they tell the caches of the apps left out.
LEAN_WRITERS = {"import"}
# These work on the database as it is: no migration before them (restore fills an empty one).
AS_IS = {"backup", "restore"}

USAGE = """usage: hoptac COMMAND [OPTIONS]

commands:
  demo [--no-serve] [--port N]   build the Hải Phòng demo and serve it on 127.0.0.1
  serve [--port N] [--workers N] run the production server
  import PATH | export PATH      the interchange format (folder of CSV files or .xlsx)
  indicators --unit U ...        the indicators of a unit on a date or over years
  drill --unit U --date D --indicator CODE   the organisations behind a count
  quality --unit U --year Y      data-quality findings
  report --unit U --year Y ...   the review report (docx, pdf, xlsx); --as-recorded R regenerates it as published
  vintages --unit U --date D --from R1 --to R2   the indicators that differ between two recorded moments
  worker                         run background tasks
  purge [--dry-run]              remove files and records past their retention (run daily)
  backup PATH [--keep N]         a consistent backup of the database and stored files (run daily)
  restore PATH [--check]         check a backup whole, then restore it into an empty installation
  createadmin [--username U]     create the first system administrator
  load-boundaries FILE.geojson   load unit outlines for the portal's map (--code-property, --date)
  reconcile FILE                 the register against a list from the national registration system (.csv, .xlsx)
  manage ...                     Django's management commands

Run `hoptac COMMAND --help` for the options of a command."""


def _fail(message, code=2):
    print(f"hoptac: {message}", file=sys.stderr)
    return code


def _setup(command=None):
    """Start Django: with every app, or for a subcommand of :data:`LEAN` with only the apps it names.

    The lean start takes every setting from the settings module as it is and keeps of
    its ``INSTALLED_APPS`` those the subcommand names, so there is one settings module
    to maintain. When Django is already set up (tests calling :func:`main`), it stays as it is.
    Returns True for a lean start.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    import django
    from django.conf import settings

    keep = LEAN.get(command)
    if keep and not settings.configured:
        module = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
        values = {name: getattr(module, name) for name in dir(module) if name.isupper()}
        values["INSTALLED_APPS"] = [app for app in module.INSTALLED_APPS if app in keep]
        settings.configure(**values)
        django.setup()
        if command in LEAN_WRITERS:
            _connect_listeners()
        return True
    django.setup()
    return False


def _connect_listeners():
    """In a lean start, the receivers of ``register_changed`` that the portal and the API connect
    in their ``ready()`` (which a lean start does not run): a command that writes the register
    makes their cached pages and files stale as it does with every app. Neither needs Wagtail."""
    from hoptac.api import open_data
    from hoptac.portal import cache

    cache.listen_to_register()
    open_data.listen_to_register()


def ensure_database(lean=False):
    """Create and migrate the database when it is new or behind the code (``lean``: see :func:`_setup`)."""
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[DEFAULT_DB_ALIAS]
    if lean:
        return _ensure_lean_database(connection)
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        print("hoptac: preparing the database (first use or upgrade)…", file=sys.stderr)
        call_command("migrate", interactive=False, verbosity=0)


def _ensure_lean_database(connection):
    """For a lean start: migrate with every app (in a child process) when a migration of the
    running apps is not applied yet.

    Django cannot plan migrations with part of the apps (theirs depend on the others'), so
    this compares the migration files of the running apps with the database's record of
    applied ones, which costs a directory listing and one query.
    """
    from django.apps import apps
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    applied = recorder.applied_migrations() if recorder.has_table() else {}
    for config in apps.get_app_configs():
        folder = os.path.join(config.path, "migrations")
        names = os.listdir(folder) if os.path.isdir(folder) else ()
        if any(n.endswith(".py") and n[0].isdigit() and (config.label, n[:-3]) not in applied for n in names):
            print("hoptac: preparing the database (first use or upgrade)…", file=sys.stderr)
            done = subprocess.run([sys.executable, "-m", "hoptac.cli", "manage", "migrate", "--verbosity", "0"])
            if done.returncode:
                from django.core.management import CommandError
                from django.utils.translation import gettext as _

                raise CommandError(_("the database could not be migrated (see the messages above)"))
            return


def refuse_demo_in_production(command):
    """Before the database is touched: the demo's accounts have a published password."""
    from django.conf import settings
    from django.core.management import CommandError
    from django.utils.translation import gettext as _

    if command == "demo" and settings.PRODUCTION:
        raise CommandError(_("hoptac demo loads accounts with a published password: it refuses HOPTAC_ENV=production"))


def run_command(name, prog, args):
    """Run a management command, letting CommandError reach :func:`main`.

    Django's own runner prints "CommandError: …"; hoptac prints "hoptac: …".
    """
    from django.core.management import ManagementUtility

    command = ManagementUtility(["hoptac", name]).fetch_command(name)
    command._called_from_command_line = True  # argparse errors: usage and exit 2
    parser = command.create_parser("hoptac", name)
    parser.prog = prog
    options = vars(parser.parse_args(args))
    positional = options.pop("args", ())
    command.execute(*positional, **options)


def _end_process(code):
    """End a lean command's process at once: its output flushed and its database connections
    closed, without the interpreter's teardown of every module Django imported (about 0.1–0.2 s
    of CPU, a sixth of `hoptac indicators` on a province's series)."""
    import logging

    from django.db import connections

    connections.close_all()
    logging.shutdown()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        code = code or 1
    os._exit(code)


def main(argv=None):
    """Run a subcommand. From the console (``argv`` None), a lean subcommand that succeeded ends
    its process itself (:func:`_end_process`); called with arguments (tests), it returns the code."""
    code = _main(list(sys.argv[1:] if argv is None else argv))
    if argv is None and code == 0 and sys.argv[1:2] and sys.argv[1] in LEAN:
        _end_process(code)
    return code


def _main(argv):
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    command, rest = argv[0], argv[1:]
    if command != "manage" and command not in SUBCOMMANDS:
        return _fail(f"unknown command {command!r}\n{USAGE}")

    from hoptac.config import ConfigError

    try:
        lean = _setup(command)
    except ConfigError as exc:
        return _fail(str(exc))

    from django.core.management import CommandError, execute_from_command_line
    from django.db import DatabaseError

    try:
        if command == "manage":
            execute_from_command_line(["hoptac manage", *rest])
            return 0
        if not (rest and rest[0] in {"-h", "--help"}):
            refuse_demo_in_production(command)
        if not (rest and rest[0] in {"-h", "--help"}) and command not in AS_IS:
            ensure_database(lean)
        run_command(SUBCOMMANDS[command], f"hoptac {command}", rest)
    except ConfigError as exc:
        return _fail(str(exc))
    except CommandError as exc:
        return _fail(str(exc), getattr(exc, "returncode", 1))
    except DatabaseError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return _fail(f"the database cannot be used: {first_line} (check DATABASE_URL)")
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `hoptac export … | head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
