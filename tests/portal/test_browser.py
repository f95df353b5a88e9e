"""The portal in headless Chromium: every page type, directory search and filters,
a unit and date change on the statistics page, the language switch, phone width.

Screenshots at 1280 and 360 px go to /tmp/shots-portal/ (HOPTAC_SHOTS to change).
"""

import datetime
import os
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.browser import LiveServer, launch, requires_chromium

# The module fixture commits the data the live server reads and keeps the database
# unblocked while the module runs. The tests hold no transaction of their own: the
# server thread may write (indicator summaries, renditions) while a test waits.
pytestmark = [pytest.mark.browser, requires_chromium]

D = datetime.date
SHOTS = Path(os.environ.get("HOPTAC_SHOTS", "/tmp/shots-portal"))
WIDTHS = {"desktop": 1280, "phone": 360}
UA = "Mozilla/5.0 (X11; Linux x86_64) hoptac-browser-tests"


def _register():
    """A small register: 6 cooperatives over three districts, a group, a credit fund, targets, documents."""
    from hoptac.geo.models import Unit
    from hoptac.registry import lifecycle
    from hoptac.directives.models import Document
    from hoptac.registry.models import AnnualReport, Target

    def unit(code, when):
        return Unit.objects.resolve(code, when)

    specs = [
        ("BT01", "htx", "HTX Nông nghiệp Lúa Vàng", "303", "agriculture", D(2003, 4, 1), "Gạo hữu cơ, rau an toàn", True),
        ("BT02", "htx", "HTX Vận tải Sông Cấm", "304", "transport", D(2005, 6, 1), "Vận tải hàng hoá đường sông", False),
        ("BT03", "htx", "HTX Dịch vụ Nước sạch Tân Tiến", "311", "environment", D(2012, 2, 1), "Nước sạch nông thôn", True),
        ("BT04", "htx", "HTX Thương mại Chợ Mới", "311", "trade", D(2008, 9, 1), "Quản lý chợ", False),
        ("BT05", "htx", "HTX Cơ khí Hải An", "304", "industry", D(2010, 1, 1), "Cơ khí nhỏ", False),
        ("BT06", "htx", "HTX Dịch vụ Tổng hợp An Lư", "311", "", D(2015, 3, 1), "", False),
        ("BT07", "tht", "Tổ hợp tác Rau Sạch Đông Sơn", "311", "agriculture", D(2018, 5, 1), "Rau sạch", False),
        ("BT08", "qtdnd", "Quỹ tín dụng nhân dân Kiến Thụy", "303", "credit", D(2002, 1, 1), "", False),
    ]
    orgs = {}
    for code, kind, name, district, sector, when, products, public in specs:
        orgs[code] = lifecycle.establish(
            code=code, kind=kind, name=name, unit=unit(district, when), sector=sector, established_on=when,
            products=products, phone="0225 123 456", email=f"{code.lower()}@example.vn", public_contact=public,
        )
    lifecycle.record_event(orgs["BT02"], "suspended", D(2016, 7, 1), document="QĐ 45/QĐ-UBND")
    lifecycle.record_event(orgs["BT04"], "stopped", D(2019, 3, 1))
    lifecycle.record_event(orgs["BT05"], "dissolved", D(2021, 8, 1), document="QĐ 88/QĐ-UBND")
    for code, members, workers in (("BT01", 320, 25), ("BT02", 45, 30), ("BT03", 1200, 12)):
        AnnualReport.objects.create(organization=orgs[code], year=2021, status="approved", in_force=True,
                                    members=members, workers=workers, revenue=2500, income="46.4")
    province = unit("31", D(2021, 12, 31))
    Target.objects.create(indicator="htx.active", unit=province, year=2030, op=">", value=500, source="Kế hoạch 74-KH/TU")
    Document.objects.create(number="13-NQ/TW", level="central", kind="nghi_quyet", title="Nghị quyết về tiếp tục đổi mới, phát triển và nâng cao "
                                  "hiệu quả kinh tế tập thể", issued_on=D(2002, 3, 18), issuer="Ban Chấp hành Trung ương")
    return orgs


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    from django.core.cache import cache

    from hoptac.portal import counter
    from hoptac.portal.demo_content import create_demo_pages
    from hoptac.portal.models import HomePage, OnlineVisitor, PortalSettings, VisitorDay
    from hoptac.directives.models import Document
    from hoptac.registry.models import Organization, Target

    with django_db_blocker.unblock():
        cache.clear()
        counter.visitors.autoflush = False
        create_demo_pages()
        _register()
        # renditions are made up front: the server thread shares this connection and
        # should only read while a test's transaction is open
        from wagtail.images import get_image_model

        for image in get_image_model().objects.all():
            for spec in ("fill-480x270", "width-960", "width-800"):
                image.get_rendition(spec)
        live = LiveServer()
        try:
            yield live
        finally:
            live.stop()
            from wagtail.images import get_image_model

            for page in HomePage.objects.get().get_children():
                page.delete()
            get_image_model().objects.all().delete()
            PortalSettings.objects.all().delete()
            Organization.objects.filter(code__startswith="BT").delete()
            Target.objects.all().delete()
            Document.objects.all().delete()
            VisitorDay.objects.all().delete()
            OnlineVisitor.objects.all().delete()
            cache.clear()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page_at(browser):
    pages = []

    def open_page(width="desktop"):
        context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900}, user_agent=UA)
        page = context.new_page()
        pages.append(context)
        return page

    yield open_page
    for context in pages:
        context.close()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.django_db
