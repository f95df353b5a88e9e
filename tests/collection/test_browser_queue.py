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
            ReportingWindow.objects.filter(year=YEAR).delete()
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
    page.get_by_label("BQ01 2021").check()
    page.get_by_label("BQ02 2021").check()
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
