"""Unit names as they were on the date shown (SPEC §2 v2): the table of renames and upgrades."""

import datetime

import pytest

from hoptac.geo.models import Unit
from hoptac.geo.names import earlier_names, name_on

pytestmark = pytest.mark.django_db
D = datetime.date


def test_thuy_nguyen_is_a_district_in_2021_and_a_city_in_2025():
    thuy_nguyen = Unit.objects.resolve("311", D(2021, 12, 31))
    assert name_on(thuy_nguyen, D(2021, 12, 31)) == "Huyện Thuỷ Nguyên"
    assert name_on(thuy_nguyen, D(2024, 12, 31)) == "Huyện Thuỷ Nguyên"
    assert name_on(thuy_nguyen, D(2025, 1, 1)) == "Thành phố Thuỷ Nguyên"


def test_a_unit_without_a_recorded_rename_keeps_the_package_name():
    hong_bang = Unit.objects.resolve("303", D(2021, 12, 31))
    assert name_on(hong_bang, D(2005, 1, 1)) == hong_bang.name == "Quận Hồng Bàng"


def test_every_row_of_the_table_names_a_unit_of_the_package():
    for (code, regime), names in earlier_names().items():
        unit = Unit.objects.get(code=code, regime=regime)
        assert all(name != unit.name for _until, name in names), code


def test_a_2021_view_names_the_district_of_thuy_nguyen(make_org, capsys):
    """The indicators command, the drill-through and the review report of 2021 say "Huyện Thuỷ Nguyên"."""
    import json

    from django.core.management import call_command

    from hoptac.indicators.drill import drill
    from hoptac.reports.data import collect

    org = make_org(unit="311", established_on=D(2010, 1, 1))
    call_command("indicators", "--unit", "311", "--date", "2021-12-31", "--format", "json")
    assert json.loads(capsys.readouterr().out)["unit"]["name"] == "Huyện Thuỷ Nguyên"
    call_command("indicators", "--unit", "311", "--date", "2025-03-31", "--format", "json")
    assert json.loads(capsys.readouterr().out)["unit"]["name"] == "Thành phố Thuỷ Nguyên"

    hai_phong = Unit.objects.resolve("31", D(2021, 12, 31))
    [row] = drill(hai_phong, D(2021, 12, 31), "htx.total")
    assert row["code"] == org.code and row["unit"]["name"] == "Huyện Thuỷ Nguyên"

    report = collect("311", 2021)
    assert report.unit.name == "Huyện Thuỷ Nguyên"
    assert "Huyện Thuỷ Nguyên" in [c.name for c in collect("31", 2021).children]
