"""Vintages in a Vietnamese Chromium: a province officer finds “So sánh thời điểm ghi nhận” in the menu,
types two moments the Vietnamese way and reads the figures that differ; then opens a published report's
revision analysis from the list of review reports. Screenshots in /tmp/shots-journeys/ (vintages-*.png)."""

import datetime

import pytest

from tests.browser import browser, requires_chromium, serving  # noqa: F401 - browser is a fixture
from tests.journeys.person import Person

pytestmark = [pytest.mark.browser, requires_chromium]
PASSWORD = "Hai-Phong-2021-kiem-thu"
TZ = datetime.timezone(datetime.timedelta(hours=7))
MADE = datetime.datetime(2021, 3, 15, 16, 30, tzinfo=TZ)


@pytest.fixture(scope="module")
def live(django_db_setup, django_db_blocker):
    """Three cooperatives recorded in 2016, the 2020 report of Thuỷ Nguyên published as recorded on 15/3/2021,
    a dissolution dated 2020 recorded in June 2021; committed for the server thread and removed afterwards."""
    from django.db import models

    from hoptac.registry import lifecycle
    from hoptac.registry.models import Event, Organization, OrganizationState
    from hoptac.reports.models import PublishedReport
    from hoptac.reports.services import make_report, publish_report
    from tests.accounts.factories import make_org, make_user, unit

    with serving(django_db_blocker) as server:
        orgs = [make_org(f"VT31100{n}", unit("311").children.order_by("code")[n], name,
                         established_on=datetime.date(2010, 4, n))
                for n, name in enumerate(["HTX Nông nghiệp Lưu Kiếm", "HTX Thủy sản Minh Đức",
                                          "HTX Dịch vụ Lập Lễ"], start=1)]
        Event.objects.filter(organization__in=orgs).update(recorded_at=datetime.datetime(2016, 1, 10, tzinfo=TZ))
        lifecycle.rebuild_states([o.pk for o in orgs])
        officer = make_user("vt_so", "province_officer", password=PASSWORD)
        report = publish_report(make_report("311", 2020, "xlsx", as_recorded=MADE), user=officer)
        late = lifecycle.record_event(orgs[2], "dissolved", datetime.date(2020, 9, 30), by=officer)
        Event.objects.filter(pk=late.pk).update(recorded_at=datetime.datetime(2021, 6, 8, 10, 15, tzinfo=TZ))
        lifecycle.rebuild_states([o.pk for o in orgs])
        try:
            yield server
        finally:
            report.file.delete(save=False)
            models.QuerySet.delete(PublishedReport.objects.filter(pk=report.pk))
            officer.delete()
            OrganizationState.objects.filter(organization__in=orgs).delete()
            Event.objects.filter(organization__in=orgs).delete()
            Organization.objects.filter(code__startswith="VT311").delete()


@pytest.mark.django_db  # also tells pytest-django to set up the test database when this module runs alone
def test_the_published_report_kept_its_figures(live):
    from hoptac.reports.models import PublishedReport

    report = PublishedReport.objects.get(unit_code="311", year=2020)
    assert report.made_at == MADE and report.figures["values"]["htx.total"] == 3


def test_a_province_officer_compares_two_moments_and_reads_a_revision_analysis(browser, live):
    officer = Person.sign_in(browser, live.url, "vt_so", PASSWORD)
    try:
        page = officer.page
        officer.open_from_menu("So sánh thời điểm ghi nhận")
        assert page.locator("h1").first.inner_text().strip() == "So sánh thời điểm ghi nhận"
        officer.type_into(page.get_by_label("ngày số liệu"), "31/12/2020")
        officer.pick_unit(page.get_by_role("combobox", name="đơn vị"), "311", "(311)")
        officer.type_into(page.get_by_label("theo sổ ghi đến thời điểm 1"), "15/03/2021 16:30")
        officer.type_into(page.get_by_label("theo sổ ghi đến thời điểm 2"), "01/11/2021")
        page.get_by_role("button", name="So sánh").click()
        page.wait_for_load_state()
        result = officer.text("main")
        assert "theo sổ ghi đến 15/03/2021 16:30 và đến 01/11/2021 23:59" in result, officer.errors()
        row = page.locator('tr[data-figure="values.htx.total"]')
        assert row.locator("td").nth(1).inner_text() == "3" and row.locator("td").nth(2).inner_text() == "2"
        officer.screens("vintages-compare", focus=page.locator("main"))

        officer.open_from_menu("Báo cáo tổng hợp")
        page.get_by_role("link", name="Điều chỉnh").first.click()
        page.wait_for_load_state()
        assert page.locator("h1").first.inner_text().strip() == "Phân tích điều chỉnh"
        analysis = officer.text("main")
        assert "HTX Dịch vụ Lập Lễ (VT311003)" in analysis and "08/06/2021 10:15" in analysis
        officer.screens("vintages-revisions", focus=page.locator("main"))
    finally:
        officer.close()