def test_the_page_tree_exists(portal):
    """(Also makes pytest-django create the test database when this module runs alone.)"""
    assert sorted(portal.get_children().values_list("slug", flat=True)) == ["hop-tac-xa", "thong-ke", "tin-tuc", "van-ban"]


@pytest.mark.parametrize("width", WIDTHS)
def test_home_shows_figures_news_and_footer(server, page_at, width):
    page = page_at(width)
    page.goto(server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator(".figure-card__value").first.inner_text() == "5"  # 6 founded, 1 dissolved
    assert page.get_by_role("link", name="Hải Phòng nhìn lại 20 năm").count() >= 1
    assert page.locator(".footer-visitors dd").count() == 4
    assert no_horizontal_scroll(page)
    shot(page, f"home-{width}")


def test_skip_link_is_the_first_stop_of_the_keyboard(server, page_at):
    page = page_at()
    page.goto(server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("width", WIDTHS)
def test_news_index_and_an_article_with_captioned_images(server, page_at, width):
    page = page_at(width)
    page.goto(server.url + "/tin-tuc/")
    assert page.locator(".card").count() == 4
    shot(page, f"news-{width}")
    page.get_by_role("link", name="Hải Phòng nhìn lại 20 năm").first.click()
    page.wait_for_url("**/tin-tuc/tong-ket-20-nam-nghi-quyet-13/")
    assert "549 hợp tác xã" in page.locator(".article-body").inner_text()
    assert page.locator("figure figcaption").count() == 2
    for image in page.locator("article img").all():
        assert image.get_attribute("alt")
    assert page.locator("time").first.inner_text() == "28/10/2021"
    assert no_horizontal_scroll(page)
    shot(page, f"article-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_statistics_unit_and_date_change(server, page_at, width):
    page = page_at(width)
    page.goto(server.url + "/thong-ke/?unit=31&date=2021-12-31")

    def value(code):
        return page.locator(f'[data-code="{code}"] .figure-card__value').inner_text()

    assert (value("htx.total"), value("htx.active"), value("htx.not_operating")) == ("5", "3", "2")
    assert value("members.total") == "1.565"
    assert page.locator("svg.chart").count() == 2
    assert page.locator("#table-units tbody tr").count() == 15  # the districts of Hải Phòng
    shot(page, f"statistics-{width}")

    page.select_option("#f-unit", "311")
    page.fill("#f-date", "2010-12-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Xem", exact=True).click()
    assert "date=2010-12-31" in page.url
    assert (value("htx.total"), value("htx.active")) == ("1", "1")
    assert no_horizontal_scroll(page)
    shot(page, f"statistics-311-2010-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_statistics_on_the_old_city_territory_after_the_reform(server, page_at, width):
    """From the menu to the statistics page, the date after the reform, then the old city's territory."""
    page = page_at(width)
    page.goto(server.url + "/")
    with page.expect_navigation():
        page.get_by_role("link", name="Thống kê", exact=True).first.click()
    page.fill("#f-date", "2025-12-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Xem", exact=True).click()
    page.select_option("#f-territory", label="theo địa giới ngày 30/06/2025")
    with page.expect_navigation():
        page.get_by_role("button", name="Xem", exact=True).click()
    assert "territory_of=2025-06-30" in page.url
    assert page.locator("#f-territory option:checked").inner_text() == "theo địa giới ngày 30/06/2025"
    assert page.locator('[data-code="htx.total"] .figure-card__value').inner_text() == "5"
    v2 = page.locator("#s-v2")
    assert "Số hợp tác xã kể cả quỹ tín dụng nhân dân" in v2.inner_text().replace("(", "").replace(")", "")
    assert no_horizontal_scroll(page)
    shot(page, f"statistics-territory-{width}")


def test_statistics_downloads(server, page_at):
    page = page_at()
    page.goto(server.url + "/thong-ke/?unit=31&date=2021-12-31")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "2021,5,3,2" in text
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("width", WIDTHS)
def test_directory_search_filters_and_profile(server, page_at, width):
    page = page_at(width)
    page.goto(server.url + "/hop-tac-xa/")
    assert page.locator(".org").count() == 8
    shot(page, f"directory-{width}")

    page.fill("#f-q", "nước sạch")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url("**q=**")
    assert page.locator(".org__name").all_inner_texts() == ["HTX Dịch vụ Nước sạch Tân Tiến"]

    page.goto(server.url + "/hop-tac-xa/")
    page.select_option("#f-unit", "311")
    page.select_option("#f-kind", "htx")
    page.select_option("#f-status", "not_operating")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url("**status=not_operating**")
    assert page.locator(".org__name").all_inner_texts() == ["HTX Thương mại Chợ Mới"]

    page.goto(server.url + "/hop-tac-xa/?sector=agriculture")
    assert sorted(page.locator(".org__name").all_inner_texts()) == [
        "HTX Nông nghiệp Lúa Vàng", "Tổ hợp tác Rau Sạch Đông Sơn",
    ]
    page.get_by_role("link", name="HTX Nông nghiệp Lúa Vàng").click()
    page.wait_for_url("**/hop-tac-xa/BT01/")
    text = page.locator("main").inner_text()
    assert "Gạo hữu cơ" in text and "bt01@example.vn" in text
    assert no_horizontal_scroll(page)
    shot(page, f"profile-{width}")

    page.goto(server.url + "/hop-tac-xa/BT02/")
    text = page.locator("main").inner_text()
    assert "bt02@example.vn" not in text  # contact not made public
    assert "QĐ 45/QĐ-UBND" in text and "01/07/2016" in text


@pytest.mark.parametrize("width", WIDTHS)
def test_reports_and_documents(server, page_at, width):
    page = page_at(width)
    page.goto(server.url + "/van-ban/")
    assert "13-NQ/TW" in page.locator(".doc-list").last.inner_text()
    shot(page, f"documents-{width}")


def test_language_switch_keeps_the_page(server, page_at):
    page = page_at()
    page.goto(server.url + "/thong-ke/?unit=304&date=2021-12-31")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/thong-ke/?unit=304&date=2021-12-31")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Show").count() == 1
    assert page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Statistics").count() == 1
    shot(page, "statistics-en-desktop")
    page.get_by_role("link", name="Tiếng Việt").click()
    page.wait_for_url("**/thong-ke/?unit=304&date=2021-12-31")
    assert page.locator("html").get_attribute("lang") == "vi"


def test_concurrent_http_page_views_are_all_counted(server):
    """240 page views over 12 parallel connections; every one reaches the counter table.

    The pages are rendered once first: with in-memory SQLite the server threads share
    one connection, which only cache hits (no query) may use concurrently.
    """
    from hoptac.portal import counter
    from hoptac.portal.models import VisitorDay

    paths = ["/", "/thong-ke/?unit=31&date=2021-12-31", "/tin-tuc/", "/hop-tac-xa/"]

    def fetch(i):
        path = paths[i % 4]
        request = urllib.request.Request(server.url + path, headers={"User-Agent": UA})
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status

    for i in range(4):
        fetch(i)
    counter.visitors.flush()
    before = sum(VisitorDay.objects.values_list("views", flat=True))
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(fetch, range(240)))
    assert statuses == [200] * 240
    counter.visitors.flush()
    after = sum(VisitorDay.objects.values_list("views", flat=True))
    assert after - before == 240


A11Y_PAGES = [
    "/", "/tin-tuc/", "/tin-tuc/tong-ket-20-nam-nghi-quyet-13/", "/thong-ke/?unit=31&date=2021-12-31",
    "/hop-tac-xa/", "/hop-tac-xa/BT01/", "/van-ban/", "/en/thong-ke/?unit=31&date=2021-12-31",
    # issue 19: explorer, drill-through, open data, methodology, a search without diacritics
    "/kham-pha/?indicator=htx.total&unit=31&unit=303&unit=311&from=2005&to=2021",
    "/thong-ke/?unit=31&date=2021-12-31&drill=htx.total", "/du-lieu-mo/", "/phuong-phap/", "/hop-tac-xa/?q=nuoc+sach",
    "/ban-do/",
]


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_have_no_wcag_2_1_aa_violations(server, page_at, width):
    """axe-core (shipped in the axe-playwright-python wheel) finds nothing at WCAG 2.0/2.1 A and AA."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    page = page_at(width)
    problems = {}
    for path in A11Y_PAGES:
        page.goto(server.url + path)
        results = axe.run(page, options=options)
        found = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
            for v in results.response["violations"]
        ]
        if found:
            problems[path] = found
    assert problems == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_explorer_compares_units_and_opens_the_chart_on_the_latest_year(server, page_at, width):
    page = page_at(width)
    page.goto(server.url + "/kham-pha/")
    page.select_option("#x-indicator", "htx.not_operating")
    page.select_option("#x-unit-1", "304")
    page.select_option("#x-unit-2", "311")
    page.fill("#x-from", "")
    page.type("#x-from", "2005")
    page.fill("#x-to", "")
    page.type("#x-to", "2021")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("#explorer-table")
    header = page.inner_text("#explorer-table thead")
    assert "(304)" in header and "(311)" in header
    last_row = page.inner_text("#explorer-table tbody tr:last-child")
    assert last_row.split()[0] == "2021"
    assert "indicator=htx.not_operating" in page.input_value("#x-link")
    # The chart opens on its latest years: the last year's label is inside the visible scroll area.
    inside = page.evaluate("""() => {
        const box = document.querySelector('.explorer .chart-scroll').getBoundingClientRect();
        const labels = [...document.querySelectorAll('.explorer .chart-axis')].filter(t => t.textContent === '2021');
        const r = labels[labels.length - 1].getBoundingClientRect();
        return r.left >= box.left - 1 && r.right <= box.right + 1;
    }""")
    assert inside
    assert no_horizontal_scroll(page)
    shot(page, f"explorer-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_open_data_page_drill_and_directory_without_diacritics(server, page_at, width):
    page = page_at(width)
    page.goto(server.url + "/du-lieu-mo/")
    assert page.inner_text("h1") == "Dữ liệu mở"
    page.click("details summary")
    assert no_horizontal_scroll(page)
    shot(page, f"open-data-{width}")
    page.goto(server.url + "/thong-ke/?unit=31&date=2021-12-31")
    page.click("#table-counts tbody tr:first-child a")
    page.wait_for_selector("#drill-table")
    rows = page.locator("#drill-table tbody tr").count()
    assert page.inner_text("h1") and rows == 5  # BT01, BT02, BT03, BT04, BT06 exist on 31/12/2021
    assert no_horizontal_scroll(page)
    shot(page, f"drill-{width}")
    page.goto(server.url + "/hop-tac-xa/")
    page.type("#f-q", "nuoc sach")
    # the search's own page, loaded (waiting for a load state could find the list before it, still loaded,
    # and the screenshot below then waited on a page being replaced)
    with page.expect_navigation(url="**/hop-tac-xa/?*q=nuoc+sach*"):
        page.keyboard.press("Enter")
    main = page.inner_text("main")
    assert "HTX Dịch vụ Nước sạch Tân Tiến" in main and "HTX Vận tải Sông Cấm" not in main
    shot(page, f"directory-nuoc-sach-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_map_from_a_small_boundary_file(server, page_at, width, tmp_path):
    import json

    from django.core.management import call_command

    from hoptac.portal.models import Boundary

    def square(x, y):
        return {"type": "Polygon", "coordinates": [[[x, y], [x + .05, y], [x + .05, y + .04], [x, y + .04], [x, y]]]}

    path = tmp_path / "quan-huyen.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": code}, "geometry": square(106.60 + .05 * i, 20.85 - .04 * (i % 2))}
        for i, code in enumerate(("303", "304", "311"))]}), encoding="utf-8")
    call_command("load_boundaries", str(path), date="2021-12-31")
    try:
        page = page_at(width)
        page.goto(server.url + "/ban-do/?indicator=htx.total&date=2021-12-31")
        assert page.locator("svg.map path[fill-rule=evenodd]").count() == 3
        assert page.locator("#map-table tbody tr").count() == 3
        assert no_horizontal_scroll(page)
        shot(page, f"map-{width}")
    finally:
        Boundary.objects.all().delete()
