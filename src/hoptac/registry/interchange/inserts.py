"""Plain multi-row INSERTs for the import's large tables.

``bulk_create`` spends a few hundred microseconds of Python per row compiling
placeholders and preparing every value; at 300,000 annual reports that
dominates an import. Here the SQL is built once per table and the rows go to
``executemany`` as tuples. Only values the database drivers adapt exactly as
the ORM would are passed per row (str, int, bool, Decimal, date, None);
constants such as timestamps are prepared once through their field.
"""

from django.db import connection
from django.utils import timezone

BATCH = 5000


class Inserter:
    def __init__(self, model):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
        now = timezone.now()
        self.defaults = {}
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            else:
                value = f.get_default()
            self.defaults[f.attname] = f.get_db_prep_save(value, connection)

    def insert(self, rows):
        """Insert ``rows`` (dicts keyed by attname; missing keys take the field default)."""
        names = [f.attname for f in self.fields]
        defaults = [self.defaults[n] for n in names]
        with connection.cursor() as cursor:
            for start in range(0, len(rows), BATCH):
                batch = rows[start:start + BATCH]
                cursor.executemany(
                    self.sql, [tuple(row.get(n, d) for n, d in zip(names, defaults)) for row in batch]
                )
        return len(rows)
