"""The 2023 law's lifecycle in a Vietnamese Chromium (SPEC §2 v2): the province officer records a suspension
with its end date (a notice longer than 12 months is refused, in Vietnamese), then a division into two new
cooperatives registered first with the origin 'formed by reorganisation', and walks from the divided
cooperative to its successors and back. Screenshots: /tmp/shots-journeys/lifecycle-*."""

import datetime

import pytest

from tests.browser import requires_chromium
from tests.journeys.person import Person

pytestmark = [pytest.mark.browser, requires_chromium]

TODAY = datetime.date.today()


@pytest.fixture
def officer(browser, live):
    someone = Person.sign_in(browser, live.url, "sohtx")
    yield someone
    someone.close()


def quiet_cooperative(skip=0):
    """An active cooperative with nothing recorded in the last year (so an event today breaks no rule)."""
    from hoptac.registry.models import Organization

    recent = TODAY - datetime.timedelta(days=365)
    return (Organization.objects.filter(kind="htx", status="active").exclude(events__date__gte=recent)
            .order_by("code")[skip])


def open_organisation(officer, org):
    officer.open_from_menu("Sổ đăng ký", "Tổ chức")
    officer.type_into(officer.page.locator("form.w-slim-header__search-form input[name=q]"), org.code)
    officer.page.keyboard.press("Enter")
    officer.page.wait_for_load_state()
    officer.page.locator("#listing-results").get_by_role("link", name=org.name).first.click()
    officer.page.wait_for_load_state()


def record_event(officer, kind, day, until="", successors=""):
    page = officer.page
    page.get_by_role("link", name="Ghi nhận sự kiện").first.click()
    page.locator("#id_type").select_option(kind)
    officer.type_into(page.locator("#id_date"), day.strftime("%d/%m/%Y"))
    page.keyboard.press("Escape")
    if until:
        officer.type_into(page.locator("#id_until"), until.strftime("%d/%m/%Y"))
        page.keyboard.press("Escape")
    if successors:
        officer.type_into(page.locator("#id_successors"), successors)
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()


def register(officer, code, name, day):
    page, form = officer.page, officer.main
    officer.open_from_menu("Sổ đăng ký", "Tổ chức")
    page.get_by_role("link", name="Thêm tổ chức").click()
    officer.type_into(form.get_by_label("Số đăng ký"), code)
    officer.type_into(form.locator("#id_name"), name)
    officer.type_into(form.get_by_label("Ngày thành lập"), day.strftime("%d/%m/%Y"))
    page.keyboard.press("Escape")
    officer.pick_unit(form.get_by_role("combobox", name="Đơn vị"), "hong an", "Phường Hồng An")
    page.locator("#id_sector").select_option("agriculture")
    page.locator("#id_origin").select_option(label="hình thành do tổ chức lại")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert "Đã đăng ký tổ chức" in officer.text(), officer.errors()


@pytest.mark.django_db  # also tells pytest-django to set up the test database when this module runs alone
def test_the_demo_holds_the_2023_law_events(world):
    from hoptac.registry.models import Event

    assert {"bankrupt", "revoked", "reinstated", "consolidated", "absorbed", "divided", "separated"} <= set(
        Event.objects.values_list("type", flat=True))


def test_suspension_with_an_end_date_too_far_is_refused_then_recorded(officer):
    org = quiet_cooperative()
    open_organisation(officer, org)
    start = TODAY - datetime.timedelta(days=10)
    record_event(officer, "suspended", start, until=start + datetime.timedelta(days=400))
    errors = " ".join(officer.errors())
    assert f"{org.code}: tạm ngừng hoạt động ({start:%d/%m/%Y})" in errors, errors
    assert "thời hạn tạm ngừng không quá 12 tháng" in errors
    officer.screens("lifecycle-suspension-refused", focus=officer.page.locator("[role=alert]").first)
    end = start + datetime.timedelta(days=180)
    officer.type_into(officer.page.locator("#id_until"), end.strftime("%d/%m/%Y"))
    officer.page.keyboard.press("Escape")
    officer.page.get_by_role("button", name="Lưu").click()
    officer.page.wait_for_load_state()
    timeline = officer.page.locator("table.hoptac-timeline").inner_text()
    assert f"tạm ngừng đến ngày: {end:%d/%m/%Y}" in timeline, officer.errors()


def test_division_into_two_new_cooperatives_and_back(officer):
    org = quiet_cooperative(skip=1)
    register(officer, "0209990011", "HTX Nông nghiệp Hồng An Một", TODAY)
    register(officer, "0209990012", "HTX Nông nghiệp Hồng An Hai", TODAY)
    open_organisation(officer, org)
    record_event(officer, "divided", TODAY, successors="0209990012")
    assert "phải nêu hai trở lên tổ chức kế thừa, không phải 1" in " ".join(officer.errors())
    officer.type_into(officer.page.locator("#id_successors"), "0209990012; 0209990011")
    officer.page.get_by_role("button", name="Lưu").click()
    officer.page.wait_for_load_state()
    lineage = officer.page.locator("table.hoptac-lineage")
    text = lineage.inner_text()
    assert "kế thừa" in text and "chia" in text and "0209990011" in text and "0209990012" in text, officer.errors()
    officer.screens("lifecycle-division", focus=lineage)
    lineage.get_by_role("link", name="0209990011", exact=False).click()
    officer.page.wait_for_load_state()
    back = officer.page.locator("table.hoptac-lineage").inner_text()
    assert "tiền thân" in back and org.code in back
    officer.screens("lifecycle-successor", focus=officer.page.locator("table.hoptac-lineage"))
