"""``hoptac restore``: check a backup whole, then put it into an empty installation.

Nothing is changed until every check has passed: the manifest's seal, every
file's size and checksum, no file missing or unexpected, the database engine,
the installation (a backup of another installation is refused where the data
directory remembers a different one), migrations this version knows, and an
empty target (no tables in the database, no stored files). After the copy,
migrations bring a backup made by an older version up to this one.
"""

import hashlib
import json
import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

from hoptac.ops import identity
from hoptac.ops.backup import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA,
    NAME_PREFIX,
    SEAL,
    BackupError,
    copy_hashing,
    describe,
    engine_of,
    media_files,
    pg_environment,
    pg_tool,
    run_pg_tool,
    sha256_of,
)


def _listing(root):
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def verify(path):
    """The manifest of the backup at ``path`` once every byte has been checked; else BackupError."""
    root = Path(path).expanduser().absolute()
    if not root.is_dir():
        raise BackupError(f"{root} is not a backup (no such directory)")
    if not (root / MANIFEST).is_file():
        inside = sorted(root.glob(f"{NAME_PREFIX}*"))
        hint = f"; the newest backup in it is {inside[-1]}" if inside else ""
        raise BackupError(f"{root} is not a hoptac backup (no {MANIFEST}){hint}")
    if not (root / SEAL).is_file():
        raise BackupError(f"the backup is incomplete: {SEAL} is missing (the backup was never finished)")
    body = (root / MANIFEST).read_bytes()
    sealed = (root / SEAL).read_text(errors="replace").split()
    if not sealed or sealed[0] != hashlib.sha256(body).hexdigest():
        raise BackupError(f"the backup is damaged: {MANIFEST} does not match {SEAL}")
    try:
        manifest = json.loads(body)
        if manifest.get("format") != FORMAT:
            raise ValueError
        files = {entry["path"]: entry for entry in manifest["files"]}
        database = manifest["database"]["file"]
    except (ValueError, KeyError, TypeError):
        raise BackupError(f"{root} is not a hoptac backup ({MANIFEST} is not one)") from None
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise BackupError(f"the backup was made by a newer hoptac ({manifest.get('product_version')}); "
                          "install that version or a later one to restore it")
    if database not in files:
        raise BackupError(f"the backup is incomplete: its manifest lists no {database}")
    present = _listing(root) - {MANIFEST, SEAL}
    for relative, entry in files.items():
        file = root / relative
        if relative not in present:
            raise BackupError(f"the backup is incomplete: {relative} is missing")
        size = file.stat().st_size
        if size < entry["size"]:
            raise BackupError(f"the backup is truncated: {relative} has {size} bytes of {entry['size']}")
        if size != entry["size"] or sha256_of(file)[0] != entry["sha256"]:
            raise BackupError(f"the backup is damaged: {relative} does not match its checksum")
    unexpected = sorted(present - set(files))
    if unexpected:
        raise BackupError(f"the backup holds a file its manifest does not list: {unexpected[0]}")
    return manifest


def check_target(manifest, *, using=DEFAULT_DB_ALIAS, data_dir=None, media_root=None):
    """Refuse a backup that does not belong here or a target that is not empty."""
    settings_dict = connections[using].settings_dict
    engine = engine_of(settings_dict)
    wanted = manifest["database"]["engine"]
    if engine != wanted:
        raise BackupError(f"the backup holds a {wanted} database but this installation uses {engine} "
                          "(DATABASE_URL); restore it with the same kind of database")
    here = identity.remembered(data_dir)
    if here and here != manifest["installation"]:
        raise BackupError(f"the backup belongs to another installation ({describe(manifest)}); this data directory "
                          f"serves installation {here}; to move an installation, restore into a new data directory")
    disk = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False).disk_migrations
    known = set(disk) | {tuple(old) for migration in disk.values() for old in migration.replaces}
    for app, names in sorted(manifest["migrations"].items()):
        for name in names:
            if (app, name) not in known:
                raise BackupError(f"the backup was made by a newer hoptac ({manifest['product_version']}: migration "
                                  f"{app}.{name} is unknown here); install that version or a later one first")
    stored = media_files(media_root or settings.MEDIA_ROOT)
    if stored:
        raise BackupError(f"the data directory already holds stored files ({MEDIA}/{stored[0]}…); "
                          "restore only into an empty data directory")
    tables = connections[using].introspection.table_names()
    if tables:
        raise BackupError(f"the database is not empty ({len(tables)} tables); restore only into an empty database "
                          "(PostgreSQL: a new database from createdb; SQLite: a new data directory)")


def restore(path, *, using=DEFAULT_DB_ALIAS, data_dir=None, media_root=None, migrate=True):
    """Verify the backup at ``path``, then restore it; returns its manifest."""
    root = Path(path).expanduser().absolute()
    manifest = verify(root)
    check_target(manifest, using=using, data_dir=data_dir, media_root=media_root)
    connection = connections[using]
    connection.close()
    database = root / manifest["database"]["file"]
    if manifest["database"]["engine"] == "sqlite":
        target = Path(connection.settings_dict["NAME"])
        staged = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(database, staged)
        with open(staged, "rb") as written:
            os.fsync(written.fileno())
        for leftover in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(staged, target)
    else:
        env = pg_environment(connection.settings_dict)
        run_pg_tool([pg_tool("pg_restore"), "--single-transaction", "--exit-on-error", "--no-owner",
                     "--no-privileges", "--dbname", env["PGDATABASE"], str(database)], env)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    for entry in manifest["files"]:
        if entry["path"].startswith(f"{MEDIA}/"):
            written, _size = copy_hashing(root / entry["path"], media_root / entry["path"][len(MEDIA) + 1:])
            if written != entry["sha256"]:
                raise BackupError(f"{entry['path']} changed while it was restored; restore again")
    identity.remember(manifest["installation"], data_dir)
    if migrate:
        call_command("migrate", interactive=False, verbosity=0, database=using)
    return manifest
