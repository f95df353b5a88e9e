import datetime

import pytest
from django.utils import translation

from hoptac.geo.models import Unit, UnitNotFound

pytestmark = pytest.mark.django_db

BEFORE = datetime.date(2021, 12, 31)
AFTER = datetime.date(2026, 1, 1)
HAI_PHONG_DISTRICTS = ["303", "304", "305", "306", "307", "308", "309", "311", "312", "313", "314", "315", "316", "317", "318"]


@pytest.mark.parametrize("code", HAI_PHONG_DISTRICTS)
def test_each_pre_reform_district_resolves_under_hai_phong(code):
    district = Unit.objects.resolve(code, BEFORE)
    assert district.level == 2
    assert district.regime == "old"
    assert [u.code for u in district.ancestors()] == ["31"]


def test_province_31_has_exactly_fifteen_districts_before_the_reform():
    province = Unit.objects.resolve("31", BEFORE)
    assert sorted(u.code for u in province.children.all()) == HAI_PHONG_DISTRICTS


def test_after_the_reform_31_holds_communes_of_former_hai_phong_and_hai_duong():
    province = Unit.objects.resolve("31", AFTER)
    assert province.regime == "new"
    under = province.descendants()
    new_communes = under.filter(regime="new", level=3)
    assert new_communes.count() > 100
    old_provinces = set(under.filter(regime="old", level=1).values_list("code", flat=True))
    assert old_provinces == {"30", "31"}  # Hải Dương and Hải Phòng
    old_communes_from = set(under.filter(regime="old", level=3).values_list("parent__parent__code", flat=True))
    assert old_communes_from == {"30", "31"}


def test_old_district_311_maps_to_its_new_communes():
    district = Unit.objects.resolve("311", BEFORE)
    communes = district.new_units().filter(level=3)
    assert communes.count() >= 5
    assert {c.parent.code for c in communes} == {"31"}
    # every old commune of 311 maps into one of those new communes
    for old_commune in district.children.all():
        assert old_commune.new_units().filter(pk__in=communes).exists()


def test_new_commune_lists_the_old_communes_that_map_into_it():
    district = Unit.objects.resolve("311", BEFORE)
    new_commune = district.new_units().filter(level=3).first()
    old = new_commune.old_units()
    assert old.exists()
    assert all(o.regime == "old" for o in old)


def test_the_chain_of_parents_of_an_old_commune():
    commune = Unit.objects.resolve("311", BEFORE).children.first()
    assert [u.level for u in commune.ancestors()] == [2, 1]


def test_unknown_code_is_a_clear_error_in_the_language_of_the_page():
    with pytest.raises(UnitNotFound, match="mã đơn vị '99999' không tồn tại"):
        Unit.objects.resolve("99999", BEFORE)
    with translation.override("en"), pytest.raises(UnitNotFound, match="'99999' does not exist"):
        Unit.objects.resolve("99999", BEFORE)


def test_code_used_when_not_in_force_is_a_clear_error():
    with pytest.raises(UnitNotFound, match=r"'311' không có hiệu lực vào ngày 01/01/2026"):
        Unit.objects.resolve("311", AFTER)
    with translation.override("en"), pytest.raises(UnitNotFound, match=r"'311' is not in force on 01/01/2026"):
        Unit.objects.resolve("311", AFTER)


def test_every_unit_of_both_systems_is_loaded():
    assert Unit.objects.filter(regime="old", level=1).count() == 63
    assert Unit.objects.filter(regime="new", level=1).count() == 34
    assert Unit.objects.filter(regime="old", level=2).count() > 690
    assert Unit.objects.filter(regime="new", level=3).count() > 3300
