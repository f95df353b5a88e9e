"""Methodology, "data as of" on statistics views, Atom feeds and the print view."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from hoptac.portal.models import NewsIndexPage

from .test_pages import _article

pytestmark = pytest.mark.django_db
D = datetime.date
ATOM = "{http://www.w3.org/2005/Atom}"


def test_methodology_defines_each_indicator_in_vietnamese(client, portal):
    html = client.get("/phuong-phap/").content.decode()
    assert "<h1>Phương pháp tính</h1>" in html
    for code in ("htx.total", "htx.active", "htx.not_operating", "htx.by_sector", "htx.established",
                 "htx.dissolved", "members.total", "revenue.avg", "income.avg", "grdp.share_pct",
                 "reports.coverage_pct"):
        assert f'id="{code}"' in html, code
    assert "Thu nhập của mỗi lao động, có trọng số theo số lao động" in html
    assert "Dữ liệu tính đến" in html


def test_methodology_covers_the_v2_indicators_and_the_territory_basis(client, portal):
    from hoptac.portal import methodology

    html = client.get("/phuong-phap/").content.decode()
    for code in ("reports.on_time_pct", "htx.formed_by_reorganisation", "htx.bankrupt", "htx.reorganised",
                 "htx.converted_from_tht", "htx.total_incl_qtdnd", "htx.good_fair_pct", "htx.value_chain_pct",
                 "htx.high_tech", "managers.college_pct", "revenue.with_members_pct", "population.share_pct",
                 "territory_of"):
        assert f'id="{code}"' in html, code
    assert "Chấm dứt hoạt động và tổ chức lại (Luật Hợp tác xã 2023)" in html
    assert "không đang bị thu hồi giấy chứng nhận" in html
    # Every definition is translated: no English sentence of the page is left on the Vietnamese one.
    from django.utils import translation

    with translation.override("en"):
        english = [str(definition) for _title, items in methodology.GROUPS for _code, _name, definition in items]
    for sentence in english:
        assert sentence not in html, sentence[:60]


def test_every_statistics_view_says_as_of_when(client, portal, make_org):
    org = make_org(established_on=D(2010, 1, 1))
    as_of = timezone.localtime(org.updated_at).date().strftime("%d/%m/%Y")  # the Department's day, not UTC's
    for url in ("/", "/thong-ke/?unit=31&date=2021-12-31", "/thong-ke/?unit=31&date=2021-12-31&drill=htx.total"):
        html = client.get(url).content.decode()
        assert "Dữ liệu tính đến" in html and as_of in html, url
        assert 'href="/phuong-phap/"' in html, url


def test_news_feed_is_atom_with_the_latest_articles(client, portal):
    index = NewsIndexPage.objects.first()
    _article(index, "Hội nghị tổng kết", D(2024, 3, 1), slug="hoi-nghi")
    _article(index, "Mô hình mới", D(2024, 5, 1), slug="mo-hinh")
    response = client.get("/nguon-tin/tin-tuc.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["Mô hình mới", "Hội nghị tổng kết"]
    assert feed.find(f"{ATOM}title").text == "Tin tức của cổng thông tin kinh tế tập thể"
    assert feed.find(f"{ATOM}entry/{ATOM}link").get("href").endswith("/tin-tuc/mo-hinh/")


def test_reports_feed_is_atom(client, portal):
    response = client.get("/nguon-tin/bao-cao.atom")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}title").text == "Báo cáo tổng kết đã công bố"


def test_pages_announce_the_feeds_and_a_print_stylesheet(client, portal):
    html = client.get("/tin-tuc/").content.decode()
    assert 'type="application/atom+xml" href="/nguon-tin/tin-tuc.atom"' in html
    assert 'print.css" media="print"' in html


def test_the_print_stylesheet_hides_navigation_and_forms():
    from pathlib import Path

    import hoptac.portal

    css = (Path(hoptac.portal.__file__).parent / "static/hoptac/print.css").read_text()
    assert ".site-nav" in css and ".filters" in css and "display: none" in css
