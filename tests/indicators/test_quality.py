"""Data-quality findings, each listing the organisations concerned."""

import datetime
from decimal import Decimal

import pytest

from hoptac.indicators.quality import quality_findings, robust_z
from tests.indicators.registers import build_small_register, unit

pytestmark = pytest.mark.django_db
D = datetime.date


def findings(code="31", year=2021):
    return {f.code: f for f in quality_findings(unit(code, D(year, 12, 31)), year)}


def codes_of(finding):
    return sorted(o["code"] for o in finding.organizations)


def test_unclassified_missing_duplicates_and_breakdown():
    build_small_register()
    f = findings()
    assert codes_of(f["sector.unclassified"]) == ["A2", "C1"]
    assert codes_of(f["report.missing"]) == ["A2", "A5"]  # A2 stopped reporting in 2020; A5 never did
    assert codes_of(f["name.duplicate"]) == ["A1", "A5"]  # "HTX A1" twice in district 303
    assert codes_of(f["breakdown.incomplete"]) == ["A2"]
    assert f["breakdown.incomplete"].detail == "htx.total là 4; tổng theo lĩnh vực là 3"  # Vietnamese by default


def test_active_without_reports_for_three_years(make_org, report):
    quiet = make_org(established_on=D(2010, 1, 1))
    report(quiet, 2018, members=5)
    recent = make_org(established_on=D(2020, 1, 1))
    f = findings()
    assert codes_of(f["report.stale"]) == [quiet.code]
    assert recent.code not in codes_of(f["report.stale"])


def test_outliers_by_robust_z_score(make_org, report):
    orgs = [make_org() for _ in range(12)]
    for i, org in enumerate(orgs):
        report(org, 2021, members=20 + i % 3, workers=5, revenue=1000 + 10 * i, income=40)
    big = make_org()
    report(big, 2021, members=5000, workers=5, revenue=1050, income=40)
    f = findings()
    assert codes_of(f["report.outlier.members"]) == [big.code]
    assert f["report.outlier.revenue"].organizations == []
    assert f["report.outlier.workers"].organizations == []  # all equal: nothing flagged


def test_robust_z_of_flat_values_is_empty():
    assert robust_z([Decimal(3)] * 5) == {}
