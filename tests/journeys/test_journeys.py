"""Each role's everyday journey in a Vietnamese Chromium (vi-VN), as a person does it:
sign in, find the screen from the menu, type as people type (27.500, 8.438,5), read
the result. One demo world and one live server for the module; the journeys follow
the year's work (the cooperative submits, the local officer verifies, the province
approves and publishes) but each makes sure of what it needs first, so one can run
alone. Screenshots of each journey's last screen at 1280 and 360 px: /tmp/shots-journeys/.
"""

import base64
import datetime
import re
import zipfile
from decimal import Decimal

import pytest

from hoptac.demo.accounts import DEMO_PASSWORD
from tests.browser import requires_chromium
from tests.journeys.person import Person

pytestmark = [pytest.mark.browser, requires_chromium]

THIS_YEAR = datetime.date.today().year



@pytest.fixture
def person(browser, live):
    opened = []

    def sign_in(username, **kwargs):
        someone = Person.sign_in(browser, live.url, username, **kwargs)
        opened.append(someone)
        return someone

    yield sign_in
    for someone in opened:
        someone.close()


def cooperative_org():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="hoptacxa").hoptac_profile.organization


def report_of(org, year):
    from hoptac.registry.models import AnnualReport

    return AnnualReport.objects.filter(organization=org, year=year).order_by("-revision").first()


def ensure_report(org, year, status):
    """The report of ``org`` for ``year`` at least at ``status`` (made through the workflow when a journey ran alone)."""
    from django.contrib.auth import get_user_model

    from hoptac.collection import workflow

    users = {u.username: u for u in get_user_model().objects.filter(username__in=("hoptacxa", "phuong", "sohtx"))}
    report = report_of(org, year)
    if report is None or report.status in ("draft", "returned"):
        figures = {"members": 45, "workers": 12, "revenue": 27500, "profit": -150, "income": 46, "value_added": 900,
                   "is_estimate": False}
        report = workflow.submit(users["hoptacxa"], workflow.save_draft(users["hoptacxa"], org, year, figures))
    if status in ("verified", "approved") and report.status == "submitted":
        report = workflow.verify(users["phuong"], report)  # the commune officer, after 1/7/2025
    if status == "approved" and report.status == "verified":
        report = workflow.approve(users["sohtx"], report)
    return report


@pytest.mark.django_db  # also tells pytest-django to set up the test database when this module runs alone
def test_the_demo_world_holds_every_role(world):
    from django.contrib.auth import get_user_model

    from hoptac.demo.accounts import USERNAMES

    assert set(get_user_model().objects.filter(username__in=USERNAMES).values_list("username", flat=True)) == set(USERNAMES)


# --- the province officer registers an organisation and records its dissolution ---------


def test_province_officer_registers_an_organisation_and_records_a_dissolution(person):
    officer = person("sohtx")
    officer.open_from_menu("Sổ đăng ký", "Tổ chức")
    officer.page.get_by_role("link", name="Thêm tổ chức").click()
    page = officer.page
    form = officer.main
    officer.type_into(form.get_by_label("Số đăng ký"), "0209990001")
    officer.type_into(form.locator("#id_name"), "HTX Dịch vụ nông nghiệp Sông Cấm")
    officer.type_into(form.get_by_label("Ngày thành lập"), "15/03/2024")
    page.keyboard.press("Escape")
    officer.pick_unit(form.get_by_role("combobox", name="Đơn vị"), "an hung", "Phường An Hưng")
    assert page.locator("#id_unit_code").input_value() == "Phường An Hưng (11599)"
    page.locator("#id_sector").select_option("agriculture")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert "Đã đăng ký tổ chức" in officer.text(), officer.errors()
    page.get_by_role("link", name="Ghi nhận sự kiện").first.click()
    page.locator("#id_type").select_option("dissolved")
    officer.type_into(page.locator("#id_date"), f"15/10/{THIS_YEAR}")
    page.keyboard.press("Escape")
    officer.type_into(officer.main.get_by_label("quyết định"), "25/QĐ-UBND")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    timeline = page.locator("table.hoptac-timeline").inner_text()
    assert "15/03/2024" in timeline and "thành lập" in timeline
    assert f"15/10/{THIS_YEAR}" in timeline and "giải thể" in timeline and "25/QĐ-UBND" in timeline
    officer.screens("1-province-officer-dissolution", focus=page.locator("table.hoptac-timeline"))


