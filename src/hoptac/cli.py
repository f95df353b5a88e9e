"""The `hoptac` console command: thin wrappers over Django management commands.

Every subcommand but `manage` first makes sure the database exists and is
migrated, so each one works on a fresh data directory.
"""

import os
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
}
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
  report --unit U --year Y ...   the review report (docx, pdf, xlsx)
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


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    import django

    django.setup()


def ensure_database():
    """Create and migrate the database when it is new or behind the code."""
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        print("hoptac: preparing the database (first use or upgrade)…", file=sys.stderr)
        call_command("migrate", interactive=False, verbosity=0)


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


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    command, rest = argv[0], argv[1:]
    if command != "manage" and command not in SUBCOMMANDS:
        return _fail(f"unknown command {command!r}\n{USAGE}")

    from hoptac.config import ConfigError

    try:
        _setup()
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
            ensure_database()
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
