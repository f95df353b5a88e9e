"""The back office in headless Chromium, as a local officer: the real sign-in form,
the organisation list on a date, an organisation page with its timeline, and a
foreign organisation refused. Screenshots go to /tmp/shots-backoffice-tests/
(HOPTAC_SHOTS to change)."""

import datetime
import os
from pathlib import Path

import pytest

from tests.browser import LiveServer, launch, requires_chromium

pytestmark = [pytest.mark.browser, requires_chromium]

PASSWORD = "Thuy-Nguyen-2021-kiem-thu"
SHOTS = Path(os.environ.get("HOPTAC_SHOTS", "/tmp/shots-backoffice-tests"))


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    """Two organisations in two districts and a local officer of the first, committed for the server thread."""
    from django.core.cache import cache
    from django.db import connection

    from hoptac.audit.models import AuditEntry
    from hoptac.registry import lifecycle
    from hoptac.registry.models import Organization
    from tests.accounts.factories import first_commune, make_org, make_user, unit

    with django_db_blocker.unblock():
        cache.clear()  # no sign-in throttle left by other tests
        before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        own = make_org("BO311001", first_commune("311"), "HTX Nông nghiệp Thủy Sơn", established_on=datetime.date(2015, 3, 1))
        lifecycle.record_event(own, "suspended", datetime.date(2021, 3, 1), document="12/QĐ-UBND")
        foreign = make_org("BO312001", first_commune("312"), "HTX Dịch vụ An Đồng Xanh")
        officer = make_user("bo_thuy_nguyen", "local_officer", units=[unit("311")], password=PASSWORD)
        live = LiveServer()
        try:
            yield live, own, foreign
        finally:
            live.stop()
            officer.delete()
            Organization.objects.filter(code__startswith="BO31").delete()
            # the audit trail refuses deletes through the application; a test cleans up what it wrote
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id > %s", [before])
            cache.clear()


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    live, _, _ = server
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1366, "height": 1400})
        page = context.new_page()
        page.goto(live.url + "/admin/login/")
        page.fill("input[name=username]", "bo_thuy_nguyen")
        page.fill("input[name=password]", PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(live.url + "/admin/")
        yield page
        context.close()
        browser.close()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_the_dashboard_shows_the_officer_district(page):
    panel = page.locator(".hoptac-key-figures")
    assert panel.locator("h2").inner_text().startswith("Số liệu chính ngày ")
    assert "(311)" in panel.inner_text()
    shot(page, "dashboard")


def test_the_organisation_list_in_vietnamese_holds_only_the_district(server, page):
    live, own, foreign = server
    page.goto(live.url + "/admin/registry/organizations/?date=2021-12-31")
    heading = page.locator("h1").inner_text()
    assert heading.startswith("Tổ chức") and "ngày 31/12/2021" in heading
    table = page.locator("table.listing").inner_text()
    assert own.name in table and "tạm ngừng hoạt động" in table
    assert foreign.name not in table
    shot(page, "organisations")


def test_the_organisation_page_shows_the_timeline(server, page):
    live, own, _ = server
    page.goto(live.url + "/admin/registry/organizations/")
    page.get_by_role("link", name=own.name).click()
    page.wait_for_url(f"{live.url}/admin/registry/organizations/{own.pk}/")
    assert page.get_by_role("heading", name="Dòng thời gian").is_visible()
    timeline = page.locator("table.hoptac-timeline").inner_text()
    assert "01/03/2015" in timeline and "thành lập" in timeline
    assert "01/03/2021" in timeline and "tạm ngừng hoạt động" in timeline and "12/QĐ-UBND" in timeline
    assert page.get_by_role("heading", name="Báo cáo năm").is_visible()
    assert own.representative in page.content()  # the district's own officer sees personal fields
    shot(page, "organisation")


def test_a_foreign_organisation_page_is_refused(server, page):
    live, _, foreign = server
    response = page.goto(f"{live.url}/admin/registry/organizations/{foreign.pk}/")
    assert response.status == 404
    assert foreign.name not in page.content()
