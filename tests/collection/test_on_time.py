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


def submitted(world, org, moment):
    report = workflow.save_draft(world["province_officer"], org, YEAR, f.FIGURES)
    return workflow.submit(world["province_officer"], report, now=moment)


def test_a_submission_at_the_last_second_of_the_deadline_is_on_time(world, window):
    submitted(world, world.own_org, LAST_SECOND)
    assert window.is_on_time(AnnualReport.objects.get().first_submitted_at)
    assert compute(f.unit("303"), D)["reports.on_time_pct"] == Decimal(100)


def test_a_submission_one_second_later_is_late(world, window):
    submitted(world, world.own_org, FIRST_SECOND_AFTER)
    assert not window.is_on_time(AnnualReport.objects.get().first_submitted_at)
    assert compute(f.unit("303"), D)["reports.on_time_pct"] == Decimal(0)


def test_the_rate_counts_every_cooperative_that_should_report(world, window):
    late = f.org(unit_code=f.OWN_COMMUNE)
    f.org(unit_code=f.OWN_COMMUNE)  # never reported: counts against the rate
    f.org(unit_code=f.OWN_COMMUNE, kind="tht")  # cooperative groups are not in the rate
    submitted(world, world.own_org, LAST_SECOND)
    submitted(world, late, FIRST_SECOND_AFTER)
    values = compute(f.unit("303"), D)
    assert values["reports.on_time_pct"] == Decimal(100) / 3
    assert series("303", YEAR, YEAR)[0]["values"]["reports.on_time_pct"] == Decimal(100) / 3


def test_the_first_submission_is_kept_through_returns_and_corrections(world, window):
    report = submitted(world, world.own_org, LAST_SECOND)
    report = workflow.return_report(world["local_officer"], report, comment="Sai doanh thu", now=at(2022, 4, 2, 8, 0))
    report = workflow.save_draft(world["cooperative"], world.own_org, YEAR, {**f.FIGURES, "revenue": 9000})
    report = workflow.submit(world["cooperative"], report, now=at(2022, 4, 5, 9, 0))
    assert report.first_submitted_at == LAST_SECOND
    assert report.submitted_at == at(2022, 4, 5, 9, 0)
    report = workflow.verify(world["local_officer"], report, now=at(2022, 4, 6, 9, 0))
    approved = workflow.approve(world["province_officer"], report, now=at(2022, 4, 7, 9, 0))
    correction = workflow.reopen(world["province_officer"], approved, reason="Sai số thành viên", now=at(2022, 6, 1, 9, 0))
    correction = workflow.submit(world["cooperative"], correction, now=at(2022, 6, 2, 9, 0))
    assert correction.first_submitted_at == LAST_SECOND
    assert compute(f.unit("303"), D)["reports.on_time_pct"] == Decimal(100)


def test_no_window_or_no_submission_moment_gives_null(world):
    submitted(world, world.own_org, LAST_SECOND)
    assert compute(f.unit("303"), D)["reports.on_time_pct"] is None  # no window for the year
    ReportingWindow.objects.create(year=YEAR, opens_on=datetime.date(2022, 1, 1), deadline=datetime.date(2022, 3, 31))
    AnnualReport.objects.update(first_submitted_at=None)  # data imported without a moment
    assert compute(f.unit("303"), D)["reports.on_time_pct"] is None
