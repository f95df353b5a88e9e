"""Keep the data migrations' reference data across transactional tests.

A transactional test (``live_server``, ``transactional_db``) ends with Django's
flush, which empties every table — also the administrative units, the Wagtail
page tree and the other rows the data migrations wrote. The next test would find
no unit 31. :class:`Snapshot` copies every non-empty table once, at the start of
the session, into tables of its own (which flush does not know about) and puts
the rows back after a flush, in one transaction with deferred foreign keys.
"""

from django.core.management.color import no_style
from django.db import connection, transaction


class Snapshot:
    _session = None  # this process's snapshot, taken once

    def __init__(self):
        self.tables = {}  # table -> snapshot table

    @classmethod
    def session(cls):
        """The session's snapshot, taken on first use, while the database is as the migrations left it."""
        if cls._session is None:
            _editors_group()
            cls._session = cls().take()
        return cls._session

    def take(self):
        introspection, quote = connection.introspection, connection.ops.quote_name
        with connection.cursor() as cursor:
            for i, table in enumerate(sorted(introspection.django_table_names(only_existing=True))):
                cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")
                if cursor.fetchone() is None:
                    continue
                copy = f"hoptac_snapshot_{i}"
                cursor.execute(f"DROP TABLE IF EXISTS {quote(copy)}")
                cursor.execute(f"CREATE TABLE {quote(copy)} AS SELECT * FROM {quote(table)}")
                self.tables[table] = copy
        return self

    def needs_restore(self):
        from hoptac.geo.models import Unit

        return not Unit.objects.exists()

    def restore(self):
        quote = connection.ops.quote_name
        tables = connection.introspection.django_table_names(only_existing=True)
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in tables:  # post_migrate re-created some rows after the flush
                cursor.execute(f"DELETE FROM {quote(table)}")
            for table, copy in self.tables.items():
                cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {quote(copy)}")
            for sql in connection.ops.sequence_reset_sql(no_style(), _models()):
                cursor.execute(sql)


def _editors_group():
    """The portal editors' Wagtail group is made, with its permissions, by the first user whose role may
    publish news. Made before the snapshot, it is part of every test's starting database: module fixtures
    that commit such users (and leave the group behind) and the one world (tests/world.py) share it."""
    from hoptac.accounts import portal_editors

    portal_editors.group()


def _models():
    from django.apps import apps

    return [m for m in apps.get_models() if m._meta.managed and not m._meta.proxy]
