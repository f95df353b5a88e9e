"""The v2 data of the demo (SPEC §7 v2): report figures, ratings, windows with late
submissions, population and the official GRDP share — with every §7 figure unchanged."""

import datetime

import pytest

from hoptac.demo import calibration as cal
from hoptac.geo.models import Unit
from hoptac.indicators.engine import compute
from hoptac.registry import report_checks
from hoptac.registry.models import AnnualReport, Grdp, ReportingWindow, YearRating

pytestmark = pytest.mark.django_db


def test_reports_of_2019_to_2025_carry_consistent_v2_figures(demo):
    v2 = AnnualReport.objects.filter(in_force=True, organization__kind="htx", members_official__isnull=False)
    assert set(v2.values_list("year", flat=True)) == set(range(2019, 2026))
    assert not AnnualReport.objects.filter(year__lt=2019, members_official__isnull=False).exists()
    for report in v2.filter(year=2023):
        figures = {name: getattr(report, name) for name in (*report_checks.V1_COUNTS, *report_checks.V1_MONEY,
                                                            *report_checks.V2_FIELDS)}
        assert report_checks.run(figures, year=2023, kind="htx", severity=report_checks.ERROR) == []
    answers = set(v2.values_list("value_chain", flat=True))
    assert answers == {True, False, None}  # yes, no, and not answered
    below = [r for r in v2 if r.members_official < report_checks.legal_minimum_members(r.year)]
    assert 0 < len(below) < 0.05 * len(v2)  # a few, for the data-quality finding


def test_cooperatives_are_rated_every_year_from_2019(demo):
    years = set(YearRating.objects.values_list("year", flat=True))
    assert years == set(range(2019, 2026))
    assert set(YearRating.objects.values_list("rating", flat=True)) == {"good", "fair", "average", "weak"}
    assert not YearRating.objects.exclude(organization__kind="htx").exists()


def test_windows_with_deadlines_and_some_late_submissions(demo):
    assert list(ReportingWindow.objects.order_by("year").values_list("year", "deadline"))[:2] == [
        (2019, datetime.date(2020, 3, 31)), (2020, datetime.date(2021, 3, 31))]
    window = ReportingWindow.objects.get(year=2021)
    submitted = AnnualReport.objects.filter(year=2021, in_force=True, first_submitted_at__isnull=False)
    late = [r for r in submitted if not window.is_on_time(r.first_submitted_at)]
    assert 0 < len(late) < 0.2 * len(submitted)
    city = Unit.objects.resolve("31", cal.D)
    on_time = compute(city, cal.D)["reports.on_time_pct"]
    # Of the cooperatives existing at the end of 2021 (the not operating ones do not report), those on time.
    assert 0 < on_time < 100 * (len(submitted) - len(late)) / len(submitted)


def test_population_and_official_share_from_2019_with_sources(demo):
    rows = Grdp.objects.filter(population__isnull=False).order_by("year")
    assert [r.year for r in rows] == list(range(2019, 2026))
    assert all(r.population_source and r.grdp_share_official and r.grdp_share_official_source for r in rows)
    assert not Grdp.objects.filter(year__lt=2019, population__isnull=False).exists()
