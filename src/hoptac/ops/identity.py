"""Which installation this is: a UUID in the database, remembered in the data directory.

The database row travels with backups. The file ``installation`` in the data
directory remembers which installation the machine serves even when the
database has been emptied, so that a restore can recognise a backup of another
installation. A data directory without the file accepts any backup (a new machine).
"""

from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

FILE_NAME = "installation"
TABLE = "ops_installation"


def file_path(data_dir=None):
    return Path(data_dir or settings.DATA_DIR) / FILE_NAME


def remembered(data_dir=None):
    """The installation id the data directory remembers, or None."""
    path = file_path(data_dir)
    try:
        return path.read_text().strip() or None
    except FileNotFoundError:
        return None


def remember(installation_id, data_dir=None):
    path = file_path(data_dir)
    path.write_text(f"{installation_id}\n")


def current(using=DEFAULT_DB_ALIAS):
    """The installation id stored in the database (made when missing), as a string."""
    from hoptac.ops.models import Installation

    row = Installation.objects.using(using).order_by("created_at").first()
    if row is None:
        row = Installation.objects.using(using).create()
    return str(row.id)


def after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """Give a new database its identity and let the data directory remember it."""
    if TABLE not in connections[using].introspection.table_names():
        return
    installation_id = current(using)
    if remembered() is None:
        remember(installation_id)
