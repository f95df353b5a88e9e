"""Targets: latest value, gap, linear projection, verdict per comparator."""

import datetime
from decimal import Decimal

import pytest

from hoptac.indicators.targets import linear_projection, meets, targets_progress
from hoptac.registry.models import Target
from tests.indicators.registers import unit

pytestmark = pytest.mark.django_db
D = datetime.date


def test_linear_projection_follows_the_trend_and_is_clamped():
    points = [(2017, 10), (2018, 12), (2019, 14), (2020, 16), (2021, 18)]
    assert linear_projection(points, 2030) == Decimal(36)
    assert linear_projection([(2020, 10), (2021, 5)], 2030) == 0
    assert linear_projection([(2021, 7)], 2030) == 7


@pytest.mark.parametrize(
    "value, op, target, ok",
    [(501, ">", 500, True), (500, ">", 500, False), (500, ">=", 500, True), (300, "<=", 299, False),
     (330, "~", 300, True), (331, "~", 300, False), (270, "~", 300, True), (269, "~", 300, False)],
)
def test_comparators(value, op, target, ok):
    assert meets(value, op, target) is ok


def test_progress_of_a_growing_count(make_org):
    for year in range(2017, 2022):
        for i in range(2):
            make_org(established_on=D(year, 3, 1 + i))
    hp = unit("31", D(2021, 12, 31))
    Target.objects.create(indicator="htx.active", unit=hp, year=2030, op=">", value=15, source="KH 74")
    Target.objects.create(indicator="htx.active", unit=hp, year=2029, op="~", value=100, source="")
    progress = {p.target.year: p for p in targets_progress(hp, D(2022, 6, 30))}
    p = progress[2030]
    assert (p.latest_year, p.latest_value, p.gap) == (2021, Decimal(10), Decimal(5))
    assert p.projection == Decimal(28)  # +2 a year from 10 in 2021
    assert p.verdict == "on-track"
    assert progress[2029].verdict == "off-track"
    assert "Least-squares" in p.method or "bình phương" in p.method


@pytest.mark.django_db
def test_a_target_recorded_after_the_reform_is_read_for_the_same_code_before_it():
    from hoptac.geo.models import Unit
    from hoptac.indicators.targets import targets_progress
    from hoptac.registry.models import Target

    new31 = Unit.objects.resolve("31", datetime.date(2030, 12, 31))
    old31 = Unit.objects.resolve("31", datetime.date(2021, 12, 31))
    Target.objects.create(indicator="htx.active", unit=new31, year=2030, op=">", value=500, source="test")
    progress = targets_progress(old31, datetime.date(2021, 12, 31))
    assert [p.target.indicator for p in progress] == ["htx.active"]
    assert targets_progress(Unit.objects.resolve("01", datetime.date(2021, 12, 31)), datetime.date(2021, 12, 31)) == []


def test_a_falling_trend_that_runs_out_before_the_target_year_is_not_enough_data_not_zero(make_org):
    """The 2021 review projected the GRDP share for 2030 as 0%: a line that reaches zero says nothing."""
    from hoptac.registry import lifecycle

    orgs = [make_org(established_on=D(2016, 3, 1 + i)) for i in range(10)]
    for k, year in enumerate(range(2018, 2022)):  # active on 31/12: 10, 8, 6, 4, 2
        for org in orgs[2 * k:2 * k + 2]:
            lifecycle.record_event(org, "dissolved", D(year, 6, 1))
    hp = unit("31", D(2021, 12, 31))
    Target.objects.create(indicator="htx.active", unit=hp, year=2045, op=">", value=1, source="")
    [p] = targets_progress(hp, D(2021, 12, 31))
    assert p.latest_value > 0 and p.projection is None and p.verdict == "no-data"


def test_a_target_is_judged_on_the_territory_it_was_set_for(make_org):
    """Hải Phòng's 2030 targets were set for the city before it took in Hải Dương (SPEC §3 v2)."""
    make_org(unit="303", established_on=D(2020, 3, 1))  # old Hải Phòng
    make_org(unit="288", established_on=D(2020, 3, 1))  # Hải Dương
    new31, old31 = unit("31", D(2025, 12, 31)), unit("31", D(2021, 12, 31))
    Target.objects.create(indicator="htx.active", unit=new31, year=2030, op=">", value=1, source="NQ",
                          set_on=D(2021, 12, 31), territory_of=D(2021, 12, 31))
    Target.objects.create(indicator="htx.total", unit=new31, year=2030, op=">", value=1, source="KH",
                          set_on=D(2021, 12, 31))  # territory_of defaults to set_on
    Target.objects.create(indicator="tht.total", unit=new31, year=2030, op=">", value=1, source="v1")
    progress = {p.target.indicator: p for p in targets_progress(new31, D(2025, 12, 31))}
    active, total, v1 = progress["htx.active"], progress["htx.total"], progress["tht.total"]
    assert (active.latest_year, active.latest_value) == (2025, 1)  # only the old city's cooperative
    assert (active.territory_unit, active.territory_of) == (old31, D(2021, 12, 31))
    assert (total.latest_value, total.territory_unit) == (1, old31)
    assert (v1.territory_unit, v1.territory_of) == (None, None)
    plain = {p.target.indicator: p for p in targets_progress(old31, D(2024, 12, 31))}
    assert plain["htx.active"].latest_value == 1
