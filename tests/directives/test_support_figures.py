"""Support indicators in scope of a unit, against figures worked out by hand."""

import datetime
from decimal import Decimal

import pytest

from hoptac.directives.figures import award_figures, support_drill, support_figures
from hoptac.directives.models import Award, Support
from hoptac.registry import lifecycle
from tests.accounts.factories import first_commune, make_org, unit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def supported():
    """Two cooperatives in Thuỷ Nguyên (311), one in An Dương (312); the second moves to An Dương in 2021."""
    a = make_org("HP311001", first_commune("311"), "HTX Thủy Sơn")
    b = make_org("HP311002", first_commune("311"), "HTX Lưu Kiếm")
    c = make_org("HP312001", first_commune("312"), "HTX An Đồng")
    lifecycle.record_event(b, "relocated", D(2021, 3, 1), unit=first_commune("312"))
    rows = [
        (a, 2020, "training", "12.5"), (a, 2020, "credit", "300"), (a, 2021, "training", "20"),
        (b, 2020, "land", "100"), (b, 2021, "land", "50"),
        (c, 2021, "technology", "75.25"),
    ]
    for org, year, kind, amount in rows:
        Support.objects.create(organization=org, year=year, kind=kind, amount=Decimal(amount))
    return a, b, c


def test_support_of_a_district_follows_the_unit_of_each_year(supported):
    thuy_nguyen = support_figures(unit("311"), 2020, 2021)
    # 2020: a (12.5 + 300) and b (100) in 311; 2021: only a (20) — b moved to 312 on 1/3/2021.
    assert thuy_nguyen["organizations"] == 2 and thuy_nguyen["rows"] == 4
    assert thuy_nguyen["amount"] == Decimal("432.5")
    assert thuy_nguyen["by_year"] == {2020: {"organizations": 2, "amount": Decimal("412.5")},
                                      2021: {"organizations": 1, "amount": Decimal("20")}}
    assert thuy_nguyen["by_kind"] == {"credit": {"organizations": 1, "amount": Decimal("300")},
                                      "land": {"organizations": 1, "amount": Decimal("100")},
                                      "training": {"organizations": 1, "amount": Decimal("32.5")}}
    an_duong = support_figures(unit("312"), 2020, 2021)
    assert (an_duong["organizations"], an_duong["amount"]) == (2, Decimal("125.25"))


def test_the_province_counts_everything_once(supported):
    city = support_figures(unit("31"), 2020, 2021)
    assert (city["organizations"], city["rows"], city["amount"]) == (3, 6, Decimal("557.75"))
    assert support_figures(unit("31"), 2022, 2025)["organizations"] == 0


def test_drill_through_lists_the_rows_behind_a_figure(supported):
    rows = support_drill(unit("311"), 2020, 2021, kind="training")
    assert [(r.organization.code, r.year, r.amount) for r in rows] == [
        ("HP311001", 2020, Decimal("12.5")), ("HP311001", 2021, Decimal("20"))]
    assert [r.organization.code for r in support_drill(unit("312"), 2021, 2021)] == ["HP311002", "HP312001"]


def test_awards_in_scope_of_a_district_and_of_the_province(supported):
    a, b, c = supported
    common = {"decision": "2985/QĐ-UBND", "decided_on": D(2021, 10, 25), "issuer": "UBND"}
    Award.objects.create(recipient_kind="organization", organization=a, unit=a.unit, **common)
    Award.objects.create(recipient_kind="organization", organization=c, unit=c.unit, **common)
    Award.objects.create(recipient_kind="collective", recipient="Phòng Kinh tế huyện Thủy Nguyên",
                         unit=unit("311"), **common)
    Award.objects.create(recipient_kind="individual", recipient="Nguyễn Văn An", unit=first_commune("311"), **common)
    Award.objects.create(recipient_kind="individual", recipient="Trần Thị Bình", **common)  # a city officer
    period = (D(2002, 1, 1), D(2021, 12, 31))
    assert award_figures(unit("311"), *period) | {"decisions": None} == {
        "collectives": 2, "individuals": 1, "decisions": None}
    city = award_figures(unit("31"), *period)
    assert (city["collectives"], city["individuals"]) == (3, 2)
    assert city["decisions"] == [(D(2021, 10, 25), "2985/QĐ-UBND")]
    assert award_figures(unit("31"), D(2022, 1, 1), D(2022, 12, 31))["collectives"] == 0
