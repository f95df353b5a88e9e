"""The v2 indicators on a small register: each definition of SPEC §3 v2 on hand-made figures."""

import datetime
from decimal import Decimal

import pytest

from hoptac.indicators.engine import compute, report_support
from hoptac.registry.models import AnnualReport, Grdp, YearRating
from tests.indicators.registers import unit

pytestmark = pytest.mark.django_db
D = datetime.date
END = D(2024, 12, 31)


@pytest.fixture
def hai_phong(make_org):
    orgs = [make_org(unit="303", established_on=D(2020, 1, 1), sector=s) for s in ("agriculture", "trade", "")]
    figures = [
        dict(members=10, members_official=8, value_chain=True, profit=Decimal(-50), revenue=Decimal(100),
             revenue_with_members=Decimal(40), managers=4, managers_college=1, high_tech=False),
        dict(members=20, members_official=None, value_chain=False, profit=Decimal(150), revenue=Decimal(300),
             revenue_with_members=None, managers=0, managers_college=0, high_tech=True),
        dict(members=30, members_official=25, value_chain=None, profit=None, revenue=Decimal(0),
             revenue_with_members=Decimal(0), managers=None, managers_college=2, high_tech=None),
    ]
    for org, f, rating in zip(orgs, figures, ("good", "weak", "fair")):
        AnnualReport.objects.create(organization=org, year=2024, status="approved", in_force=True, **f)
        YearRating.objects.create(organization=org, year=2024, rating=rating)
    make_org(kind="qtdnd", unit="304", established_on=D(2010, 1, 1), sector="credit")
    return orgs


def test_sums_ratios_and_ratings(hai_phong):
    v = compute(unit("31", END), END)
    assert v["htx.total_incl_qtdnd"] == 4
    assert (v["htx.agriculture"], v["htx.non_agriculture"]) == (1, 1)  # the unclassified one in neither
    assert v["members.official"] == 33 and v["members.joined"] is None
    assert v["profit.avg"] == Decimal(50)  # (−50 + 150) / 2
    assert v["revenue.with_members_pct"] == Decimal(40)  # 40 / 100: the report with revenue 0 is left out
    assert v["htx.good_fair_pct"] * 3 == Decimal(200)
    assert v["htx.value_chain_pct"] == Decimal(50)
    assert v["htx.value_chain_of_good_fair_pct"] == Decimal(100)  # the fair one did not answer
    assert v["htx.high_tech"] == 1
    assert v["managers.college_pct"] == Decimal(25)
    assert v["population.share_pct"] is None and "grdp.share_source" not in v
    support = report_support(unit("31", END), END)
    assert (support["htx.good_fair_pct"], support["members.official"], support["profit.avg"]) == (3, 2, 2)


def test_official_share_wins_over_the_estimate_and_population_share(hai_phong):
    Grdp.objects.create(unit=unit("31", END), year=2024, grdp=Decimal(6000), population=600)
    v = compute(unit("31", END), END)
    assert v["grdp.share_source"] == "estimate" and v["population.share_pct"] == Decimal(10)
    Grdp.objects.filter(year=2024).update(grdp_share_official=Decimal("4.2"))
    v = compute(unit("31", END), END)
    assert (v["grdp.share_pct"], v["grdp.share_source"]) == (Decimal("4.2"), "official")
