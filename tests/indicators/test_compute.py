"""compute(): each indicator of SPEC §3 on small, hand-checked registers."""

import datetime
from decimal import Decimal

import pytest

from hoptac.indicators import engine
from hoptac.indicators.engine import IndicatorInputError, compute, compute_for_code
from hoptac.registry import lifecycle
from hoptac.registry.models import Grdp

pytestmark = pytest.mark.django_db
D = datetime.date
END_2021 = D(2021, 12, 31)


@pytest.fixture
def hai_phong(unit_on):
    return unit_on("31", END_2021)


def test_counts_by_status_and_sector(make_org, hai_phong):
    make_org(unit="303", sector="agriculture")
    suspended = make_org(unit="304", sector="")
    stopped = make_org(unit="305", sector="trade")
    dissolved = make_org(unit="305", sector="trade")
    lifecycle.record_event(suspended, "suspended", D(2021, 5, 1))
    lifecycle.record_event(stopped, "stopped", D(2019, 5, 1))
    lifecycle.record_event(dissolved, "dissolved", D(2020, 5, 1))
    v = compute(hai_phong, END_2021)
    assert (v["htx.total"], v["htx.active"], v["htx.not_operating"]) == (3, 1, 2)
    assert v["htx.by_sector"] == {"agriculture": 1, "trade": 1, "unclassified": 1}


def test_organisation_established_after_the_date_is_not_counted(make_org, hai_phong):
    make_org(established_on=D(2022, 1, 1))
    assert compute(hai_phong, END_2021)["htx.total"] == 0


def test_other_kinds_have_their_own_totals(make_org, hai_phong):
    make_org(kind="lhhtx")
    make_org(kind="tht")
    make_org(kind="tht")
    fund = make_org(kind="qtdnd")
    lifecycle.record_event(fund, "merged", D(2020, 1, 1))
    v = compute(hai_phong, END_2021)
    assert (v["lhhtx.total"], v["tht.total"], v["qtdnd.total"], v["htx.total"]) == (1, 2, 0, 0)


def test_established_and_dissolved_in_the_period(make_org, hai_phong):
    make_org(established_on=D(2001, 6, 1))
    a = make_org(established_on=D(2002, 1, 1))
    make_org(kind="lhhtx", established_on=D(2010, 1, 1))
    fund = make_org(kind="qtdnd", established_on=D(2003, 1, 1))
    converted = make_org(established_on=D(2004, 1, 1))
    lifecycle.record_event(a, "dissolved", D(2021, 12, 31))
    lifecycle.record_event(fund, "dissolved", D(2015, 1, 1))
    lifecycle.record_event(converted, "converted", D(2015, 1, 1))
    v = compute(hai_phong, END_2021, since=D(2002, 1, 1))
    assert (v["htx.established"], v["lhhtx.established"], v["qtdnd.established"]) == (2, 1, 1)
    assert (v["htx.dissolved"], v["qtdnd.dissolved"]) == (1, 1)
    assert compute(hai_phong, END_2021)["htx.dissolved"] == 1  # default period: the year of D
    assert compute(hai_phong, D(2021, 12, 30))["htx.dissolved"] == 0


def test_event_counts_use_the_unit_on_the_event_date(make_org, unit_on):
    org = make_org(unit="303", established_on=D(2005, 1, 1))
    lifecycle.record_event(org, "relocated", D(2010, 1, 1), unit=unit_on("304", D(2010, 1, 1)))
    lifecycle.record_event(org, "dissolved", D(2012, 1, 1))
    since = D(2001, 1, 1)
    at_303 = compute(unit_on("303"), END_2021, since)
    at_304 = compute(unit_on("304"), END_2021, since)
    assert (at_303["htx.established"], at_303["htx.dissolved"]) == (1, 0)
    assert (at_304["htx.established"], at_304["htx.dissolved"]) == (0, 1)


