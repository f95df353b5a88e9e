"""A CSV file's rows kept as the csv module's lists (interchange.readers.Records).

The importer reads a CSV file's columns and stages its annual reports from the lists, making a
row dict only for a row it must look at. Whatever the file, an import must give the same
problems and write the same reports as when the same rows come as a list of dicts (the
reference, read one dict per row). Runs on the test's database (SQLite or PostgreSQL).
"""

import csv
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoptac.registry.interchange import ImportRejected
from hoptac.registry.interchange.importer import Importer
from hoptac.registry.interchange.readers import Records, reader_for
from hoptac.registry.models import AnnualReport

pytestmark = pytest.mark.django_db

ORGANIZATIONS = "code,kind,name,unit,established_on\nA1,htx,HTX A1,303,2015-06-01\nB2,htx,HTX B2,303,2010-01-01\n"
# Headers: the staged columns in the file's own orders, one column more than the staged ones (rating
# is staged, note is not a column of the format), a repeated column and an unnamed one at the end.
HEADERS = st.sampled_from([
    ["org_code", "year", "members", "revenue", "is_estimate"],
    ["year", "revenue", "org_code", "members", "is_estimate"],
    ["org_code", "year", "members", "revenue", "rating"],
    ["org_code", "year", "members", "revenue", "note"],
    ["org_code", "year", "members", "members", "revenue"],
    ["org_code", "year", "members", "revenue", ""],
])
CELL = st.sampled_from(["", " ", "A1", "B2", "ZZ", " A1", "'A1", "2016", "2017", "2017", "'2018", "1899", "12", "12",
                        "7", "1,5", "-3", "120.5", "'12", "0", "1", "2", "good", "x\u00a0"])


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def outcome(folder, as_dicts):
    """(problems, stored reports) of importing ``folder``, then undone; ``as_dicts``: its rows read
    into a list of dicts first (the reference)."""
    read = reader_for(folder).read()
    tables = read.tables
    if as_dicts:
        assert all(isinstance(rows, Records) for rows in tables.values())
        tables = {table: list(rows) for table, rows in tables.items()}
    with translation.override("en"), rolled_back():
        try:
            Importer(tables, source=str(folder), labels=read.labels, problems=list(read.problems)).run()
        except ImportRejected as rejected:
            return [(p.file, p.row, p.column, p.value, p.rule) for p in rejected.problems], []
        return [], list(AnnualReport.objects.order_by("id").values_list(
            "organization__code", "year", "members", "revenue", "is_estimate"))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=HEADERS, data=st.data())
def test_an_import_from_the_lists_is_the_import_from_dicts(header, data):
    width = len(header)
    record = st.one_of(st.lists(CELL, min_size=width, max_size=width),  # most rows: the header's width
                       st.just([""] * width),  # a blank row
                       st.lists(CELL, min_size=width + 1, max_size=width + 1))  # ragged: the file is refused
    records = data.draw(st.lists(record, min_size=1, max_size=6))
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "organizations.csv").write_text(ORGANIZATIONS, encoding="utf-8")
        with open(Path(folder) / "annual_reports.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(records)
        assert outcome(folder, as_dicts=False) == outcome(folder, as_dicts=True)


def test_plain_rows_of_a_file_are_staged_without_a_dict(tmp_path, monkeypatch):
    (tmp_path / "organizations.csv").write_text(ORGANIZATIONS, encoding="utf-8")
    (tmp_path / "annual_reports.csv").write_text(
        "year,org_code,members,revenue\n2016,A1,10,120.5\n2017,A1,7,\n\n2017,B2, 3,5\n", encoding="utf-8")
    made = []
    row_of = Records.__getitem__

    def spy(self, index):
        made.append(index)
        return row_of(self, index)

    monkeypatch.setattr(Records, "__getitem__", spy)
    read = reader_for(tmp_path).read()
    with translation.override("en"):
        Importer(read.tables, source=str(tmp_path), labels=read.labels, problems=read.problems).run()
    # Only row 5 (" 3" is not in the plain form) is read as a dict: by the staging, then by the Python checks.
    assert made == [3, 3]
    assert list(AnnualReport.objects.order_by("id").values_list("organization__code", "year", "members")) == [
        ("A1", 2016, 10), ("A1", 2017, 7), ("B2", 2017, 3)]
