"""The territory basis (SPEC §3 v2, ``territory_of``): Hải Phòng (31) and Hải Dương (30)
merged into the new Hải Phòng on 1/7/2025; the old city's territory is still asked for."""

import datetime
from decimal import Decimal

import pytest

from hoptac.geo.models import Crosswalk, Unit, UnitClosure
from hoptac.indicators import territory
from hoptac.indicators.drill import drill, drill_for_code
from hoptac.indicators.engine import (
    IndicatorInputError,
    breakdown,
    compute,
    compute_for_code,
    series,
    series_for_code,
)
from hoptac.registry import lifecycle
from hoptac.registry.models import AnnualReport, Grdp

pytestmark = pytest.mark.django_db
D = datetime.date
BEFORE, AFTER = D(2025, 6, 30), D(2025, 12, 31)


def pure_new_commune(old_district):
    """A new commune formed only from wards of ``old_district``."""
    under = set(UnitClosure.objects.filter(ancestor=old_district).values_list("descendant_id", flat=True))
    new_31 = Unit.objects.resolve("31", AFTER)
    for commune in new_31.children.order_by("code"):
        olds = set(Crosswalk.objects.filter(new=commune, old__level=3).values_list("old_id", flat=True))
        if olds and olds <= under:
            return commune
    return None


@pytest.fixture
def merged():
    """A and B established in 2020 in a district of old Hải Phòng and of Hải Dương; C and E after
    the reform in new communes formed from that Hải Phòng district and from Hải Dương."""
    hp, hd = Unit.objects.resolve("31", BEFORE), Unit.objects.resolve("30", BEFORE)
    hp_district = next(d for d in hp.children.order_by("code") if pure_new_commune(d))
    hd_district = next(d for d in hd.children.order_by("code") if pure_new_commune(d))

    def htx(code, unit, on, members):
        org = lifecycle.establish(code=code, kind="htx", name=f"HTX {code}", unit=unit, sector="agriculture",
                                  established_on=on)
        AnnualReport.objects.create(organization=org, year=2025, status="approved", in_force=True, members=members)
        return org

    htx("A", hp_district, D(2020, 1, 1), 10)
    htx("B", hd_district, D(2020, 1, 1), 20)
    htx("C", pure_new_commune(hp_district), D(2025, 8, 1), 40)
    htx("E", pure_new_commune(hd_district), D(2025, 8, 1), 80)
    Grdp.objects.create(unit=Unit.objects.resolve("31", AFTER), year=2025, grdp=Decimal(1000),
                        grdp_share_official=Decimal("4.5"), population=1000)
    return {"hp": hp, "hd": hd, "hp_district": hp_district, "new": Unit.objects.resolve("31", AFTER)}


def test_the_plain_query_counts_both_old_provinces(merged):
    values = compute(merged["new"], AFTER)
    assert values["htx.total"] == 4
    assert values["members.total"] == 150
    assert values["grdp.share_pct"] == Decimal("4.5") and values["grdp.share_source"] == "official"
    assert values["population.share_pct"] == Decimal(15)


def test_territory_of_the_day_before_the_reform_counts_only_the_old_city(merged):
    unit, _, _, values = compute_for_code("31", AFTER.isoformat(), territory_of=BEFORE.isoformat())
    assert unit == merged["hp"]
    assert values["htx.total"] == 2  # A, and C in a new commune formed from the old city's wards
    assert values["htx.established"] == 1  # C
    assert values["members.total"] == 50
    # Macro figures belong to the unit and year they were recorded for: none for another territory.
    assert values["grdp.share_pct"] is None and "grdp.share_source" not in values
    assert values["population.share_pct"] is None
    assert [r["code"] for r in drill(merged["hp"], AFTER, "htx.total", territory_of=BEFORE)] == ["A", "C"]


def test_territory_of_the_date_itself_is_the_plain_answer(merged):
    assert compute(merged["new"], AFTER, territory_of=AFTER) == compute(merged["new"], AFTER)


def test_a_district_that_no_longer_exists_is_asked_for_by_its_territory(merged):
    code = merged["hp_district"].code
    with pytest.raises(IndicatorInputError):
        compute_for_code(code, "2026-01-01")
    _, _, _, values = compute_for_code(code, "2026-01-01", territory_of="2024-12-31")
    assert values["htx.total"] == 2
    _, _, _, rows = drill_for_code(code, "2026-01-01", "htx.total", territory_of="2024-12-31")
    assert [r["code"] for r in rows] == ["A", "C"]


def test_the_new_unit_as_it_is_today_for_a_date_before_the_reform(merged):
    _, _, _, values = compute_for_code("31", "2024-12-31", territory_of="2025-12-31")
    assert values["htx.total"] == 2  # A and B: the old units carried forward to the new city


def test_a_code_naming_no_unit_on_the_territory_date_is_an_error(merged):
    with pytest.raises(IndicatorInputError, match="30"):
        compute_for_code("30", "2024-12-31", territory_of="2025-12-31")


def test_series_marks_the_first_point_after_the_territory_changed(merged):
    points = series("31", 2023, 2026)
    assert [p.get("territory_changed", False) for p in points] == [False, False, True, False]
    assert [p["values"]["htx.total"] for p in points] == [1, 1, 4, 4]
    _, fixed = series_for_code("31", "2023-2026", territory_of="2024-12-31")
    assert not any("territory_changed" in p for p in fixed)
    assert [p["values"]["htx.total"] for p in fixed] == [1, 1, 2, 2]
    assert fixed[2]["values"]["members.total"] == 50


def test_breakdown_by_former_districts_on_the_old_territory(merged):
    rows = breakdown(merged["hp"], AFTER, by="children", territory_of=BEFORE)
    by_code = {r["key"]: r["values"]["htx.total"] for r in rows}
    assert by_code[merged["hp_district"].code] == 2
    assert sum(by_code.values()) == 2
    sectors = breakdown(merged["hp"], AFTER, by="sector", territory_of=BEFORE)
    assert [(r["key"], r["values"]["htx.total"]) for r in sectors] == [("agriculture", 2)]


def test_new_units_partly_outside_the_old_territory_are_listed(merged):
    approximated = {new.code: (inside, outside) for new, inside, outside in territory.approximations(merged["hp"])}
    inside, outside = approximated["31"]  # the new city took in Hải Dương too
    assert merged["hp"] in inside and merged["hd"] in outside
    assert territory.approximations(merged["new"]) == []


def test_data_quality_lists_organisations_counted_by_a_boundary_approximation(merged, make_org):
    from hoptac.indicators.quality import quality_findings

    make_org(code="P31", unit="31", established_on=D(2025, 9, 1))  # located only to the new city
    [finding] = [f for f in quality_findings(merged["hp"], 2024) if f.code == "territory.boundary"]
    assert [o["code"] for o in finding.organizations] == ["P31"]
    assert not [f for f in quality_findings(merged["new"], 2025) if f.code == "territory.boundary" and f.organizations]
