"""Two imports of the same records at once: the loser gets the problem list, not a traceback.

On PostgreSQL both imports can check the input before either writes; the second
to write then breaks the unique code. SQLite takes the write lock when the
import's transaction begins, so there the second import simply checks after the
first: the test runs on PostgreSQL only.
"""

import threading

import pytest
from django.db import connection, connections
from django.utils import translation

from hoptac.registry.interchange import ImportRejected, import_path
from hoptac.registry.interchange.importer import Importer
from hoptac.registry.models import Organization

pytestmark = pytest.mark.django_db(transaction=True)

ORGS = "code,kind,name,unit,sector,established_on\nC1,htx,HTX Song Song,303,agriculture,2005-03-01\n"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises imports from their start")
def test_the_losing_import_reports_the_codes_already_recorded(tmp_path, monkeypatch):
    (tmp_path / "organizations.csv").write_text(ORGS, encoding="utf-8")
    both_checked = threading.Barrier(2, timeout=30)
    write = Importer.write

    def write_after_both_checked(self):
        if not getattr(threading.current_thread(), "waited", False):
            threading.current_thread().waited = True
            both_checked.wait()
        return write(self)

    monkeypatch.setattr(Importer, "write", write_after_both_checked)
    outcomes = []

    def run():
        try:
            with translation.override("en"):
                try:
                    outcomes.append(import_path(tmp_path))
                except ImportRejected as exc:
                    outcomes.append(exc.lines())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    rejected = [o for o in outcomes if isinstance(o, list)]
    assert len(outcomes) == 2 and len(rejected) == 1, outcomes
    assert rejected[0] == [
        "organizations.csv row 2, column code: 'C1' — an organisation with this code is already in the register"]
    assert Organization.objects.filter(code="C1").count() == 1
