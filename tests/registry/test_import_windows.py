"""Reporting windows and first-submission moments in the interchange format (SPEC §4 v2)."""

import datetime

import pytest
from django.utils import translation

from hoptac.audit.models import AuditEntry
from hoptac.registry.interchange import ImportRejected, export_tables, import_tables
from hoptac.registry.models import REPORTING_TZ, AnnualReport, ReportingWindow

pytestmark = pytest.mark.django_db

ORG = {"code": "HP-0001", "kind": "htx", "name": "HTX An Lư", "unit": "303", "established_on": "2005-03-01"}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_windows_and_submission_moments_import_and_export():
    result = import_tables({
        "organizations": [ORG],
        "annual_reports": [{"org_code": "HP-0001", "year": "2021", "members": "62", "submitted_at": "2022-03-31T23:59:59"},
                           {"org_code": "HP-0001", "year": "2020", "members": "60"}],
        "windows": [{"year": "2021", "opens_on": "2022-01-01", "deadline": "2022-03-31"}],
    })
    assert result.counts() == {"organizations": 1, "events": 0, "annual_reports": 2, "macro": 0, "targets": 0,
                               "windows": 1, "documents": 0, "tasks": 0, "task_progress": 0, "support": 0, "awards": 0}
    assert AuditEntry.objects.get(action="registry.import").after == result.counts()
    window = ReportingWindow.objects.get()
    assert (window.year, window.opens_on, window.deadline) == (2021, datetime.date(2022, 1, 1), datetime.date(2022, 3, 31))
    moment = AnnualReport.objects.get(year=2021).first_submitted_at
    assert moment == datetime.datetime(2022, 3, 31, 23, 59, 59, tzinfo=REPORTING_TZ)  # no offset: Việt Nam time
    tables = export_tables()
    assert tables["windows"] == [[2021, datetime.date(2022, 1, 1), datetime.date(2022, 3, 31)]]
    assert [r[9] for r in tables["annual_reports"]] == [None, "2022-03-31T23:59:59+07:00"]


def test_a_deadline_before_the_window_opens_is_refused_and_nothing_is_written():
    with pytest.raises(ImportRejected) as caught:
        import_tables({
            "organizations": [ORG],
            "windows": [{"year": "2021", "opens_on": "2022-04-01", "deadline": "2022-03-31"},
                        {"year": "2022", "opens_on": "2023-01-01", "deadline": "2023-03-31"},
                        {"year": "2022", "opens_on": "2023-01-01", "deadline": "2023-04-30"}],
        })
    found = [(p.file, p.row, p.column, p.value, p.rule) for p in caught.value.problems]
    assert found == [
        ("windows.csv", 2, "deadline", "2022-03-31", "before the window opens (01/04/2022)"),
        ("windows.csv", 4, "year", "2022", "a reporting window for this year is already in row 3"),
    ]
    assert not ReportingWindow.objects.exists()
    assert not AnnualReport.objects.exists()


def test_a_malformed_submission_moment_is_named():
    with pytest.raises(ImportRejected) as caught:
        import_tables({"organizations": [ORG],
                       "annual_reports": [{"org_code": "HP-0001", "year": "2021", "submitted_at": "31/03/2022"}]})
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("annual_reports.csv", 2, "submitted_at")
    assert "date-time" in problem.rule
