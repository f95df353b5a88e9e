"""``hoptac backup``: a consistent snapshot of the database and every stored file.

A backup is a directory::

    manifest.json       format, product version, installation, database engine,
                        applied migrations, and every file below with its size and SHA-256
    manifest.sha256     the SHA-256 of manifest.json, written last: a backup without it
                        was not finished
    database.sqlite3    SQLite's online backup of the live database, or
    database.pgdump     PostgreSQL's ``pg_dump --format=custom`` (one consistent snapshot)
    media/…             the stored files: uploads, documents, published reports, images

Every byte of every file is covered by a checksum. The directory is written
under a temporary name beside its destination and renamed when complete, so a
backup interrupted half-way never looks like a backup.

The database is copied before the files: a file stored meanwhile is in the
backup without a record pointing to it (harmless), never the other way round
(stored files are written once and never overwritten).
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

import hoptac
from hoptac.ops import heartbeat, identity

FORMAT = "hoptac-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SEAL = "manifest.sha256"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA = "media"
NAME_PREFIX = "hoptac-backup-"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be made or restored; the message is one line for the operator."""


def engine_of(settings_dict):
    vendor = settings_dict["ENGINE"].rsplit(".", 1)[-1]
    if vendor == "sqlite3":
        return "sqlite"
    if vendor == "postgresql":
        return "postgresql"
    raise BackupError(f"the database engine {settings_dict['ENGINE']} is not supported by backups")


def sha256_of(path):
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def copy_hashing(source, destination):
    """Copy a file and return (sha256, size) of what was written."""
    digest, size = hashlib.sha256(), 0
    destination.parent.mkdir(parents=True, exist_ok=True)
    with open(source, "rb") as src, open(destination, "wb") as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            dst.write(chunk)
            size += len(chunk)
    shutil.copystat(source, destination)
    return digest.hexdigest(), size


def pg_environment(settings_dict):
    """The libpq environment naming the database of ``settings_dict`` (password never on a command line)."""
    env = dict(os.environ)
    for key in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGOPTIONS", "PGSERVICE"):
        env.pop(key, None)
    values = {"PGHOST": settings_dict.get("HOST"), "PGPORT": settings_dict.get("PORT"),
              "PGUSER": settings_dict.get("USER"), "PGPASSWORD": settings_dict.get("PASSWORD"),
              "PGDATABASE": settings_dict.get("NAME")}
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        values["PGSSLMODE"] = sslmode
    env.update({k: str(v) for k, v in values.items() if v})
    return env


def pg_tool(name):
    """The path of a PostgreSQL client program, or a one-line error saying how to get it."""
    found = shutil.which(name)
    if found is None:
        for directory in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
            if (directory / name).exists():
                return str(directory / name)
        raise BackupError(f"{name} is not installed; install PostgreSQL's client programs (Debian: postgresql-client)")
    return found


def run_pg_tool(argv, env):
    result = subprocess.run(argv, env=env, capture_output=True, text=True)  # noqa: S603 (fixed program, no shell)
    if result.returncode != 0:
        lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
        raise BackupError(f"{Path(argv[0]).name} failed: {lines[0] if lines else f'exit status {result.returncode}'}")
    return result


def applied_migrations(using=DEFAULT_DB_ALIAS):
    """{app: [migration, …]} applied in the database, sorted."""
    recorder = MigrationRecorder(connections[using])
    applied = {}
    for app, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


# --- making a backup -------------------------------------------------------------------


def destination_for(path, now=None):
    """Where the backup goes: ``path`` itself when it does not exist, or a new dated
    directory inside ``path`` when that is a directory of backups."""
    path = Path(path).expanduser().absolute()
    if not path.exists():
        if not path.parent.is_dir():
            raise BackupError(f"{path.parent} does not exist; create it first or give another path")
        return path
    if not path.is_dir():
        raise BackupError(f"{path} exists and is not a directory; give a new path or a directory of backups")
    if (path / MANIFEST).exists():
        raise BackupError(f"{path} already holds a backup; give a new path or a directory of backups")
    stamp = (now or timezone.localtime()).strftime("%Y%m%d-%H%M%S")
    return path / f"{NAME_PREFIX}{stamp}"