def test_report_figures(make_org, report, hai_phong):
    a = make_org()
    b = make_org(kind="lhhtx")
    c = make_org(kind="tht")
    report(a, 2021, members=10, workers=4, revenue="100.5", income="40", value_added=30)
    report(b, 2021, members=99, workers=6, revenue=None, income="50", value_added=20)
    report(c, 2021, members=5, workers=2, revenue=1000, income=1000, value_added=50)
    report(a, 2020, members=1, workers=1, revenue=1, income=1, value_added=1)
    v = compute(hai_phong, END_2021)
    assert (v["members.total"], v["workers.total"]) == (10, 4)  # htx only
    assert v["revenue.avg"] == Decimal("100.5")  # reports without revenue are left out
    assert v["income.avg"] == (Decimal(40) * 4 + Decimal(50) * 6) / 10
    assert v["reports.coverage_pct"] == Decimal(100)
    assert v["grdp.share_pct"] is None
    Grdp.objects.create(unit=hai_phong, year=2021, grdp=Decimal(10000))
    assert compute(hai_phong, END_2021)["grdp.share_pct"] == Decimal(100) * 100 / 10000


def test_money_sums_are_exact(make_org, report, hai_phong):
    for value in ("0.1", "0.2", "1234567.8901"):
        report(make_org(), 2021, revenue=value)
    assert compute(hai_phong, END_2021)["revenue.avg"] == Decimal("1234568.1901") / 3


def test_baseline_ratios(make_org, report, hai_phong):
    a = make_org(established_on=D(2000, 1, 1))
    report(a, 2001, revenue=200, income=10, workers=1)
    report(a, 2021, revenue=100, income=31, workers=1)
    v = compute(hai_phong, END_2021, baseline_year=2001)
    assert v["revenue.avg_vs_baseline_pct"] == Decimal(50)
    assert v["income.avg_vs_baseline_ratio"] == Decimal("3.1")
    assert compute(hai_phong, END_2021)["revenue.avg_vs_baseline_pct"] is None
    assert compute(hai_phong, END_2021, baseline_year=1999)["income.avg_vs_baseline_ratio"] is None


def test_coverage_counts_organisations_existing_at_year_end(make_org, report, hai_phong):
    a = make_org()
    make_org()
    make_org(kind="tht")
    gone = make_org()
    lifecycle.record_event(gone, "dissolved", D(2021, 6, 1))
    report(a, 2021, members=1)
    report(gone, 2021, members=1)
    assert compute(hai_phong, END_2021)["reports.coverage_pct"] == Decimal(100)  # 2 reports / 2 existing
    assert compute(hai_phong, D(2021, 3, 1))["reports.coverage_pct"] == Decimal(100)


def test_old_unit_counts_under_the_new_province_after_the_reform(make_org, unit_on):
    org = make_org(unit="303", established_on=D(2005, 1, 1))
    make_org(unit="303", established_on=D(2025, 3, 1))
    lifecycle.record_event(org, "dissolved", D(2025, 2, 1))
    new_31 = unit_on("31", D(2025, 12, 31))
    v = compute(new_31, D(2025, 12, 31), since=D(2025, 1, 1))
    assert (v["htx.total"], v["htx.established"], v["htx.dissolved"]) == (1, 1, 1)
    assert compute(unit_on("01", D(2025, 12, 31)), D(2025, 12, 31))["htx.total"] == 0


def test_national_counts_everything(make_org):
    make_org(unit="303")
    make_org(unit="001")
    assert compute(engine.NATIONAL, END_2021)["htx.total"] == 2


def test_compute_runs_a_handful_of_queries(make_org, hai_phong, django_assert_max_num_queries):
    make_org()
    # v2: one to look up the year's reporting window; three grouped ones for the v2 events, report fields and ratings;
    # one to read the register's change stamp (indicators.answers)
    with django_assert_max_num_queries(12):
        compute(hai_phong, D(2021, 6, 30), since=D(2002, 1, 1), baseline_year=2001)


@pytest.mark.parametrize(
    "args, message",
    [
        (("99", "2021-12-31"), "không tồn tại"),
        (("303", "2026-01-01"), "không có hiệu lực"),
        (("31", "2021-13-01"), "không phải là ngày hợp lệ"),
        (("31", "2021-12-31", "2022-01-01"), "sau ngày tính 31/12/2021"),
        (("31", "2021-12-31", None, "20x1"), "không phải là một năm"),
    ],
)
def test_bad_inputs_raise_one_line(args, message):
    with pytest.raises(IndicatorInputError) as info:
        compute_for_code(*args)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
