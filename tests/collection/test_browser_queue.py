"""The work queue and a reopening in headless Chromium, in Vietnamese.

A province officer signs in: the home page starts with the work queue; the officer
opens "reports to approve", ticks two verified reports, confirms once and approves
them; then reopens one organisation's year with a reason typed in. Screenshots go to
/tmp/shots-collection/ (HOPTAC_SHOTS to change).
"""

import datetime

import pytest

from tests.browser import LiveServer, requires_chromium

from .test_browser import browser, shot, sign_in  # noqa: F401 (the module's browser fixture, reused)

pytestmark = [pytest.mark.browser, requires_chromium]

YEAR = 2021


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    from django.contrib.auth.models import User

    from hoptac.collection import workflow
    from hoptac.registry.models import AnnualReport, Organization, ReportingWindow

    from . import factories as f

    with django_db_blocker.unblock():
        orgs = [f.org(code=f"BQ0{i}", name=name, unit_code=f.OWN_COMMUNE) for i, name in
                enumerate(["HTX Nông nghiệp Quán Toan", "HTX Dịch vụ Hồng An", "HTX Vận tải Sở Dầu"], start=1)]
        province = f.user("bq-so", "province_officer")
        local = f.user("bq-xa", "local_officer", units=[f.unit("303"), f.unit("11602", f.AFTER)])
        for org in orgs[:2]:
            report = workflow.submit(local, workflow.save_draft(local, org, YEAR, f.FIGURES))
            workflow.verify(local, report)
        workflow.submit(local, workflow.save_draft(local, orgs[2], YEAR, f.FIGURES))
        ReportingWindow.objects.create(year=YEAR, opens_on=datetime.date(2022, 1, 1), deadline=datetime.date(2022, 3, 31))
        live = LiveServer()
        try:
            yield live
        finally:
            live.stop()
            AnnualReport.objects.filter(organization__code__startswith="BQ").delete()
            ReportingWindow.versions.filter(year__in=(YEAR, YEAR + 1)).delete()
            User.objects.filter(username__in=[province.username, local.username]).delete()
            Organization.objects.filter(code__startswith="BQ").delete()


@pytest.mark.django_db  # what makes pytest-django create the database here; such tests run first
def test_before_anything_two_verified_reports_wait_for_the_province(server):
    from django.contrib.auth.models import User

    from hoptac.collection import queue

    entries = {e.key: e.count for e in queue.entries(User.objects.get(username="bq-so"))}
    assert (entries["approve"], entries["verify"]) == (2, 0)  # BQ03 is the commune officer's to verify


def test_a_province_officer_approves_from_the_queue_and_reopens_a_year(server, browser, django_db_blocker):
    from hoptac.registry.models import AnnualReport

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, server, "bq-so")

    queue = page.locator(".c-queue")
    assert "Việc cần làm của bạn" in queue.inner_text()
    assert "2 báo cáo cần phê duyệt" in " ".join(queue.inner_text().split())
    shot(page, "q1-home-work-queue")

    queue.get_by_role("link", name="báo cáo cần phê duyệt").click()
    page.wait_for_selector("table.listing")
    shot(page, "q2-to-approve")
    page.get_by_label("BQ01 2021").check()
    page.get_by_label("BQ02 2021").check()
    page.get_by_role("button", name="Phê duyệt các báo cáo đã chọn").click()  # no confirmation yet
    page.wait_for_selector("text=Hãy đánh dấu ô xác nhận")
    page.get_by_label("chọn mọi báo cáo của trang này").check()  # ticks both
    assert page.get_by_label("BQ01 2021").is_checked() and page.get_by_label("BQ02 2021").is_checked()
    page.get_by_label("Tôi đã kiểm tra các báo cáo đã thẩm định được chọn và phê duyệt").check()
    page.get_by_role("button", name="Phê duyệt các báo cáo đã chọn").click()
    page.wait_for_selector("text=Đã phê duyệt 2 báo cáo")
    shot(page, "q3-approved")
    with django_db_blocker.unblock():
        assert AnnualReport.objects.filter(organization__code__in=["BQ01", "BQ02"], status="approved").count() == 2

    page.goto(server.url + f"/admin/collection/reports/BQ01/{YEAR}/")
    page.get_by_text("Mở lại năm báo cáo này").click()
    page.get_by_label("Lý do mở lại").press_sequentially("Số thành viên ghi nhầm: 1.250 thay vì 120")
    shot(page, "q4-reopen-reason")
    page.get_by_role("button", name="Mở lại và lập bản điều chỉnh").click()
    page.wait_for_selector("text=Đã mở lại năm báo cáo")
    shot(page, "q5-reopened")
    text = page.inner_text("body")
    assert "Số thành viên ghi nhầm: 1.250 thay vì 120" in text  # in the history
    with django_db_blocker.unblock():
        rows = list(AnnualReport.objects.filter(organization__code="BQ01").order_by("revision")
                    .values_list("revision", "status", "in_force"))
    assert rows == [(1, "approved", True), (2, "draft", False)]
    context.close()


def test_the_department_sets_a_window_from_the_menu_and_a_deadline_before_the_opening_is_refused(
        server, browser, django_db_blocker):
    from hoptac.registry.models import ReportingWindow

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, server, "bq-so")
    page.locator("#wagtail-sidebar button.sidebar-menu-item__link", has_text="Báo cáo năm").first.click()
    page.locator("#wagtail-sidebar a.sidebar-menu-item__link", has_text="Kỳ báo cáo").first.click()
    main = page.locator("main")
    main.get_by_label("Năm báo cáo").press_sequentially(str(YEAR + 1))
    main.get_by_label("Ngày mở").press_sequentially("01/04/2023")
    main.get_by_label("Hạn nộp").press_sequentially("31/03/2023")
    main.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Hạn nộp 31/03/2023 sớm hơn ngày mở kỳ báo cáo (01/04/2023)")
    page.set_viewport_size({"width": 360, "height": 780})
    shot(page, "q6-window-deadline-before-opening-360")
    with django_db_blocker.unblock():
        assert not ReportingWindow.objects.filter(year=YEAR + 1).exists()
    page.set_viewport_size({"width": 1280, "height": 900})
    main.get_by_label("Hạn nộp").fill("")
    main.get_by_label("Hạn nộp").press_sequentially("30/04/2023")
    main.get_by_role("button", name="Lưu").click()
    page.wait_for_selector(f"text=Đã lưu kỳ báo cáo năm {YEAR + 1}")
    shot(page, "q7-window-saved")
    with django_db_blocker.unblock():
        window = ReportingWindow.objects.get(year=YEAR + 1)
    assert (window.opens_on, window.deadline) == (datetime.date(2023, 4, 1), datetime.date(2023, 4, 30))
    context.close()


def test_the_commune_officer_verifies_from_the_queue(server, browser, django_db_blocker):
    from hoptac.registry.models import AnnualReport

    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, server, "bq-xa")
    queue = page.locator(".c-queue")
    assert "1 báo cáo cần thẩm định" in " ".join(queue.inner_text().split())
    queue.get_by_role("link", name="báo cáo cần thẩm định").click()
    page.locator("main").get_by_role("link", name="HTX Vận tải Sở Dầu").click()
    page.get_by_role("button", name="Xác nhận đã kiểm tra").click()
    page.wait_for_selector("text=Báo cáo đã được thẩm định.")
    shot(page, "q8-commune-officer-verified-360")
    with django_db_blocker.unblock():
        report = AnnualReport.objects.get(organization__code="BQ03", year=YEAR)
        assert (report.status, report.verified_by.username) == ("verified", "bq-xa")
    context.close()