def snapshot_sqlite(settings_dict, target):
    """SQLite's online backup: a consistent copy while other connections read and write."""
    source = sqlite3.connect(settings_dict["NAME"], timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        (installation,) = copy.execute("SELECT id FROM ops_installation ORDER BY created_at LIMIT 1").fetchone() or (None,)
        migrations = {}
        for app, name in copy.execute("SELECT app, name FROM django_migrations ORDER BY app, name"):
            migrations.setdefault(app, []).append(name)
    except sqlite3.OperationalError as exc:
        raise BackupError(f"the database cannot be copied: {exc} (is it migrated? run `hoptac manage migrate`)") from None
    finally:
        copy.close()
        source.close()
    return (str(uuid.UUID(installation)) if installation else None), migrations


def snapshot_postgresql(settings_dict, target, using):
    """``pg_dump`` in one transaction: a consistent snapshot while the server runs."""
    env = pg_environment(settings_dict)
    before = applied_migrations(using)
    installation = identity.current(using)
    run_pg_tool([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)], env)
    if applied_migrations(using) != before:
        raise BackupError("migrations ran while the backup was made; make it again")
    return installation, before


def media_files(media_root):
    """Every stored file under ``media_root`` (relative paths, sorted; links are not followed)."""
    root = Path(media_root)
    if not root.is_dir():
        return []
    found = []
    for directory, subdirs, files in os.walk(root):
        subdirs.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                found.append(path.relative_to(root).as_posix())
    return found


def make(path, *, using=DEFAULT_DB_ALIAS, media_root=None, keep=None):
    """Make a backup at ``path`` (see :func:`destination_for`); returns (directory, manifest)."""
    settings_dict = connections[using].settings_dict
    engine = engine_of(settings_dict)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    now = timezone.now()
    destination = destination_for(path, timezone.localtime(now))
    partial = destination.parent / f".{destination.name}.partial-{os.getpid()}"
    partial.mkdir()
    try:
        database_file = DATABASE_FILES[engine]
        if engine == "sqlite":
            installation, migrations = snapshot_sqlite(settings_dict, partial / database_file)
        else:
            installation, migrations = snapshot_postgresql(settings_dict, partial / database_file, using)
        if not installation:
            raise BackupError("the database has no installation identity; run `hoptac manage migrate` first")
        checksum, size = sha256_of(partial / database_file)
        files = [{"path": database_file, "size": size, "sha256": checksum}]
        for relative in media_files(media_root):
            checksum, size = copy_hashing(media_root / relative, partial / MEDIA / relative)
            files.append({"path": f"{MEDIA}/{relative}", "size": size, "sha256": checksum})
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "product": "hoptac",
            "product_version": hoptac.__version__,
            "created_at": now.isoformat(),
            "installation": installation,
            "province_code": settings.HOPTAC_PROVINCE_CODE,
            "database": {"engine": engine, "file": database_file},
            "migrations": migrations,
            "files": files,
        }
        body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        (partial / MANIFEST).write_bytes(body)
        (partial / SEAL).write_text(f"{hashlib.sha256(body).hexdigest()}  {MANIFEST}\n")
        partial.rename(destination)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    total = sum(f["size"] for f in manifest["files"])
    heartbeat.beat(heartbeat.BACKUP, path=str(destination), bytes=total, files=len(manifest["files"]))
    if identity.remembered() is None:
        identity.remember(installation)
    if keep:
        prune(destination.parent, keep, installation)
    return destination, manifest


def prune(directory, keep, installation):
    """Keep the ``keep`` newest dated backups of this installation in ``directory``; remove older ones."""
    ours = []
    for candidate in sorted(Path(directory).glob(f"{NAME_PREFIX}*")):
        try:
            manifest = json.loads((candidate / MANIFEST).read_text())
        except (OSError, ValueError):
            continue
        if manifest.get("installation") == installation:
            ours.append(candidate)
    removed = ours[:-keep] if len(ours) > keep else []
    for old in removed:
        shutil.rmtree(old)
    return removed


def describe(manifest):
    made = datetime.datetime.fromisoformat(manifest["created_at"])
    return (f"installation {manifest['installation']}, province {manifest.get('province_code') or '?'}, "
            f"made {timezone.localtime(made):%d/%m/%Y %H:%M} by hoptac {manifest['product_version']}")
