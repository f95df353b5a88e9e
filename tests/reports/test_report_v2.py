"""The review report, v2: the territory basis, the v2 indicators table (report figures over
fewer than 3 reports not published), targets judged on the territory they were set for."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from hoptac.geo.models import Unit
from hoptac.registry.models import Target
from hoptac.reports.builder import build
from hoptac.reports.data import collect
from tests.indicators.registers import merged_register

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def merged(make_org):
    orgs = merged_register(make_org, members=10, workers=2, value_chain=True)
    Target.objects.create(indicator="htx.active", unit=Unit.objects.resolve("31", D(2025, 12, 31)), year=2030,
                          op=">", value=500, source="KH 74", set_on=D(2021, 12, 31), territory_of=D(2021, 12, 31))
    return orgs


def table(document, key):
    return next(b for b in document.blocks if getattr(b, "key", None) == key)


def test_the_old_city_on_its_territory_after_the_reform(merged):
    data = collect("31", 2025, territory_of=D(2025, 6, 30))
    assert data.values["htx.total"] == 2 and data.territory_of == D(2025, 6, 30)
    with translation.override("vi"):
        document = build(data)
    texts = [getattr(b, "text", "") for b in document.blocks]
    assert any("theo địa giới của" in t and "30/06/2025" in t for t in texts)
    rows = {r[1].text: r[2].text for r in table(document, "v2").rows}
    assert rows["Tỷ lệ hợp tác xã tham gia liên kết chuỗi giá trị (%)"] == "— (ít hơn 3 báo cáo)"
    assert rows["Số hợp tác xã nông nghiệp"] == "2"


def test_targets_name_their_territory_and_the_unit_today(merged):
    data = collect("31", 2025)
    [target] = data.targets
    assert target.latest == Decimal(2)  # the old city's two cooperatives, not the new city's three
    assert data.values["htx.active"] == 3
    with translation.override("vi"):
        note = table(build(data), "targets").note
    assert "Thành phố Hải Phòng (31), 31/12/2021" in note and "đơn vị hiện nay: Thành phố Hải Phòng (31)" in note
    rows = {r[1].text: r[2].text for r in table(build(data), "v2").rows}
    assert rows["Tỷ lệ hợp tác xã tham gia liên kết chuỗi giá trị (%)"] == "100,00"


def test_report_command_takes_territory_of(merged, tmp_path):
    out = io.StringIO()
    call_command("report", "--unit", "303", "--year", "2025", "--territory-of", "2024-12-31", "--format", "xlsx",
                 "--output", str(tmp_path / "r.xlsx"), stdout=out)
    assert (tmp_path / "r.xlsx").stat().st_size > 0
