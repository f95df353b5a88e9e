"""The province officer's journey through directive documents, the action plan and support,
in a Vietnamese Chromium: find a document by its number, add support typing the amount as
people type it (27.500), read the overdue tasks. Screenshots in /tmp/shots-journeys/."""

import re

import pytest

from tests.browser import LiveServer, requires_chromium
from tests.journeys.person import Person

pytestmark = [pytest.mark.browser, requires_chromium]


@pytest.fixture(scope="module")
def live(world, django_db_blocker):
    with django_db_blocker.unblock():
        server = LiveServer()
        yield server
        server.stop()


@pytest.fixture
def person(browser, live):
    opened = []

    def sign_in(username):
        someone = Person.sign_in(browser, live.url, username)
        opened.append(someone)
        return someone

    yield sign_in
    for someone in opened:
        someone.close()


@pytest.mark.django_db  # also tells pytest-django to set up the test database when this module runs alone
def test_the_demo_world_holds_the_citys_documents_and_plan(world):
    from hoptac.directives.models import Document, Task

    assert Document.objects.filter(level="province").count() == 27
    assert Task.objects.overdue().filter(code="KH74-04").exists()


def test_province_officer_finds_a_document_records_support_and_reads_overdue_tasks(person):
    from hoptac.directives.models import Support
    from hoptac.registry.models import Organization

    officer = person("sohtx")
    page = officer.page
    officer.open_from_menu("Chỉ đạo, điều hành", "Văn bản chỉ đạo")
    officer.type_into(officer.main.locator("input[name=q]").first, "74-KH")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    page.wait_for_timeout(800)
    listing = officer.main.inner_text()
    assert "74-KH/TU" in listing and "Kế hoạch tổng kết 20 năm" in listing
    assert "True" not in listing
    officer.screens("directives-1-documents", focus=officer.main)

    org = Organization.objects.filter(status="active").order_by("code").first()
    officer.open_from_menu("Chỉ đạo, điều hành", "Hỗ trợ")
    page.get_by_role("link", name="Thêm hỗ trợ đã thực hiện").first.click()
    page.wait_for_load_state()
    form = officer.main
    officer.type_into(form.locator("#id_org_code"), org.code)
    officer.type_into(form.locator("#id_year"), "2025")
    form.locator("#id_kind").select_option("credit")
    officer.type_into(form.locator("#id_amount"), "27.500")
    officer.type_into(form.locator("#id_programme"), "Quỹ hỗ trợ phát triển hợp tác xã")
    page.get_by_role("button", name=re.compile("^(Lưu|Tạo)$")).first.click()
    page.wait_for_load_state()
    assert not officer.errors(), officer.errors()
    saved = Support.objects.get(organization=org, year=2025, programme="Quỹ hỗ trợ phát triển hợp tác xã")
    assert saved.amount == 27500
    officer.screens("directives-2-support-saved", focus=officer.main)

    officer.open_from_menu("Chỉ đạo, điều hành", "Kế hoạch hành động")
    officer.go("/admin/directives/tasks/?overdue=true")
    overdue = officer.main.inner_text()
    assert "KH74-04" in overdue  # its deadline, 30/06/2024, has passed and it is still in progress
    assert "KH74-01" not in overdue  # done
    officer.screens("directives-3-overdue-tasks", focus=officer.main)
