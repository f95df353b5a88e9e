"""The upload's audit entry, tens of megabytes of JSON for a large file, is compressed with lz4 on
PostgreSQL (cheaper for the server than the default pglz); the setting is the save's alone."""

from decimal import Decimal

import pytest
from django.db import connection, transaction

from hoptac.audit.models import AuditEntry
from hoptac.collection import upload
from hoptac.core.inserts import quick_compression

from . import factories as f
from .workbooks import fill, save, template

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's TOAST compression")

YEAR = 2021


def _setting():
    with connection.cursor() as cursor:
        cursor.execute("SHOW default_toast_compression")
        return cursor.fetchone()[0]


def _compression(entry):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_column_compression(after) FROM accounts_auditentry WHERE id = %s", [entry.pk])
        return cursor.fetchone()[0]


def test_the_audit_entry_of_an_upload_is_stored_with_lz4_and_reads_back_the_same(tmp_path, world):
    # New reports: the entry keeps every figure of each, well over the size PostgreSQL compresses.
    orgs = [world.own_org, *(f.org(unit_code="303") for _ in range(30))]
    wb = template(f.unit("303"), YEAR, orgs)
    for row in range(2, len(orgs) + 2):
        fill(wb, row, revenue=Decimal("1234.5"))
    before = _setting()
    since = AuditEntry.objects.order_by("-pk").first().pk
    upload.apply(save(wb, tmp_path / "large.xlsx"), world["local_officer"], note="large.xlsx")
    [entry] = AuditEntry.objects.filter(pk__gt=since)
    assert _compression(entry) == "lz4"
    assert len(entry.after) == len(orgs) and all(Decimal(a["revenue"]) == Decimal("1234.5") for a in entry.after.values())
    assert _setting() == before  # the next writes of the connection compress as before


def test_the_setting_is_put_back_after_the_block_and_by_a_failed_block(world):
    before = _setting()
    with transaction.atomic():
        with quick_compression():
            assert _setting() == "lz4"
        assert _setting() == before
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            with quick_compression():
                assert _setting() == "lz4"
                1 / 0
        assert _setting() == before
