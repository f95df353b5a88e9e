"""Plain multi-row INSERTs for the import's large tables.

``bulk_create`` spends a few hundred microseconds of Python per row compiling
placeholders and preparing every value; at 300,000 annual reports that
dominates an import. Here the SQL is built once per table and the rows go to
``executemany`` as tuples. Only values the database drivers adapt exactly as
the ORM would are passed per row (str, int, bool, Decimal, date, None);
constants such as timestamps are prepared once through their field. On
PostgreSQL the rows are streamed with COPY.
"""

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
