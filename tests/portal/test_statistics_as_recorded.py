"""The statistics page with ``?as_recorded=`` (SPEC §3 vintages): the figures the register gave then."""

import datetime
import re
from decimal import Decimal

import pytest

from hoptac.geo.models import Unit
from hoptac.registry import lifecycle
from hoptac.registry.models import AnnualReport
from tests.clock import at, clock

pytestmark = pytest.mark.django_db
D = datetime.date
PAGE = "/thong-ke/"


@pytest.fixture
def late_dissolution(portal):
    """Two cooperatives recorded on 05/01/2026; the dissolution of one, dated 01/06/2021, recorded on 01/02/2026."""
    district = Unit.objects.resolve("303", D(2020, 1, 1))
    with clock(at(2026, 1, 5, 9)):
        org = lifecycle.establish(code="L1", kind="htx", name="HTX Lạc Long", unit=district, sector="trade",
                                  established_on=D(2015, 4, 1))
        lifecycle.establish(code="L2", kind="htx", name="HTX Âu Cơ", unit=district, established_on=D(2016, 4, 1))
    AnnualReport.objects.create(organization=org, year=2021, status="approved", in_force=True, members=30,
                                members_official=25, workers=4, revenue=Decimal(900), approved_at=at(2026, 1, 6))
    with clock(at(2026, 2, 1, 14)):
        lifecycle.record_event(org, "dissolved", D(2021, 6, 1))
    return org


def total(html):
    return int(re.search(r'data-code="htx.total"><span class="figure-card__value">(\d+)', html).group(1))


def test_the_page_shows_the_figures_as_recorded_and_says_so(client, late_dissolution):
    query = {"unit": "303", "date": "2021-12-31"}
    today = client.get(PAGE, query).content.decode()  # cached first: the vintage must not be answered from it
    then = client.get(PAGE, {**query, "as_recorded": "2026-01-20"}).content.decode()
    assert (total(today), total(then)) == (1, 2)
    assert "Số liệu theo dữ liệu ghi nhận đến 20/01/2026 23:59:59" in then
    assert "ghi nhận đến" not in today
    # The form keeps the moment, and a report figure over fewer than 3 reports stays unpublished.
    assert 'name="as_recorded" value="2026-01-20T23:59:59.999999+07:00"' in then
    assert "ít hơn 3 báo cáo" in then
    assert total(client.get(PAGE, query).content.decode()) == 1  # today's page again, not the vintage


def test_the_drill_list_as_recorded(client, late_dissolution):
    then = client.get(PAGE, {"unit": "303", "date": "2021-12-31", "drill": "htx.total",
                             "as_recorded": "2026-01-20"}).content.decode()
    today = client.get(PAGE, {"unit": "303", "date": "2021-12-31", "drill": "htx.total"}).content.decode()
    assert "HTX Lạc Long" in then and "HTX Âu Cơ" in then
    assert "HTX Lạc Long" not in today and "HTX Âu Cơ" in today


@pytest.mark.parametrize(("moment", "words"), [
    ("hôm qua", "không phải là ngày hoặc ngày giờ hợp lệ"),
    ("2099-01-01", "ở tương lai"),
    ("2020-01-01", "trước khi sổ đăng ký có dữ liệu"),
])
def test_a_bad_moment_is_named_and_todays_figures_are_shown(client, late_dissolution, moment, words):
    response = client.get(PAGE, {"unit": "303", "date": "2021-12-31", "as_recorded": moment})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thời điểm ghi nhận" in html and words in html and "số liệu theo dữ liệu hiện nay được hiển thị" in html
    assert total(html) == 1 and "Số liệu theo dữ liệu ghi nhận đến" not in html
