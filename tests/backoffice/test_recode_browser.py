"""The register screens of SPEC §2 v2 and §5 in a Vietnamese Chromium: a district officer finds
“Ghi địa bàn cấp xã” in the menu, re-codes two organisations in bulk and one from its own screen;
a province officer reconciles the register with a national list and downloads the differences.
Screenshots in /tmp/shots-journeys/ (register-*.png)."""

import datetime

import pytest

from tests.browser import browser, requires_chromium, serving  # noqa: F401 - browser is a fixture
from tests.journeys.person import Person

pytestmark = [pytest.mark.browser, requires_chromium]
PASSWORD = "Thuy-Nguyen-2021-kiem-thu"


@pytest.fixture(scope="module")
def live(django_db_setup, django_db_blocker):
    """Three organisations of Thuỷ Nguyên recorded only to the district, a district officer, a province
    officer; committed for the server thread and removed afterwards."""
    from hoptac.registry.models import Event, Organization
    from tests.accounts.factories import make_org, make_user, unit

    with serving(django_db_blocker) as server:
        for n, (name, address) in enumerate([("HTX Dịch vụ nông nghiệp Lưu Kiếm", "Thôn Đông, xã Lưu Kiếm"),
                                             ("HTX Thủy sản Lưu Kiếm", "Thôn Tây, xã Lưu Kiếm"),
                                             ("HTX Nông nghiệp Minh Đức", "Thị trấn Minh Đức")], start=1):
            make_org(f"RC31100{n}", unit("311"), name, established_on=datetime.date(2008, 5, n), address=address)
        users = [make_user("rc_thuy_nguyen", "local_officer", units=[unit("311")], password=PASSWORD),
                 make_user("rc_so", "province_officer", password=PASSWORD)]
        try:
            yield server
        finally:
            for user in users:
                user.delete()
            orgs = Organization.objects.filter(code__startswith="RC311")
            Event.objects.filter(organization__in=orgs).delete()
            orgs.delete()


@pytest.mark.django_db  # also tells pytest-django to set up the test database when this module runs alone
def test_the_three_organisations_wait_for_a_commune(live):
    from hoptac.registry import recode

    assert sorted(recode.pending().values_list("code", flat=True)) == ["RC311001", "RC311002", "RC311003"]


def test_a_district_officer_recodes_in_bulk_and_one_at_a_time(browser, live):
    from hoptac.registry.models import Organization

    officer = Person.sign_in(browser, live.url, "rc_thuy_nguyen", PASSWORD)
    try:
        page = officer.page
        officer.open_from_menu("Sổ đăng ký", "Ghi địa bàn cấp xã")
        assert page.locator("h1").first.inner_text().strip() == "Ghi địa bàn cấp xã"
        rows = page.locator("#recode-list tbody tr")
        assert rows.count() == 3
        officer.screens("register-recode-list", focus=page.locator("#recode-list"))
        page.get_by_label("chọn RC311001").check()
        page.get_by_label("chọn RC311002").check()
        officer.pick_unit(page.get_by_label("Đơn vị cấp xã"), "luu kiem", "Phường Lưu Kiếm")
        officer.type_into(page.get_by_label("Lý do"), "địa chỉ trên giấy chứng nhận")
        page.get_by_role("button", name="Ghi lại địa bàn cho các tổ chức đã đánh dấu").click()
        page.wait_for_load_state()
        assert "Đã ghi địa bàn Phường Lưu Kiếm cho 2 tổ chức." in officer.text(), officer.errors()
        assert page.locator("#recode-list tbody tr").count() == 1
        officer.screens("register-recode-bulk-done")

        page.get_by_role("link", name="Ghi lại địa bàn").first.click()
        page.wait_for_load_state()
        assert "Thành lập 03/05/2008: Huyện Thuỷ Nguyên (311)" in officer.text("#recode-events")
        officer.pick_unit(page.get_by_label("Đơn vị cấp xã"), "minh duc", "Phường Minh Đức")
        page.get_by_role("button", name="Lưu").click()
        page.wait_for_load_state()
        assert "HTX Nông nghiệp Minh Đức nay đã có địa bàn Phường Minh Đức." in officer.text()
        officer.screens("register-recode-one-done")
    finally:
        officer.close()
    assert set(Organization.objects.filter(code__startswith="RC311").values_list("unit__name", flat=True)) == {
        "Phường Lưu Kiếm", "Phường Minh Đức"}


def test_a_province_officer_reconciles_with_a_national_list(browser, live, tmp_path):
    listing = tmp_path / "danh-sach-quoc-gia.csv"
    listing.write_text("Mã số HTX,Tên HTX,Tình trạng\n"
                       "RC311001,HTX Dịch vụ nông nghiệp Lưu Kiếm,Đang hoạt động\n"
                       "RC311002,HTX Thủy sản Lưu Kiếm,Đã giải thể\n"
                       "0201234567,HTX Vận tải Thủy Nguyên,Đang hoạt động\n", encoding="utf-8")
    officer = Person.sign_in(browser, live.url, "rc_so", PASSWORD)
    try:
        page = officer.page
        officer.open_from_menu("Sổ đăng ký", "Đối chiếu với hệ thống quốc gia")
        assert page.locator("h1").first.inner_text().strip() == "Đối chiếu với hệ thống quốc gia"
        page.get_by_label("Danh sách từ hệ thống quốc gia (.csv hoặc .xlsx)").set_input_files(str(listing))
        officer.type_into(page.get_by_label("Cột mã số đăng ký"), "Mã số HTX")
        officer.type_into(page.get_by_label("Cột tên"), "Tên HTX")
        officer.type_into(page.get_by_label("Cột tình trạng"), "Tình trạng")
        page.get_by_role("button", name="Đối chiếu").click()
        page.wait_for_load_state()
        table = officer.text("#differences")
        assert "trạng thái khác nhau" in table and "0201234567" in table, officer.errors()
        assert "có trong sổ đăng ký, không có trong tệp" in table  # RC311003
        officer.screens("register-reconcile", focus=page.locator("#differences"))
        with page.expect_download() as download:
            page.get_by_role("link", name="Tải về (Excel)").click()
        assert download.value.suggested_filename.endswith(".xlsx")
    finally:
        officer.close()
