"""Throw-away hoptac installations for the operations tests, run through the `hoptac` command.

Each is a data directory and a database (an SQLite file in it, or a PostgreSQL
database on the server the suite runs on). Instead of migrating from nothing
(half a minute), a new installation starts as a copy of the test database
just after its migrations: the same tables and reference data `migrate` makes.
"""

import csv
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

from django.db import connection

ENV_DROPPED = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "HOPTAC_TEST_KEEP_DATA_DIR", "HOPTAC_DATA_DIR")


class Template:
    """A copy of the migrated test database: an SQLite file or a pg_dump archive."""

    def __init__(self, directory):
        self.engine = "postgresql" if connection.vendor == "postgresql" else "sqlite"
        self.settings = dict(connection.settings_dict)
        directory = Path(directory)
        if self.engine == "sqlite":
            self.path = directory / "template.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)
            target.close()
        else:
            from hoptac.ops.backup import pg_environment, pg_tool

            self.path = directory / "template.pgdump"
            subprocess.run([pg_tool("pg_dump"), "-Fc", "--no-owner", "--no-privileges", "-f", str(self.path)],
                           env=pg_environment(self.settings), check=True)
        self.names = []

    def database_url(self, name):
        s = self.settings
        auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
        return f"postgresql://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"

    def admin_sql(self, sql):
        from hoptac.ops.backup import pg_environment, pg_tool

        env = pg_environment({**self.settings, "NAME": "postgres"})
        subprocess.run([pg_tool("psql"), "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], env=env, check=True,
                       capture_output=True)

    def installation(self, root, *, empty=False, **env):
        inst = Installation(self, Path(root), env)
        if self.engine == "postgresql":
            inst.db_name = f"{self.settings['NAME']}_{uuid.uuid4().hex[:8]}"
            self.names.append(inst.db_name)
            self.admin_sql(f'CREATE DATABASE "{inst.db_name}"')
            inst.env["DATABASE_URL"] = self.database_url(inst.db_name)
        if not empty:
            inst.fill_from_template()
        return inst

    def drop_all(self):
        for name in self.names:
            self.admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Installation:
    def __init__(self, template, root, env):
        self.template = template
        self.root = root
        self.data_dir = root / "data"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.db_name = None
        self.env = {k: v for k, v in os.environ.items() if k not in ENV_DROPPED}
        self.env.update({"HOPTAC_DATA_DIR": str(self.data_dir), "HOPTAC_ENV": "development",
                         "HOPTAC_TASKS": "inline", "PYTHONWARNINGS": "ignore", **env})

    @property
    def sqlite_path(self):
        return self.data_dir / "hoptac.sqlite3"

    def fill_from_template(self):
        if self.template.engine == "sqlite":
            shutil.copyfile(self.template.path, self.sqlite_path)
        else:
            from hoptac.ops.backup import pg_environment, pg_tool

            subprocess.run([pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction",
                            "-d", self.db_name, str(self.template.path)],
                           env=pg_environment({**self.template.settings, "NAME": self.db_name}), check=True)

    def hoptac(self, *args, check=True, input=None, env=None):
        result = subprocess.run([sys.executable, "-m", "hoptac.cli", *args], env={**self.env, **(env or {})},
                                capture_output=True, text=True, input=input, timeout=300)
        if check and result.returncode != 0:
            raise AssertionError(f"hoptac {' '.join(args)} exited {result.returncode}: {result.stderr[-2000:]}")
        return result

    def shell(self, code):
        return self.hoptac("manage", "shell", "-c", code)

    def sql(self, query):
        if self.template.engine == "sqlite":
            db = sqlite3.connect(self.sqlite_path)
            try:
                return db.execute(query).fetchall()
            finally:
                db.close()
        import psycopg

        s = self.template.settings
        with psycopg.connect(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"],
                             password=s.get("PASSWORD") or None, dbname=self.db_name) as db:
            return db.execute(query).fetchall()

    def sql_write(self, statement):
        if self.template.engine == "sqlite":
            db = sqlite3.connect(self.sqlite_path)
            with db:
                db.execute(statement)
            db.close()
            return
        import psycopg

        s = self.template.settings
        with psycopg.connect(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"],
                             password=s.get("PASSWORD") or None, dbname=self.db_name) as db:
            db.execute(statement)

    def tables(self):
        """{table: sorted rows as text} of every table: the whole database, for comparisons."""
        if self.template.engine == "sqlite":
            names = [r[0] for r in self.sql("SELECT name FROM sqlite_master WHERE type='table' "
                                            "AND name NOT LIKE 'sqlite_%'")]
        else:
            names = [r[0] for r in self.sql("SELECT tablename FROM pg_tables WHERE schemaname='public'")]
        return {name: sorted(tuple(str(v) for v in row) for row in self.sql(f'SELECT * FROM "{name}"'))
                for name in sorted(names)}

    def export(self, name):
        target = self.root / name
        self.hoptac("export", str(target))
        return {p.name: p.read_bytes() for p in sorted(target.iterdir())}

    def files(self):
        """{relative path: bytes} of the data directory (the target a refused restore must leave alone)."""
        return {p.relative_to(self.data_dir).as_posix(): p.read_bytes()
                for p in sorted(self.data_dir.rglob("*")) if p.is_file() and "cache" not in p.parts}


def write_register(folder, tables):
    """Write ``{table: [row dict]}`` as the interchange format's CSV files."""
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in tables.items():
        columns = list(dict.fromkeys(k for row in rows for k in row))
        with open(folder / f"{table}.csv", "w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, columns)
            writer.writeheader()
            writer.writerows(rows)
    return folder


def wipe(inst):
    """Lose the database and the stored files, as a failed disk would (the data directory stays)."""
    if inst.template.engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{inst.sqlite_path}{suffix}").unlink(missing_ok=True)
    else:
        inst.template.admin_sql(f'DROP DATABASE "{inst.db_name}" WITH (FORCE)')
        inst.template.admin_sql(f'CREATE DATABASE "{inst.db_name}"')
    shutil.rmtree(inst.data_dir / "media", ignore_errors=True)
