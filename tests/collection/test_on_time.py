"""On-time reporting (SPEC §2 v2, §3 ``reports.on_time_pct``): the first submission of a
year is kept for good and compared with the deadline's end, 23:59:59 Việt Nam time."""

import datetime
from decimal import Decimal

import pytest

from hoptac.collection import workflow
from hoptac.indicators.engine import compute, series
from hoptac.registry.models import REPORTING_TZ, AnnualReport, ReportingWindow

from . import factories as f

YEAR = 2021
D = datetime.date(YEAR, 12, 31)


def at(*args):
    return datetime.datetime(*args, tzinfo=REPORTING_TZ)


LAST_SECOND = at(2022, 3, 31, 23, 59, 59)
FIRST_SECOND_AFTER = at(2022, 4, 1, 0, 0, 0)


@pytest.fixture
def window(db):
    return ReportingWindow.objects.create(year=YEAR, opens_on=datetime.date(2022, 1, 1),
                                          deadline=datetime.date(2022, 3, 31))


def submitted(people, org, moment):
    report = workflow.save_draft(people.province, org, YEAR, f.FIGURES)
    return workflow.submit(people.province, report, now=moment)


def test_a_submission_at_the_last_second_of_the_deadline_is_on_time(people, window):
    submitted(people, people.organization, LAST_SECOND)
    assert window.is_on_time(AnnualReport.objects.get().first_submitted_at)
    assert compute(f.unit("303"), D)["reports.on_time_pct"] == Decimal(100)


def test_a_submission_one_second_later_is_late(people, window):
    submitted(people, people.organization, FIRST_SECOND_AFTER)
    assert not window.is_on_time(AnnualReport.objects.get().first_submitted_at)
    assert compute(f.unit("303"), D)["reports.on_time_pct"] == Decimal(0)


def test_the_rate_counts_every_cooperative_that_should_report(people, window):
    late = f.org(unit_code=f.OWN_COMMUNE)
    f.org(unit_code=f.OWN_COMMUNE)  # never reported: counts against the rate
    f.org(unit_code=f.OWN_COMMUNE, kind="tht")  # cooperative groups are not in the rate
    submitted(people, people.organization, LAST_SECOND)
    submitted(people, late, FIRST_SECOND_AFTER)
    values = compute(f.unit("303"), D)
    assert values["reports.on_time_pct"] == Decimal(100) / 3
    assert series("303", YEAR, YEAR)[0]["values"]["reports.on_time_pct"] == Decimal(100) / 3


def test_the_first_submission_is_kept_through_returns_and_corrections(people, window):
    report = submitted(people, people.organization, LAST_SECOND)
    report = workflow.return_report(people.local, report, comment="Sai doanh thu", now=at(2022, 4, 2, 8, 0))
    report = workflow.save_draft(people.cooperative, people.organization, YEAR, {**f.FIGURES, "revenue": 9000})
    report = workflow.submit(people.cooperative, report, now=at(2022, 4, 5, 9, 0))
    assert report.first_submitted_at == LAST_SECOND
    assert report.submitted_at == at(2022, 4, 5, 9, 0)
    report = workflow.verify(people.local, report, now=at(2022, 4, 6, 9, 0))
    approved = workflow.approve(people.province, report, now=at(2022, 4, 7, 9, 0))
    correction = workflow.reopen(people.province, approved, reason="Sai số thành viên", now=at(2022, 6, 1, 9, 0))
    correction = workflow.submit(people.cooperative, correction, now=at(2022, 6, 2, 9, 0))
    assert correction.first_submitted_at == LAST_SECOND
    assert compute(f.unit("303"), D)["reports.on_time_pct"] == Decimal(100)


def test_no_window_or_no_submission_moment_gives_null(people):
    submitted(people, people.organization, LAST_SECOND)
    assert compute(f.unit("303"), D)["reports.on_time_pct"] is None  # no window for the year
    ReportingWindow.objects.create(year=YEAR, opens_on=datetime.date(2022, 1, 1), deadline=datetime.date(2022, 3, 31))
    AnnualReport.objects.update(first_submitted_at=None)  # data imported without a moment
    assert compute(f.unit("303"), D)["reports.on_time_pct"] is None
