"""Drill-through on the portal: each public register count links to the
organisations behind it, with public registration facts only, and the list is as long as the count."""

import datetime
import html as html_lib
import re

import pytest

from hoptac.registry import lifecycle
from hoptac.registry.models import AnnualReport

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def register(make_org):
    a = make_org(unit="303", sector="agriculture", established_on=D(2003, 5, 1), name="HTX Đông Hải",
                 representative="Nguyễn Văn A", phone="0225 111 222", public_contact=False)
    b = make_org(unit="304", sector="industry", established_on=D(2004, 1, 1), name="HTX Bạch Đằng")
    c = make_org(unit="311", sector="", established_on=D(2010, 6, 1), name="HTX Bình Minh")
    d = make_org(unit="311", sector="trade", established_on=D(2021, 6, 1), name="HTX Ăn Quả")
    make_org(unit="311", sector="trade", established_on=D(2012, 6, 1), name="HTX Dừa")
    make_org(kind="qtdnd", unit="303", sector="credit", established_on=D(2002, 1, 1), name="Quỹ Ân Thi")
    lifecycle.record_event(b, "suspended", D(2015, 3, 1))
    AnnualReport.objects.create(organization=a, year=2021, status="approved", in_force=True, members=120,
                                workers=15, revenue=987654, income=40)
    return a, b, c, d


def count_links(html):
    """{drill code: (number shown, URL)} of the statistics page's linked counts."""
    found = {}
    for url, number in re.findall(r'<td data-label="[^"]*"><a href="([^"]+)" title="[^"]*">([^<]+)</a></td>', html):
        code = re.search(r"drill=([^&]+)", html_lib.unescape(url)).group(1)
        found[code] = (int(number.replace(".", "")), html_lib.unescape(url))
    return found


def drilled_rows(client, url):
    html = client.get(url).content.decode()
    return html, re.findall(r'<th scope="row" data-label="[^"]*"><a href="/hop-tac-xa/([^/]+)/">', html)


def test_every_linked_count_equals_the_length_of_its_list(client, portal, register):
    page = client.get("/thong-ke/?unit=31&date=2021-12-31").content.decode()
    links = count_links(page)
    assert {"htx.total", "htx.active", "htx.not_operating", "qtdnd.total", "htx.established",
            "htx.by_sector.agriculture", "htx.by_sector.unclassified"} <= set(links)
    assert links["htx.total"][0] == 5 and links["htx.not_operating"][0] == 1
    for code, (number, url) in links.items():
        _, codes = drilled_rows(client, url)
        assert len(codes) == number, code


def test_the_list_is_in_vietnamese_order_and_shows_registration_facts_only(client, portal, register):
    html, _ = drilled_rows(client, "/thong-ke/?unit=31&date=2021-12-31&drill=htx.total")
    names = re.findall(r'/hop-tac-xa/P\d+/">([^<]+)</a>', html)
    assert names == ["HTX Ăn Quả", "HTX Bạch Đằng", "HTX Bình Minh", "HTX Dừa", "HTX Đông Hải"]
    assert "Tạm ngừng hoạt động" in html or "Tạm ngừng" in html
    assert "Nguyễn Văn A" not in html and "0225 111 222" not in html
    assert "987" not in html  # no annual figures of one organisation


def test_a_count_from_reports_is_not_drilled_on_the_portal(client, portal, register):
    page = client.get("/thong-ke/?unit=31&date=2021-12-31").content.decode()
    assert "drill=members.total" not in page and "drill=revenue.avg" not in page
    html = client.get("/thong-ke/?unit=31&date=2021-12-31&drill=members.total").content.decode()
    assert 'id="drill-table"' not in html  # the statistics page itself, not a list


def test_a_period_count_lists_the_organisations_established_in_the_period(client, portal, register):
    _, codes = drilled_rows(client, "/thong-ke/?unit=31&date=2021-12-31&drill=htx.established")
    assert codes == [register[3].code]
