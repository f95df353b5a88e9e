"""hoptac indicators / drill / quality: output shapes and one-line errors."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.indicators.registers import build_small_register

pytestmark = pytest.mark.django_db


def run(*args, **opts):
    out = io.StringIO()
    call_command(*args, stdout=out, **opts)
    return out.getvalue()


def test_json_shape_for_a_date():
    build_small_register()
    data = json.loads(run("indicators", unit="31", date="2021-12-31", since="2002-01-01", baseline_year="2001"))
    assert list(data) == ["unit", "date", "since", "baseline_year", "values"]
    assert data["unit"] == {"code": "31", "name": "Thành phố Hải Phòng"}
    assert (data["date"], data["since"], data["baseline_year"]) == ("2021-12-31", "2002-01-01", 2001)
    assert data["values"]["htx.total"] == 4
    assert data["values"]["htx.by_sector"] == {"agriculture": 1, "trade": 1, "transport": 1, "unclassified": 1}
    assert isinstance(data["values"]["revenue.avg"], float)


def test_json_shape_for_years():
    build_small_register()
    data = json.loads(run("indicators", unit="31", years="2019-2021", baseline_year="2001"))
    assert list(data) == ["unit", "baseline_year", "series"]
    assert [p["date"] for p in data["series"]] == ["2019-12-31", "2020-12-31", "2021-12-31"]
    assert [p["since"] for p in data["series"]] == ["2019-01-01", "2020-01-01", "2021-01-01"]
    assert set(data["series"][0]) == {"date", "since", "values"}


def test_csv_for_a_date_and_for_years():
    build_small_register()
    rows = list(csv.reader(io.StringIO(run("indicators", unit="31", date="2021-12-31", format="csv"))))
    assert rows[0] == ["code", "value"]
    assert ["htx.by_sector.unclassified", "1"] in rows
    series = list(csv.DictReader(io.StringIO(run("indicators", unit="31", years="2020-2021", format="csv"))))
    assert [r["date"] for r in series] == ["2020-12-31", "2021-12-31"]


def test_table_uses_vietnamese_labels_and_number_formats(make_org, report):
    org = make_org()
    report(org, 2021, members=62950, workers=8183, revenue="8438.4", income="46.4")
    text = run("indicators", unit="31", date="2021-12-31", format="table")
    assert "Tổng số thành viên hợp tác xã" in text
    assert "62.950" in text and "8.183" in text and "46,4" in text
    english = run("indicators", unit="31", date="2021-12-31", format="table", lang="en")
    assert "Members of cooperatives" in english and "62,950" in english


@pytest.mark.parametrize(
    "opts, message",
    [
        ({"unit": "77777", "date": "2021-12-31"}, "không tồn tại"),
        ({"unit": "303", "date": "2025-07-01"}, "không có hiệu lực vào ngày 01/07/2025"),
        # The command speaks Vietnamese, as its users do.
        ({"unit": "31", "date": "31/13/2021"}, "ngày '31/13/2021' không phải là ngày hợp lệ"),
        ({"unit": "31", "date": "2021-02-30"}, "không phải là ngày hợp lệ"),
        ({"unit": "31", "date": "2021-12-31", "since": "2022-01-01"}, "ngày bắt đầu kỳ 01/01/2022 sau ngày tính 31/12/2021"),
        ({"unit": "31", "years": "2025-2001"}, "A không lớn hơn B"),
        ({"unit": "31", "date": "2021-12-31", "territory_of": "2025-13-45"}, "ngày của địa giới '2025-13-45'"),
        ({"unit": "31", "years": "2001-2025", "format": "table"}, "--date only"),
    ],
)
def test_errors_are_one_line(opts, message):
    with pytest.raises(CommandError) as info:
        run("indicators", **opts)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_drill_command_lists_organisations():
    build_small_register()
    data = json.loads(run("drill", unit="31", date="2021-12-31", indicator="htx.dissolved", since="2002-01-01", format="json"))
    assert data["count"] == 1 and data["organizations"][0]["code"] == "A3"
    table = run("drill", unit="31", date="2021-12-31", indicator="htx.active")
    assert "A1" in table
    with pytest.raises(CommandError):
        run("drill", unit="31", date="2021-12-31", indicator="nope")


def test_quality_command_lists_findings():
    build_small_register()
    data = json.loads(run("quality", unit="31", year="2021", format="json"))
    codes = {f["code"]: f for f in data["findings"]}
    assert codes["sector.unclassified"]["count"] == 2  # A2 (htx) and C1 (tht)
    assert "name.duplicate" in codes
    with pytest.raises(CommandError):
        run("quality", unit="31", year="20x1")


def test_territory_of_in_the_json_and_the_table(make_org):
    make_org()
    data = json.loads(run("indicators", "--unit", "31", "--date", "2025-12-31", "--territory-of", "2025-06-30"))
    assert data["territory_of"] == "2025-06-30" and data["unit"]["code"] == "31"
    assert "htx.formed_by_reorganisation" in data["values"]
    table = run("indicators", "--unit", "31", "--date", "2025-12-31", "--territory-of", "2025-06-30", "--format", "table")
    assert "theo địa giới ngày 30/06/2025" in table
    assert "Số hợp tác xã hình thành do tổ chức lại" in table


def test_series_json_marks_the_change_of_territory(make_org):
    make_org()
    data = json.loads(run("indicators", "--unit", "31", "--years", "2024-2025"))
    assert [p.get("territory_changed", False) for p in data["series"]] == [False, True]
    fixed = json.loads(run("indicators", "--unit", "31", "--years", "2024-2025", "--territory-of", "2024-12-31"))
    assert fixed["territory_of"] == "2024-12-31"
    assert not any("territory_changed" in p for p in fixed["series"])
