"""The Content-Security-Policy lets the back office and the API docs work.

Headless Chromium opens the screens an editor and a province officer use (the page
editor with its date pickers, images, documents, the register, an event form, the
collection screens) and the Swagger UI of the API; ``tests/conftest.py`` fails the
test on any CSP violation a page reports.
"""

import pytest

from tests.browser import LiveServer, launch, requires_chromium

pytestmark = [pytest.mark.browser, requires_chromium]

PASSWORD = "Bien-tap-vien-2021-kiem-thu"


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    from django.core.cache import cache

    from hoptac.accounts.models import Profile
    from tests.accounts.factories import make_user

    with django_db_blocker.unblock():
        cache.clear()
        users = [make_user("csp_editor", "editor", password=PASSWORD),
                 make_user("csp_officer", "province_officer", password=PASSWORD)]
        live = LiveServer()
        try:
            yield live
        finally:
            live.stop()
            Profile.objects.filter(user__in=users).delete()
            for user in users:
                user.delete()
            cache.clear()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


def signed_in(browser, server, username):
    page = browser.new_page(viewport={"width": 1366, "height": 1000})
    page.goto(server.url + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("button[type=submit]").first.click()
    page.wait_for_url(server.url + "/admin/")
    return page


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    return page


def test_the_page_editor_and_media_screens_of_an_editor(browser, server):
    from wagtail.models import Page

    home = Page.objects.filter(depth=2).first()
    page = signed_in(browser, server, "csp_editor")
    for path in ("/admin/", "/admin/pages/", f"/admin/pages/{home.pk}/", f"/admin/pages/{home.pk}/edit/",
                 "/admin/images/", "/admin/documents/", "/admin/account/"):
        visit(page, server.url + path)
    visit(page, server.url + f"/admin/pages/{home.pk}/edit/")
    # The publishing schedule holds Wagtail's date-time pickers: they start without inline scripts.
    page.evaluate("document.querySelectorAll('input[name=go_live_at]').forEach(i => i.focus())")
    assert page.locator("[data-hoptac-chooser]").count() == 0
    page.close()


def test_the_register_and_collection_screens_of_a_province_officer(browser, server):
    page = signed_in(browser, server, "csp_officer")
    for path in ("/admin/registry/organizations/", "/admin/registry/organizations/?date=2021-12-31",
                 "/admin/registry/organizations/add/", "/admin/collection/template/", "/admin/collection/uploads/new/",
                 "/admin/collection/completeness/", "/admin/reports/", "/admin/api-tokens/"):
        visit(page, server.url + path)
    picker = page.locator("input[name=date]")
    if picker.count():
        picker.first.click()
        page.wait_for_selector(".xdsoft_datetimepicker", state="attached")
    page.close()


def test_the_api_docs_work_under_the_policy(browser, server):
    page = browser.new_page()
    visit(page, server.url + "/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() >= 15
    page.close()


def test_every_answer_carries_the_policy(server):
    import urllib.request

    for path in ("/", "/admin/login/", "/api/v1/docs", "/api/v1/units?code=31"):
        with urllib.request.urlopen(server.url + path) as response:
            policy = response.headers["Content-Security-Policy"] or response.headers["Content-Security-Policy-Report-Only"]
        assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy, path
        assert "unsafe-eval" not in policy and "script-src 'self'" in policy
        assert ("unsafe-inline" in policy) == path.startswith("/admin/")  # inline styles, back office only
