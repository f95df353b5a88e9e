"""The annual reports screened in SQL (interchange.staging) against the importer's Python checks.

The screen only lets a row skip the Python checks; whatever it decides, an import must
reject the same rows with the same messages, and write the same reports, as when every
row goes through the Python checks. Both run here on the test's database (SQLite or
PostgreSQL), on random rows mixing the plain cells of a CSV file with every odd form.
"""

import datetime
from decimal import Decimal
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import connection, transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoptac.registry import report_checks
from hoptac.registry.interchange import ImportRejected, import_tables
from hoptac.registry.interchange import staging
from hoptac.registry.models import AnnualReport, CheckSetting, Organization

pytestmark = pytest.mark.django_db

COUNT = st.one_of(
    st.sampled_from(["", "0", "7", "12", "10000000", "10000001", "999999999", "1234567890", " 12", "12 ", "-3",
                     "1.5", "1,5", "abc", "٣", "00012", "  "]),
    st.integers(0, 10**8).map(str))
MONEY = st.one_of(
    st.sampled_from(["", "0", "-0", "12.5", "12.50", "-12.3456", "12.34567", "1000000000000", "1000000000000.0001",
                     "-1000000000000", "-1000000000000.0001", "99999.9999", "100000", "100000.0001", "1e3", " 5",
                     "5.", ".5", "1,000.5", "0012.5", "1234567890123456"]),
    st.decimals(-10**13, 10**13, places=4, allow_nan=False, allow_infinity=False).map(str))
ANSWER = st.sampled_from(["", "0", "1", "2", " 1", "yes"])
ROW = st.fixed_dictionaries({
    "org_code": st.sampled_from(["A1", "B2", "N1", "ZZ", " A1", "A1 ", "a1", "A1\u00a0", ""]),
    "year": st.sampled_from(["2014", "2015", "2016", "2017", "2020", "02016", " 2016", "1899", "3000", "", "2016.0"]),
    "members": COUNT, "members_official": COUNT, "members_associate": COUNT, "workers": COUNT,
    "workers_regular": COUNT, "revenue": MONEY, "revenue_with_members": MONEY, "income": MONEY,
    "is_estimate": ANSWER, "value_chain": ANSWER,
    "rating": st.sampled_from(["", "", "good", "bad"]),
    "submitted_at": st.sampled_from(["", "", "2020-03-01T08:00:00", "nope"]),
})
STORED = ("organization__code", "year", "members", "members_official", "members_associate", "workers",
          "workers_regular", "revenue", "revenue_with_members", "income", "is_estimate", "value_chain",
          "first_submitted_at")


@pytest.fixture(autouse=True)
def register():
    """A1 (established 2015) and B2 (reported for 2017) in the register; N1 comes with each import."""
    with translation.override("en"):
        import_tables({"organizations": [
            {"code": c, "kind": "htx", "name": f"HTX {c}", "unit": "303", "established_on": d}
            for c, d in (("A1", "2015-06-01"), ("B2", "2010-01-01"))],
            "annual_reports": [{"org_code": "B2", "year": "2017", "members": "9"}]})
        yield


def look_at_everything(self, known):
    """The reference: every staged row through the Python checks."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {staging.STAGE} SET state = {staging.LOOK}")
        cursor.execute(f"SELECT n FROM {staging.STAGE} ORDER BY n")
        return [n for (n,) in cursor.fetchall()]


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def outcome(rows, reference=False):
    """(problems, stored reports) of importing ``rows`` with a new organisation N1, then undone."""
    tables = {"organizations": [{"code": "N1", "kind": "htx", "name": "HTX N1", "unit": "303",
                                 "established_on": "2016-02-01"}],
              "annual_reports": rows}
    patch = mock.patch.object(staging.ReportStage, "screen", look_at_everything) if reference else nullcontext()
    with translation.override("en"), rolled_back(), patch:
        try:
            import_tables(tables)
        except ImportRejected as rejected:
            return [(p.file, p.row, p.column, p.value, p.rule) for p in rejected.problems], []
        return [], list(AnnualReport.objects.filter(organization__code__in=["A1", "N1", "B2"])
                        .order_by("id").values_list(*STORED))


@contextmanager
def nullcontext():
    yield


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=1, max_size=6))
def test_the_screen_judges_as_the_python_checks(rows):
    assert outcome(rows) == outcome(rows, reference=True)


def good(**cells):
    return {"org_code": "A1", "year": "2016", "members": "10", "members_official": "8", "members_associate": "2",
            "revenue": "120.5", "revenue_with_members": "80", **cells}


def test_plain_rows_skip_the_python_checks_and_are_stored_as_given():
    looked = []
    screen = staging.ReportStage.screen

    def spy(self, known):
        looked.extend(screen(self, known))
        return looked

    with mock.patch.object(staging.ReportStage, "screen", spy):
        import_tables({"annual_reports": [good(), good(year="2017", revenue="-0", members="7", members_official="",
                                                   members_associate="", revenue_with_members="")]})
    assert looked == []
    assert list(AnnualReport.objects.filter(organization__code="A1").order_by("year").values_list(
        "year", "members", "members_official", "revenue", "revenue_with_members", "status", "in_force")) == [
        (2016, 10, 8, Decimal("120.5"), Decimal(80), "approved", True),
        (2017, 7, None, Decimal(0), None, "approved", True)]


def test_a_check_between_figures_caught_in_sql_rejects_the_file_with_its_message(english):
    rows = [good(), good(year="2017", members_official="12", members_associate="0", members="12"),
            good(year="2018", revenue_with_members="200.25")]
    with pytest.raises(ImportRejected) as rejected:
        import_tables({"annual_reports": rows})
    assert [(p.row, p.column, p.value, p.rule) for p in rejected.value.problems] == [
        (4, "revenue_with_members", "200.25", "revenue from members (200.25) is more than the revenue (120.5)")]
    assert not AnnualReport.objects.filter(organization__code="A1").exists()


def test_a_check_out_of_force_does_not_fire_and_a_warning_does_not_block(english):
    CheckSetting.objects.filter(code="revenue_with_members").update(active=False, changed_at=datetime.datetime.now(
        datetime.UTC))
    report_checks.forget()
    try:
        import_tables({"annual_reports": [good(revenue_with_members="200.25"),
                                          good(year="2017", members="1", members_official="1", members_associate="0")]})
    finally:
        report_checks.forget()
    assert AnnualReport.objects.filter(organization__code="A1").count() == 2  # 1 official member: a warning only


def test_the_whitespace_stripped_is_pythons():
    assert set(staging.WHITESPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}
