"""Annual-report collection in headless Chromium.

An officer downloads the template, fills it, uploads it, sees the preview and
confirms; a cooperative account fills its own report on a phone-sized screen,
with the checks shown as it types, submits it, and cannot open another's.
Screenshots go to /tmp/shots-collection/ (HOPTAC_SHOTS to change).
"""

import datetime
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.browser import LiveServer, launch, requires_chromium

# No per-test transaction: signing in and saving write through the live server, which
# would wait on a transaction held open by the test. The module commits its data and
# removes it at the end; tests read the database only while the server is idle.
pytestmark = [pytest.mark.browser, requires_chromium]

D = datetime.date
YEAR = 2021
PASSWORD = "mat-khau-thu-nghiem-2021"
SHOTS = Path(os.environ.get("HOPTAC_SHOTS", "/tmp/shots-collection"))


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    from django.contrib.auth.models import User

    from hoptac.registry.models import Organization

    from . import factories as f

    with django_db_blocker.unblock():
        orgs = {
            "BC01": f.org(code="BC01", name="HTX Nông nghiệp Tiên Lãng", unit_code="303"),
            "BC02": f.org(code="BC02", name="HTX Dịch vụ Điện Kiến Thụy", unit_code="303", sector="environment"),
            "BC03": f.org(code="BC03", name="HTX Vận tải Hải An", unit_code="304", sector="transport"),
            "BC04": f.org(code="BC04", name="HTX Thủy sản Cát Hải", unit_code="303", sector="agriculture"),
        }
        f.user("bc-can-bo", "local_officer", units=[f.unit("303")])
        f.user("bc-htx", "cooperative", organization=orgs["BC04"])
        f.user("bc-so", "province_officer")
        live = LiveServer()
        try:
            yield live
        finally:
            live.stop()
            from hoptac.collection.models import Upload
            from hoptac.registry.models import AnnualReport, Grdp

            Grdp.objects.filter(year=2021, grdp_source="Niên giám thống kê 2022").delete()
            Upload.objects.filter(uploaded_by__username__startswith="bc-").delete()
            AnnualReport.objects.filter(organization__code__startswith="BC").delete()
            User.objects.filter(username__startswith="bc-").delete()
            Organization.objects.filter(code__startswith="BC").delete()


