"""The explorer's territory basis (SPEC §3 v2): each year's unit with the change marked, today's
territory, or the territory before the reform; the link and the downloads reproduce the choice.

Two cooperatives of old Hải Phòng (303, 304) and one of Hải Dương (288), all from 2020; Hải Phòng
(31) took in Hải Dương on 1/7/2025.
"""

import csv
import io
import re

import pytest
from django.utils import timezone

from tests.indicators.registers import merged_register

pytestmark = pytest.mark.django_db
URL = "/kham-pha/?indicator=htx.total&unit=31&from=2024&to=2025"


@pytest.fixture
def merged(make_org):
    return merged_register(make_org, members=10)


def table(html):
    start = html.index('id="explorer-table"')
    body = html[start:html.index("</table>", start)]
    return {m.group(1): re.sub(r"<[^>]+>", "", m.group(2)).strip()
            for m in re.finditer(r">(\d{4})</th><td[^>]*>(.*?)</td>", body)}


def test_each_year_as_the_unit_was_then_with_the_change_marked(client, portal, merged):
    html = client.get(URL).content.decode()
    assert 'name="territory_of"' in html and "theo đơn vị của từng năm" in html
    # radio buttons with wrapping labels, not a select whose long option is cut off at 360 px
    assert '<input type="radio" name="territory_of" value="" checked> <span>theo đơn vị của từng năm' in html
    assert '<select id="x-territory"' not in html
    rows = table(html)
    assert rows["2024"] == "2" and rows["2025"].startswith("3") and "đổi địa giới" in rows["2025"]
    assert 'class="chart-break"' in html  # the mark on the chart
    assert "số liệu từ năm 2025 là theo địa giới mới" in html


def test_held_on_the_old_city_territory(client, portal, merged):
    html = client.get(URL + "&territory_of=2025-06-30").content.decode()
    assert '<input type="radio" name="territory_of" value="2025-06-30" checked>' in html
    assert table(html) == {"2024": "2", "2025": "2"}
    assert 'class="chart-break"' not in html


def test_held_on_today_territory(client, portal, merged):
    today = timezone.localdate().isoformat()
    html = client.get(URL + f"&territory_of={today}").content.decode()
    assert table(html) == {"2024": "3", "2025": "3"}


def test_the_link_and_the_downloads_reproduce_the_choice(client, portal, merged):
    html = client.get(URL + "&territory_of=2025-06-30").content.decode()
    link = re.search(r'id="x-link" type="url" readonly value="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "territory_of=2025-06-30" in link
    assert table(client.get(link.removeprefix("http://localhost")).content.decode()) == table(html)
    rows = list(csv.reader(io.StringIO(client.get(URL + "&territory_of=2025-06-30&format=csv")
                                       .content.decode("utf-8-sig"))))
    assert [r[:2] for r in rows[1:]] == [["2024", "2"], ["2025", "2"]]
    plain = list(csv.reader(io.StringIO(client.get(URL + "&format=csv").content.decode("utf-8-sig"))))
    assert plain[2][1] == "3" and "đổi địa giới" in plain[2][-1]


def test_a_bad_territory_date_is_one_vietnamese_message(client, portal, merged):
    html = client.get(URL + "&territory_of=30-02-2025x").content.decode()
    assert "không phải là ngày" in html or "không phải ngày" in html
    assert table(html)["2025"].startswith("3")
    other = client.get(URL + "&territory_of=2010-01-01").content.decode()
    assert "Địa giới: không đơn vị nào đã chọn có địa giới khác vào ngày 01/01/2010" in other
