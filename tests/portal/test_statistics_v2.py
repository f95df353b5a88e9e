"""The statistics page, v2: the territory basis, the v2 indicators (register counts drilled,
report figures suppressed over fewer than 3 reports), targets with their territory."""

import datetime
from decimal import Decimal

import pytest

from hoptac.geo.models import Unit
from hoptac.registry.models import Target, YearRating
from tests.indicators.registers import merged_register

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def merged(make_org):
    """Two cooperatives of old Hải Phòng and one of Hải Dương, with 2025 reports (value chains)."""
    orgs = merged_register(make_org, members=10, value_chain=True, profit=Decimal(100))
    for org in orgs:
        YearRating.objects.create(organization=org, year=2025, rating="good")
    return orgs


def section(html, slug):
    start = html.index(f'id="s-{slug}"')
    return html[start:html.index("</section>", start)]


def test_the_old_city_on_its_territory_after_the_reform(client, portal, merged):
    plain = client.get("/thong-ke/?unit=31&date=2025-12-31").content.decode()
    assert 'name="territory_of"' in plain and "theo địa giới ngày 30/06/2025" in plain
    old = client.get("/thong-ke/?unit=31&date=2025-12-31&territory_of=2025-06-30").content.decode()
    assert '<option value="2025-06-30" selected>' in old
    v2_plain, v2_old = section(plain, "v2"), section(old, "v2")
    # Three value-chain reports on the whole new city; two (fewer than 3) on the old city's territory.
    assert "Tỷ lệ hợp tác xã tham gia liên kết chuỗi giá trị (%)" in v2_plain
    assert "ít hơn 3 báo cáo" not in v2_plain
    assert "ít hơn 3 báo cáo" in v2_old and "—" in v2_old


def test_a_territory_date_where_the_code_names_no_unit_says_so(client, portal, merged):
    html = client.get("/thong-ke/?unit=303&date=2025-12-31&territory_of=2025-07-01").content.decode()
    assert "Địa giới:" in html


def test_a_former_district_is_shown_on_its_territory(client, portal, merged):
    html = client.get("/thong-ke/?unit=303&date=2025-12-31&territory_of=2024-12-31").content.decode()
    assert 'data-code="htx.total"><span class="figure-card__value">1<' in html


def test_targets_show_their_territory_and_the_unit_today(client, portal, merged):
    new31 = Unit.objects.resolve("31", D(2025, 12, 31))
    Target.objects.create(indicator="htx.active", unit=new31, year=2030, op=">", value=500, source="KH 74",
                          set_on=D(2021, 12, 31), territory_of=D(2021, 12, 31))
    html = section(client.get("/thong-ke/?unit=31&date=2025-12-31").content.decode(), "targets")
    assert "Địa giới khi đặt mục tiêu" in html and "Đơn vị hiện nay" in html
    assert "theo địa giới ngày 31/12/2021" in html


def test_v2_register_counts_link_to_their_organisations(client, portal, merged):
    html = section(client.get("/thong-ke/?unit=31&date=2025-12-31").content.decode(), "v2")
    assert "drill=htx.agriculture" in html
    assert "drill=htx.value_chain_pct" not in html and "drill=profit.avg" not in html
    listing = client.get("/thong-ke/?unit=31&date=2025-12-31&territory_of=2025-06-30&drill=htx.agriculture")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert html.count("HTX Thử nghiệm") == 2
    assert "<h1>Số hợp tác xã nông nghiệp</h1>" in html