@pytest.fixture
def db_read(server, django_db_blocker):
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    contexts = []

    def make(width=1280, height=900):
        context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True,
                                      locale="vi-VN")
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(page, server, username):
    page.goto(server.url + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url(lambda url: "/admin/login/" not in url)


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_an_officer_downloads_fills_uploads_previews_and_confirms(server, db_read, open_page, tmp_path):
    from hoptac.registry.models import AnnualReport

    page = open_page()
    sign_in(page, server, "bc-can-bo")
    page.goto(server.url + "/admin/collection/template/")
    page.fill("input[name=unit]", "303")
    page.fill("input[name=year]", str(YEAR))
    shot(page, "1-template-form")
    with page.expect_download() as info:
        page.get_by_role("button", name="Tải mẫu về").click()
    path = tmp_path / "mau.xlsx"
    info.value.save_as(path)

    wb = load_workbook(path)
    ws = wb["annual_reports"]
    assert [ws.cell(row=r, column=1).value for r in (2, 3, 4)] == ["BC01", "BC02", "BC04"]  # BC04 left empty
    for row, (members, workers, revenue) in ((2, (320, 25, 2500)), (3, (45, 12, 1800.5))):
        ws.cell(row=row, column=4, value=members)
        ws.cell(row=row, column=5, value=workers)
        ws.cell(row=row, column=6, value=revenue)
        ws.cell(row=row, column=8, value=46.4)
    wb.save(path)

    page.goto(server.url + "/admin/collection/uploads/new/")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_selector(".c-counts")
    assert "đã kiểm tra, chờ xác nhận" in page.inner_text(".c-upload-state").lower()
    assert page.locator(".c-preview tbody tr").count() == 2
    assert not AnnualReport.objects.filter(organization__code__startswith="BC").exists()
    shot(page, "2-upload-preview")

    page.get_by_role("button", name="Lưu 2 báo cáo").click()
    page.wait_for_selector("text=Đã lưu: 2 báo cáo mới")
    shot(page, "3-upload-saved")
    saved = AnnualReport.objects.filter(organization__code__startswith="BC").order_by("organization__code")
    assert [(r.organization.code, r.status, r.revenue) for r in saved] == [
        ("BC01", "submitted", 2500), ("BC02", "submitted", 1800.5)]


def test_an_officer_sees_a_bad_workbook_explained(server, db_read, open_page, tmp_path):
    from hoptac.collection.excel import build_template
    from hoptac.geo.models import Unit

    path = tmp_path / "sai.xlsx"
    path.write_bytes(build_template(Unit.objects.resolve("303", D(YEAR, 12, 31)), YEAR, [("BC01", "x"), ("BC09", "y")]))
    wb = load_workbook(path)
    ws = wb["annual_reports"]
    ws["D2"], ws["E2"], ws["F2"] = "ba trăm", 10, 100
    ws["D3"], ws["E3"], ws["F3"] = 10, 10, 100
    wb.save(path)
    page = open_page()
    sign_in(page, server, "bc-can-bo")
    page.goto(server.url + "/admin/collection/uploads/new/")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_selector(".c-problems")
    text = page.inner_text(".c-problems")
    assert "“ba trăm” không phải là một số" in text and "BC09" in text
    assert page.get_by_role("button", name="Lưu").count() == 0
    shot(page, "4-upload-problems")


def test_a_cooperative_submits_its_own_report_on_a_phone(server, db_read, open_page):
    from hoptac.registry.models import AnnualReport

    page = open_page(width=390, height=844)
    sign_in(page, server, "bc-htx")
    page.goto(server.url + f"/admin/collection/?year={YEAR}")
    page.wait_for_selector("[data-report-form]")
    assert "/admin/collection/reports/BC04/" in page.url
    page.fill("input[name=members]", "150")
    page.fill("input[name=workers]", "-3")
    page.locator("input[name=revenue]").focus()
    assert "không thể âm" in page.inner_text("[data-error-for=workers]")  # shown while typing
    page.fill("input[name=revenue]", "12,5 tỷ")
    assert "viết số theo cách Việt Nam" in page.inner_text("[data-error-for=revenue]")
    shot(page, "5-phone-form-checks")
    page.fill("input[name=workers]", "18")
    page.fill("input[name=revenue]", "3.200,5")  # the Vietnamese way (3200.5 is refused)
    page.fill("input[name=income]", "48")
    assert page.inner_text("[data-error-for=workers]") == ""
    page.get_by_role("button", name="Lưu và gửi").click()
    page.wait_for_selector("text=Báo cáo đã được gửi để kiểm tra.")
    shot(page, "6-phone-submitted")
    report = AnnualReport.objects.get(organization__code="BC04", year=YEAR)
    assert (report.status, report.members, report.workers) == ("submitted", 150, 18)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_cooperative_cannot_open_another_organisations_report(server, open_page):
    page = open_page(width=390, height=844)
    sign_in(page, server, "bc-htx")
    response = page.goto(server.url + f"/admin/collection/reports/BC03/{YEAR}/")
    assert response.status == 404
    response = page.goto(server.url + "/admin/collection/uploads/new/")
    assert response.status == 403
    shot(page, "7-cooperative-refused")


def test_the_completeness_page(server, open_page):
    page = open_page()
    sign_in(page, server, "bc-can-bo")
    page.goto(server.url + f"/admin/collection/completeness/?unit=303&year={YEAR}")
    page.wait_for_selector("#reminders")
    counts = page.inner_text(".c-counts")
    assert "3\nphải báo cáo" in counts  # BC01, BC02, BC04 in district 303; BC03 is in 304
    shot(page, "8-completeness")


@pytest.mark.django_db  # what makes pytest-django create the database here; such tests run first
def test_before_anything_the_district_has_three_organisations_to_report(server):
    from hoptac.collection.completeness import completeness
    from hoptac.geo.models import Unit

    result = completeness(Unit.objects.resolve("303", D(YEAR, 12, 31)), YEAR)
    assert sorted(r.code for r in result.rows if r.code.startswith("BC")) == ["BC01", "BC02", "BC04"]
    assert all(r.step == "none" for r in result.rows)


def test_what_the_browser_did_is_in_the_step_history(server, db_read):
    from hoptac.collection.models import ReportStep

    steps = set(ReportStep.objects.filter(report__organization__code__startswith="BC")
                .values_list("report__organization__code", "action", "by__username"))
    assert steps == {("BC01", "uploaded", "bc-can-bo"), ("BC02", "uploaded", "bc-can-bo"),
                     ("BC04", "created", "bc-htx"), ("BC04", "submitted", "bc-htx")}


def test_the_checks_between_figures_show_while_typing_and_block_until_corrected(server, db_read, open_page):
    """SPEC §2 v2: members = official + associate, revenue from members ≤ revenue, shown as the user types."""
    from hoptac.registry.models import AnnualReport

    page = open_page()
    sign_in(page, server, "bc-htx")
    page.goto(server.url + "/admin/")
    page.get_by_role("button", name="Báo cáo năm").click()  # found from the menu
    page.get_by_role("link", name="Báo cáo và kiểm duyệt").click()
    page.wait_for_selector("[data-report-form]")
    page.locator("main").get_by_role("combobox", name="năm").select_option("2022")  # the year switcher
    page.wait_for_url("**/BC04/2022/")
    page.wait_for_selector("[data-report-form]")
    page.locator("input[name=members]").press_sequentially("62")
    page.locator("input[name=workers]").press_sequentially("15")
    page.locator("input[name=revenue]").press_sequentially("8.438,5")
    page.get_by_label("thành viên chính thức").press_sequentially("50")
    page.get_by_label("thành viên liên kết").press_sequentially("10")
    members_error = page.locator("input[name=members]").locator("xpath=..").locator("[data-cross-error]")
    assert members_error.inner_text() == ("số thành viên (62) phải bằng thành viên chính thức (50) cộng "
                                          "thành viên liên kết (10)")
    page.get_by_label("doanh thu với thành viên").press_sequentially("27.500")
    assert "lớn hơn tổng doanh thu (8.438,5)" in page.locator(
        "input[name=revenue_with_members]").locator("xpath=..").inner_text()
    shot(page, "7-checks-between-figures")
    page.get_by_role("button", name="Lưu và gửi").click()
    assert not AnnualReport.objects.filter(organization__code="BC04", year=2022).exists()  # blocked in the page
    page.get_by_label("thành viên liên kết").fill("12")
    page.get_by_label("doanh thu với thành viên").fill("5.000")
    assert members_error.count() == 0
    page.get_by_label("tham gia liên kết chuỗi giá trị").select_option("1")
    page.get_by_role("button", name="Lưu và gửi").click()
    page.wait_for_selector("text=Báo cáo đã được gửi để kiểm tra.")
    shot(page, "8-v2-figures-submitted")
    report = AnnualReport.objects.get(organization__code="BC04", year=2022)
    assert (report.members_official, report.members_associate, report.revenue_with_members) == (50, 12, 5000)
    assert report.value_chain is True and report.high_tech is None


def test_the_department_rates_a_cooperative_and_records_macro_data(server, db_read, open_page):
    """SPEC §2 v2: the yearly rating on the report page, macro data with sources, both found from the menu."""
    from hoptac.registry.models import Grdp, YearRating

    page = open_page()
    sign_in(page, server, "bc-so")
    page.goto(server.url + "/admin/")
    page.get_by_role("button", name="Báo cáo năm").click()
    page.get_by_role("link", name="Báo cáo và kiểm duyệt").click()
    page.locator("main").get_by_role("link", name="BC01", exact=True).click()
    page.wait_for_selector("#rating-title")
    page.get_by_role("combobox", name="Xếp loại năm").select_option(label="khá")
    page.get_by_role("button", name="Ghi nhận xếp loại").click()
    page.wait_for_selector("text=Đã ghi nhận xếp loại năm")
    assert page.locator("[data-rating]").inner_text() == "khá"
    shot(page, "9-rating-recorded")
    assert YearRating.objects.get(organization__code="BC01").rating == "fair"

    page.get_by_role("button", name="Sổ đăng ký").click()
    page.get_by_role("link", name="Số liệu vĩ mô").click()
    page.locator("main").get_by_role("link", name=re.compile("^Thêm")).first.click()
    main = page.locator("main")
    main.get_by_label("Năm").fill("2021")
    main.get_by_label("GRDP (triệu đồng)").press_sequentially("310.123,5")
    main.get_by_label("Nguồn số liệu GRDP").fill("Niên giám thống kê 2022")
    main.locator("input[name=population]").press_sequentially("2.072.400")
    main.get_by_label("Nguồn số liệu dân số").fill("Niên giám thống kê 2021")
    shot(page, "10-macro-form")
    main.get_by_role("button", name="Tạo").click()
    page.wait_for_selector("text=2.072.400")
    shot(page, "11-macro-list")
    row = Grdp.objects.get(year=2021, grdp_source="Niên giám thống kê 2022")
    assert (row.unit.code, row.grdp, row.population) == ("31", Decimal("310123.5"), 2072400)


def test_the_province_corrects_an_approved_report_by_upload_giving_the_reason(server, db_read, open_page, tmp_path):
    """SPEC §2 v2: an upload changing an approved report is a lock exception. The province officer finds the
    upload from the menu; the preview warns, in Vietnamese, that saving reopens the year as a correction and
    asks for the reason; the note typed is kept in the audit trail beside the correction revision."""
    from django.contrib.auth.models import User

    from hoptac.audit.models import AuditEntry
    from hoptac.collection import workflow
    from hoptac.collection.excel import build_template
    from hoptac.geo.models import Unit
    from hoptac.registry.models import AnnualReport

    province = User.objects.get(username="bc-so")
    report = AnnualReport.objects.get(organization__code="BC01", year=YEAR)  # uploaded by the first journey
    workflow.approve(province, workflow.verify(province, report))
    path = tmp_path / "dieu-chinh.xlsx"
    path.write_bytes(build_template(Unit.objects.resolve("303", D(YEAR, 12, 31)), YEAR,
                                    [("BC01", "HTX Nông nghiệp Tiên Lãng")]))
    wb = load_workbook(path)
    ws = wb["annual_reports"]
    ws["D2"], ws["E2"], ws["F2"], ws["H2"] = 320, 25, 2750, 46.4  # the revenue corrected: 2.500 → 2.750
    wb.save(path)

    page = open_page()
    sign_in(page, server, "bc-so")
    page.goto(server.url + "/admin/")
    page.get_by_role("button", name="Báo cáo năm").click()  # found from the menu
    page.get_by_role("link", name="Tải lên Excel").click()
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_selector(".c-counts")
    assert ("báo cáo năm 2021 của BC01 đã được phê duyệt và khóa; lưu tệp sẽ mở lại năm báo cáo thành một bản "
            "điều chỉnh: ghi rõ lý do trong ghi chú xác nhận") in page.inner_text("main")
    reason = "Doanh thu theo báo cáo tài chính đã kiểm toán là 2.750 triệu đồng"
    page.get_by_label("Ghi chú xác nhận").fill(reason)
    shot(page, "12-upload-correction-reason")
    page.get_by_role("button", name="Lưu 1 báo cáo").click()
    page.wait_for_selector("text=Đã lưu: 0 báo cáo mới và 1 báo cáo thay đổi")
    shot(page, "13-upload-correction-saved")
    revisions = AnnualReport.objects.filter(organization__code="BC01", year=YEAR).order_by("revision")
    assert [(r.revision, r.status, r.in_force, r.revenue) for r in revisions] == [
        (1, "approved", True, 2500), (2, "submitted", False, 2750)]  # the approved one stays in force meanwhile
    confirmed = AuditEntry.objects.filter(action="collection.upload.warnings_confirmed", actor="bc-so").latest("pk")
    assert confirmed.note == reason
    uploaded = AuditEntry.objects.filter(action="collection.report.uploaded", actor="bc-so").latest("pk")
    key = f"BC01/{YEAR}"  # the one field changed, before and after
    assert (uploaded.channel, list(uploaded.before[key]), list(uploaded.after[key])) == ("upload", ["revenue"], ["revenue"])
    assert (Decimal(uploaded.before[key]["revenue"]), Decimal(uploaded.after[key]["revenue"])) == (2500, 2750)
