"""Plain multi-row INSERTs for the import's large tables.

``bulk_create`` spends a few hundred microseconds of Python per row compiling
placeholders and preparing every value; at 300,000 annual reports that
dominates an import. Here the SQL is built once per table and the rows go to
``executemany`` as tuples. Only values the database drivers adapt exactly as
the ORM would are passed per row (str, int, bool, Decimal, date, None);
constants such as timestamps are prepared once through their field. On
PostgreSQL the rows are streamed with COPY.
"""

import re
from contextlib import contextmanager
from itertools import islice
from operator import itemgetter

from django.db import connection
from django.utils import timezone

BATCH = 5000
# SQLite's page cache during a bulk load, in KiB (its default is 2 MiB): a register of 40,000
# organisations is over 100 MiB of pages, and a cache smaller than the transaction's pages
# spills them to the write-ahead log again and again before the commit.
BULK_CACHE_KIB = 256 * 1024


@contextmanager
def bulk_load():
    """Around a bulk load: on SQLite, a page cache large enough to hold what the transaction
    writes (this connection only, restored after). Changes nothing on PostgreSQL."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


@contextmanager
def quick_compression():
    """Around writing a large value inside the caller's transaction (the audit entry of an upload of
    100,000 reports is 50 MB of JSON): on PostgreSQL, the values stored out of line are compressed
    with lz4 instead of the default pglz when the server has it, about 0.3 s of the server's CPU
    less for that entry (the stored value is the same; lz4 also reads back faster). The setting is
    this transaction's and is put back after the block (by the rollback when it fails). Changes nothing on
    SQLite."""
    previous = None
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:  # None on a server built without lz4
            cursor.execute("SELECT setting FROM pg_settings WHERE name = 'default_toast_compression' "
                           "AND 'lz4' = ANY(enumvals)")
            previous = (cursor.fetchone() or (None,))[0]
    if previous is None:
        yield
        return
    _set_toast_compression("lz4")
    yield  # on an error, the rollback (of the transaction or its savepoint) puts the setting back
    _set_toast_compression(previous)


def _set_toast_compression(method):
    """``default_toast_compression`` for the rest of this transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('default_toast_compression', %s, true)", [method])


# An AFTER INSERT trigger that does not read the row it fires for (no NEW. or OLD., no WHEN): its
# body, one statement, is the same whatever the row. "BEGIN body; END" as SQLite stores it.
_ROWLESS_TRIGGER = re.compile(r'^CREATE TRIGGER\s+"?(\w+)"?\s+AFTER\s+INSERT\s+ON\s+"?\w+"?\s+'
                              r'BEGIN\s+([^;]+);\s*END\s*$', re.IGNORECASE | re.DOTALL)
_ROW_REFERENCE = re.compile(r"\b(NEW|OLD)\s*\.", re.IGNORECASE)


@contextmanager
def insert_triggers_once(*models):
    """Around bulk INSERTs into the tables of ``models``, inside the caller's transaction: on SQLite,
    which has no statement-level triggers, each AFTER INSERT trigger of those tables that does not
    read the row (the register's change stamp, :mod:`hoptac.indicators.answers`) fires once when the
    block ends instead of once per row written: it is dropped, its body run once, and it is created
    again, all in the transaction (a rollback brings it back untouched). Its effect is that of a
    statement trigger: 300,000 rows cost one firing, not 300,000. Changes nothing on PostgreSQL (its
    stamp triggers are statement triggers already) nor for triggers that read the row."""
    if connection.vendor != "sqlite":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("insert_triggers_once() runs inside the bulk load's transaction")
    tables = sorted({m._meta.db_table for m in models})
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
                       f"({', '.join(['%s'] * len(tables))}) ORDER BY name", tables)
        suspended = [(name, sql, match.group(2)) for name, sql in cursor.fetchall()
                     if (match := _ROWLESS_TRIGGER.match(sql.strip())) and not _ROW_REFERENCE.search(match.group(2))]
        for name, _sql, _body in suspended:
            cursor.execute(f'DROP TRIGGER "{name}"')
    ended = False
    try:
        yield
        ended = True
    finally:
        with connection.cursor() as cursor:
            if ended:
                for body in dict.fromkeys(body for _name, _sql, body in suspended):  # each distinct body once
                    cursor.execute(body)
            for _name, sql, _body in suspended:
                cursor.execute(sql)


class Inserter:
    def __init__(self, model):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.now = now = timezone.now()  # the moment of the rows' auto_now and default-now fields
        self.defaults = {}
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) or f.default is timezone.now:
                value = now
            else:
                value = f.get_default()
            self.defaults[f.attname] = f.get_db_prep_save(value, connection)

    def insert_tuples(self, names, rows):
        """Insert ``rows``, tuples of the values of the fields ``names`` (attnames), the other
        fields taking their default: each row goes to the driver as itself plus the defaults,
        one tuple concatenation (no dict per row)."""
        rest = [f.attname for f in self.fields if f.attname not in names]
        by_name = {f.attname: f for f in self.fields}
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        columns = ", ".join(quote(by_name[n].column) for n in (*names, *rest))
        defaults = tuple(self.defaults[n] for n in rest)
        tuples = (row + defaults for row in rows) if defaults else iter(rows)
        count = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY streams rows in one statement: several times faster than executemany there.
                # It runs on the driver's cursor: its errors are made Django's (IntegrityError…) here.
                with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for values in tuples:
                        copy.write_row(values)
                        count += 1
                return count
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * (len(names) + len(rest)))})"
            while batch := list(islice(tuples, BATCH)):
                cursor.executemany(sql, batch)
                count += len(batch)
        return count

    def insert(self, rows):
        """Insert ``rows`` (dicts keyed by attname; missing keys take the field default)."""
        names = [f.attname for f in self.fields]
        values_of = itemgetter(*names) if len(names) > 1 else (lambda merged: (merged[names[0]],))
        # The defaults merged under each row and the values taken in column order, both in C:
        # a generator per row and a lookup per cell cost more than the database's own work.
        return self.insert_tuples(names, (values_of({**self.defaults, **row}) for row in rows))