# --- the local officer fills the Excel template of their unit and uploads it -------------


def test_local_officer_downloads_the_template_fills_it_uploads_reads_the_preview_and_saves(person, tmp_path):
    import openpyxl

    from hoptac.registry.models import AnnualReport, Organization

    officer = person("hongbang")
    officer.open_from_menu("Báo cáo năm", "Mẫu Excel")
    page = officer.page
    assert officer.main.get_by_role("combobox", name="Đơn vị").input_value() == "Quận Hồng Bàng (303)"  # their own unit
    year = int(officer.main.get_by_label("Năm").input_value())
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải mẫu về").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == f"bao-cao-303-{year}.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["annual_reports"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    latest = {r.organization.code: r for r in AnnualReport.objects.filter(
        organization__code__in=rows, year=year).select_related("organization").order_by("revision")}
    # An approved report is locked (SPEC §2 v2): the officer corrects a draft or a returned one, or one
    # whose year the province reopened with a reason.
    editable = [c for c in sorted(rows) if c in latest and latest[c].status in ("draft", "returned")]
    code = editable[0] if editable else next(c for c in sorted(rows) if c in latest and latest[c].status == "approved")
    if not editable:
        from django.contrib.auth import get_user_model

        from hoptac.collection import workflow

        province = get_user_model().objects.get(username="sohtx")
        workflow.reopen(province, latest[code], reason="Điều chỉnh doanh thu theo báo cáo tài chính")
    row = rows[code]
    sheet.protection.sheet = False
    sheet.cell(row=row, column=6).value = "27.500"  # typed as text, the Vietnamese way
    sheet.cell(row=row, column=7).value = "-150"
    book.save(path)

    officer.open_from_menu("Báo cáo năm", "Tải lên Excel")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_load_state()
    preview = page.locator("table.c-preview")
    assert preview.locator("tbody tr").count() == 1  # only the row that was changed
    changed = preview.locator("tbody tr").first.inner_text()
    assert code in changed and "27.500" in changed and "-150" in changed
    assert preview.locator("td.c-changed").count() == 2  # revenue and profit, with the values before
    counts = page.locator(".c-counts").inner_text()
    assert "1\nthay đổi" in counts or "1 thay đổi" in counts
    note = page.get_by_label("Ghi chú xác nhận: vì sao các số liệu có cảnh báo là đúng")
    if note.count():  # a jump since last year is a warning to confirm with a note
        officer.type_into(note, "Doanh thu giảm do mất mùa, đã đối chiếu báo cáo tài chính")
    page.get_by_role("button", name="Lưu 1 báo cáo").click()
    page.wait_for_load_state()
    assert page.locator("[data-status-label]").text_content().strip() == "đã lưu"
    saved = AnnualReport.objects.filter(organization__code=code, year=year).order_by("-revision").first()
    assert saved.revenue == 27500 and saved.profit == -150 and saved.status == "submitted"
    untouched = Organization.objects.filter(code__in=[c for c in rows if c != code and c in latest])
    assert not AnnualReport.objects.filter(organization__in=untouched, year=year, steps__action="uploaded").exists()
    officer.screens("2-local-officer-upload", focus=page.locator(".c-upload-state"))


# --- the cooperative enters its report with numbers typed the Vietnamese way ------------


def test_cooperative_enters_its_report_typing_numbers_the_vietnamese_way_and_submits(person):
    org = cooperative_org()
    if report_of(org, THIS_YEAR) is not None:
        pytest.skip(f"{org} already has a {THIS_YEAR} report")
    coop = person("hoptacxa")
    coop.open_from_menu("Báo cáo năm", "Báo cáo và kiểm duyệt")
    page = coop.page
    assert f"/admin/collection/reports/{org.code}/" in page.url  # its own report, straight away
    coop.main.get_by_role("combobox", name="năm").select_option(str(THIS_YEAR))  # the year switcher
    page.wait_for_url(f"**/admin/collection/reports/{org.code}/{THIS_YEAR}/")
    coop.type_into(coop.main.get_by_label("thành viên *"), "45")
    coop.type_into(coop.main.get_by_role("textbox", name=re.compile(r"^lao động \*")), "12")
    revenue = coop.main.get_by_label("doanh thu (triệu đồng)")
    coop.type_into(revenue, "27,500")  # the English habit: refused, with how to write it
    revenue.blur()
    assert "có thể hiểu theo hai cách" in page.locator('[data-error-for="revenue"]').inner_text()
    coop.type_into(revenue, "27.500")
    coop.type_into(coop.main.get_by_label("lợi nhuận"), "-150")
    coop.type_into(coop.main.get_by_label("thu nhập bình quân"), "46,5")
    coop.type_into(coop.main.get_by_label("giá trị gia tăng"), "8.438,5")
    assert page.locator('[data-error-for="revenue"]').inner_text() == ""
    note = page.locator("textarea[name=confirm_note]")
    if note.is_visible():  # a big change since last year must be confirmed with a note
        coop.type_into(note, "Doanh thu tăng do mở rộng sản xuất")
    page.get_by_role("button", name="Lưu và gửi").click()
    page.wait_for_load_state()
    figures = page.locator("table.c-figures").inner_text()
    assert "27.500" in figures and "-150" in figures and "46,5" in figures and "8.438,5" in figures
    assert page.locator(".c-meta .c-step").inner_text() == "đã nộp"
    report = report_of(org, THIS_YEAR)
    assert (report.revenue, report.profit, report.value_added) == (27500, -150, Decimal("8438.5"))
    coop.screens("3-cooperative-report", focus=page.locator("table.c-figures"))


# --- the local officer verifies it -----------------------------------------------------------


def test_local_officer_verifies_the_submitted_report(person):
    org = cooperative_org()
    ensure_report(org, THIS_YEAR, "submitted")
    officer = person("phuong")  # from 1/7/2025 the commune officer verifies (SPEC §2 v2)
    officer.open_from_menu("Báo cáo năm", "Báo cáo và kiểm duyệt")
    page = officer.page
    officer.type_into(officer.main.get_by_label("năm"), str(THIS_YEAR))
    officer.type_into(officer.main.locator("input[name=q]"), org.code)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    page.get_by_role("link", name=org.code).click()
    page.get_by_role("button", name="Xác nhận đã kiểm tra").click()
    page.wait_for_load_state()
    assert report_of(org, THIS_YEAR).status == "verified"
    officer.screens("4-local-officer-verifies")


# --- the province officer approves, makes the review report, previews, publishes, withdraws --


def test_province_officer_approves_previews_publishes_and_withdraws_the_review_report(person):
    org = cooperative_org()
    ensure_report(org, THIS_YEAR, "verified")
    officer = person("sohtx")
    page = officer.page
    officer.go(f"/admin/collection/reports/{org.code}/{THIS_YEAR}/")
    page.get_by_role("button", name="Phê duyệt").click()
    page.wait_for_load_state()
    assert report_of(org, THIS_YEAR).status == "approved"

    officer.open_from_menu("Báo cáo tổng hợp")
    assert officer.main.get_by_role("combobox", name="đơn vị").input_value() == "Thành phố Hải Phòng (31)"
    officer.type_into(officer.main.get_by_role("spinbutton", name="năm:"), "2021")
    officer.main.get_by_label("định dạng").select_option("pdf")
    page.get_by_role("button", name="Xem trước khi công bố").click()
    page.wait_for_load_state()
    public = page.locator(".hoptac-public").inner_text()
    assert "Những gì sẽ được công khai" in public and "/van-ban/" in public and "Thành phố Hải Phòng (31)" in public
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page.locator(".hoptac-doc").inner_text()
    page.get_by_label("Tôi đã đọc bản xem trước").check()
    page.get_by_role("button", name="Công bố").click()
    page.wait_for_load_state()
    assert "Đã công bố" in officer.text()
    listed = page.locator("table.listing tbody tr").first
    assert "đang công khai" in listed.inner_text()

    listed.get_by_role("link", name="Rút").click()
    officer.type_into(page.get_by_label("lý do rút"), "Số liệu năm 2021 cần bổ sung báo cáo của hai quận")
    page.get_by_label("Rút báo cáo này khỏi cổng thông tin").check()
    page.get_by_role("button", name="Rút").click()
    page.wait_for_load_state()
    assert "đã rút ngày" in page.locator("table.listing tbody tr").first.inner_text()
    officer.screens("5-province-officer-withdraws", focus=page.locator("table.listing tbody tr").first)
    officer.go("/van-ban/")
    portal = officer.text()
    assert "đã rút" in portal and "Số liệu năm 2021 cần bổ sung báo cáo của hai quận" in portal


# --- the editor publishes news ----------------------------------------------------------------


def test_editor_publishes_a_news_article(person):
    editor = person("bientap")
    page = editor.page
    from hoptac.portal.models import NewsIndexPage

    news = NewsIndexPage.objects.get()
    editor.open_menu("Trang")  # the page explorer: the portal's home page, then its pages
    page.locator("#wagtail-sidebar").get_by_role("link", name=news.get_parent().title).first.click()
    page.wait_for_load_state()
    page.locator("tr", has_text="Tin tức").locator(f"a[href$='/admin/pages/{news.pk}/']").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Thêm trang con").first.click()
    page.wait_for_load_state()
    title = "Hội nghị sơ kết kinh tế tập thể sáu tháng đầu năm"
    editor.type_into(page.locator("#id_title"), title)
    editor.type_into(page.locator("#id_lead"), "Sở Tài chính tổ chức hội nghị sơ kết với 120 hợp tác xã tham dự.")
    page.get_by_role("button", name="Thao tác khác").click()
    page.get_by_role("button", name="Công bố").click()
    page.wait_for_load_state()
    editor.go("/tin-tuc/")
    assert title in editor.text()
    editor.screens("6-editor-news")


# --- the administrator signs in with two-factor for the first time ----------------------------


def test_administrator_first_sign_in_with_two_factor_lands_on_the_page_asked_for(browser, live):
    from django.contrib.auth import get_user_model
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin = get_user_model().objects.get(username="admin")
    TOTPDevice.objects.filter(user=admin).delete()  # the first sign-in: no device yet
    person = Person.open(browser, live.url)
    try:
        page = person.page
        person.go("/admin/roles/")  # the page asked for: users and roles
        person.type_into(page.locator("input[name=username]"), "admin")
        person.type_into(page.locator("input[name=password]"), DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state("networkidle")
        assert "/admin/two-factor/" in page.url
        assert page.locator(".hoptac-qr").count() == 1  # the set-up card, once
        secret = page.locator("main code").inner_text().strip()
        device = TOTPDevice.objects.get(user=admin, confirmed=False)
        assert base64.b32encode(device.bin_key).decode() == secret
        code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
        person.type_into(page.get_by_label("Mã từ ứng dụng xác thực"), f"{code:06d}")
        page.get_by_role("button", name="Xác nhận").click()
        page.wait_for_load_state()
        assert page.url == live.url + "/admin/roles/"
        assert page.locator("h1").inner_text() == "Hồ sơ người dùng"  # the users and roles list
        person.screens("7-administrator-two-factor")
    finally:
        person.close()


# --- the viewer downloads a report -------------------------------------------------------------


def test_viewer_downloads_a_review_report(person, tmp_path):
    viewer = person("lanhdao")
    viewer.open_from_menu("Báo cáo tổng hợp")
    page = viewer.page
    assert page.get_by_role("button", name="Xem trước khi công bố").count() == 0  # reading, not publishing
    viewer.type_into(viewer.main.get_by_role("spinbutton", name="năm:"), "2021")
    viewer.main.get_by_label("định dạng").select_option("docx")
    with page.expect_download() as download:
        page.get_by_role("button", name="Lập và tải về").click()
    assert download.value.suggested_filename == "bao-cao-ktt-31-thanh-pho-hai-phong-2021.docx"
    path = tmp_path / "report.docx"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as docx:
        body = docx.read("word/document.xml").decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in body and "549" in body
    viewer.screens("8-viewer-download")


# --- checks as data (#22): the province makes a warning an error; the cooperative sees it as it types ---


def open_year(org):
    """A year whose report form the cooperative can still fill (no report yet), the latest first."""
    return next((y for y in range(THIS_YEAR, 2021, -1) if report_of(org, y) is None), None)


def test_province_officer_makes_the_legal_minimum_an_error_and_the_cooperative_sees_it_as_it_types(person):
    from hoptac.audit.models import AuditEntry
    from hoptac.registry.models import CheckSetting
    from hoptac.registry.report_checks import legal_minimum_members

    org = cooperative_org()
    year = open_year(org)
    if year is None:
        pytest.skip(f"{org} has a report for every year")
    officer = person("sohtx")
    page = officer.page
    # The work queue is the first thing on the home page, under the page's own header.
    first = page.locator("main section").first  # Wagtail's site summary would come first: not for this role
    assert first.inner_text().startswith("Việc cần làm của bạn"), first.inner_text()
    officer.screens("8-province-home-queue", focus=first)
    officer.open_from_menu("Báo cáo năm", "Kiểm tra số liệu")
    assert "/admin/collection/checks/" in page.url
    row = officer.main.locator("tr", has_text="thành viên chính thức không dưới mức tối thiểu theo luật")
    assert "cảnh báo" in row.inner_text()
    officer.screens("8-province-checks-list", focus=row)
    row.get_by_role("link", name="Sửa").click()
    page.wait_for_load_state()
    officer.main.get_by_label("lỗi: chặn báo cáo").check()
    officer.type_into(officer.main.get_by_label("Lý do thay đổi"), "Văn bản chỉ đạo của UBND thành phố")
    officer.screens("8-province-check-edit", focus=officer.main.get_by_label("Lý do thay đổi"))
    officer.main.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert "Đã lưu phép kiểm tra" in officer.text("body"), officer.errors()
    assert "Văn bản chỉ đạo của UBND thành phố" in officer.main.locator("tr", has_text="mức tối thiểu").inner_text()
    try:
        assert CheckSetting.objects.get(code="legal_minimum").severity == "error"
        assert AuditEntry.objects.filter(action="registry.check.changed", channel="back_office").exists()
        minimum = legal_minimum_members(year)

        coop = person("hoptacxa")
        coop.go(f"/admin/collection/reports/{org.code}/{year}/")
        cpage = coop.page
        coop.type_into(coop.main.get_by_label("thành viên *"), "45")
        coop.type_into(coop.main.get_by_role("textbox", name=re.compile(r"^lao động \*")), "12")
        coop.type_into(coop.main.get_by_label("doanh thu (triệu đồng)"), "27.500")
        coop.type_into(coop.main.get_by_label("giá trị gia tăng"), "8.438,5")
        official = coop.main.get_by_label("thành viên chính thức", exact=True)
        coop.type_into(official, str(minimum - 1))
        coop.type_into(coop.main.get_by_label("thành viên liên kết", exact=True), str(45 - minimum + 1))
        error = cpage.locator("[data-cross-error]")
        expected = (f"{minimum - 1} thành viên chính thức, ít hơn mức tối thiểu luật định {minimum} thành viên của "
                    f"hợp tác xã năm {year}")
        assert error.first.inner_text() == expected  # an error now, as the officer typed it: shown beside the field
        coop.screens("8-cooperative-minimum-is-an-error", focus=official)
        cpage.get_by_role("button", name="Lưu và gửi").click()  # the script refuses, the page stays
        assert report_of(org, year) is None
        coop.type_into(official, str(minimum))
        coop.type_into(coop.main.get_by_label("thành viên liên kết", exact=True), str(45 - minimum))
        assert cpage.locator("[data-cross-error]").count() == 0
    finally:
        from hoptac.registry.check_settings import configure
        from hoptac.audit.models import Channel
        from django.contrib.auth import get_user_model

        configure("legal_minimum", user=get_user_model().objects.get(username="sohtx"), severity="warning",
                  active=True, reason="Trả lại như luật định", channel=Channel.BACK_OFFICE)
