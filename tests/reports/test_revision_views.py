"""The revision analysis and the vintage comparison on screen and as JSON: who may read them, and in what words.

A report of Hồng Bàng (303) and one of Ngô Quyền (304) are published as recorded in March 2021; a
dissolution dated in 2020 is recorded afterwards in Hồng Bàng. The outsider is Ngô Quyền's officer.
"""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from hoptac.accounts.testing import force_verified_login
from hoptac.registry import lifecycle
from hoptac.registry.models import Event
from hoptac.reports.services import make_report, publish_report, withdraw_report
from tests.accounts.factories import first_commune, make_org

pytestmark = pytest.mark.django_db

TZ = datetime.timezone(datetime.timedelta(hours=7))
MADE = datetime.datetime(2021, 3, 15, 16, 30, tzinfo=TZ)


@pytest.fixture
def reports(world):
    third = make_org("HP311002", first_commune("303"), "HTX Dịch vụ Lập Lễ", established_on=datetime.date(2012, 5, 2))
    orgs = [world.own_org, world.foreign_org, third]
    Event.objects.filter(organization__in=orgs).update(recorded_at=datetime.datetime(2016, 1, 10, tzinfo=TZ))
    lifecycle.rebuild_states([o.pk for o in orgs])
    officer = world["province_officer"]
    own = publish_report(make_report("303", 2020, "xlsx", as_recorded=MADE), user=officer)
    foreign = publish_report(make_report("304", 2020, "xlsx", as_recorded=MADE), user=officer)
    event = lifecycle.record_event(third, "dissolved", datetime.date(2020, 9, 30), by=officer)
    Event.objects.filter(pk=event.pk).update(recorded_at=datetime.datetime(2021, 6, 8, 10, 15, tzinfo=TZ))
    lifecycle.rebuild_states([third.pk])
    return {"own": own, "foreign": foreign}


def refused(response):
    """Wagtail turns PermissionDenied into a redirect to the dashboard with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def login(client, user):
    force_verified_login(client, user)
    return client


def test_the_back_office_analysis_shows_then_now_and_the_record(world, reports, client):
    page = login(client, world["local_officer"]).get(f"/admin/reports/{reports['own'].pk}/revisions/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-figure="values.htx.total"' in html
    assert "HTX Dịch vụ Lập Lễ (HP311002)" in html and "08/06/2021 10:15" in html and "so_tinh" in html
    assert "Phân tích điều chỉnh" in html  # the page speaks Vietnamese


def test_the_outsider_officer_is_refused_the_analysis_of_another_district(world, reports, client):
    assert refused(login(client, world["outsider"]).get(f"/admin/reports/{reports['own'].pk}/revisions/"))


@pytest.mark.parametrize("role", ["cooperative", "editor"])
def test_roles_without_the_register_are_refused(world, reports, client, role):
    response = login(client, world[role]).get(f"/admin/reports/{reports['own'].pk}/revisions/")
    assert refused(response) or (response.status_code == 302 and "/login/" in response["Location"])


def test_anonymous_back_office_access_goes_to_sign_in(reports, client):
    response = client.get(f"/admin/reports/{reports['own'].pk}/revisions/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_portal_page_and_json_of_a_public_report(reports, client):
    report = reports["own"]
    page = client.get(f"/bao-cao/{report.pk}/dieu-chinh/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Điều chỉnh số liệu từ khi công bố" in html and "08/06/2021 10:15" in html
    data = client.get(f"/bao-cao/{report.pk}/dieu-chinh.json").json()
    changes = {c["figure"]: c for c in data["changes"]}
    assert (changes["values.htx.total"]["then"], changes["values.htx.total"]["now"]) == (2, 1)
    assert changes["values.htx.total"]["records"][0]["organization"] == "HTX Dịch vụ Lập Lễ (HP311002)"
    assert data["made_at"] == MADE.isoformat()


def test_the_portal_page_links_the_statistics_as_published(reports, client):
    """"Figures as published": the statistics page for the report's unit and date, as recorded when it was made."""
    report = reports["own"]
    html = client.get(f"/bao-cao/{report.pk}/dieu-chinh/").content.decode()
    link = re.search(r'href="(/thong-ke/\?[^"]+)"', html)
    assert link and "Xem số liệu thống kê như khi báo cáo được lập" in html
    query = parse_qs(urlsplit(unescape(link.group(1))).query)
    assert query["unit"] == ["303"] and query["date"] == ["31/12/2020"]
    assert datetime.datetime.fromisoformat(query["as_recorded"][0]) == MADE


def test_the_portal_does_not_name_the_organisation_of_a_corrected_annual_report():
    from hoptac.reports.revisions import Analysis, FigureChange, Record

    moment = datetime.datetime(2021, 9, 20, 9, 40, tzinfo=TZ)
    report = Record("report", moment, "so_tinh", "2020 r2", "HTX Thương mại Hải Thành (0202000193)", 56)
    event = Record("event", moment, "so_tinh", "giải thể 13/01/2020", "HTX Dịch vụ Duyên Hải (0202011904)", 7)
    analysis = Analysis(MADE, moment, "0.1.0", "0.1.0", [FigureChange(("values", "members.total"), 10, 9, "records",
                                                                      records=[report, event])], [report, event], 1)
    shown = analysis.public().as_json()
    assert [r["organization"] for r in shown["records"]] == ["", "HTX Dịch vụ Duyên Hải (0202011904)"]
    assert shown["changes"][0]["records"][0] == {**report.as_json(), "organization": "", "what": "2020"}
    assert "0202000193" not in str(shown)


def test_a_withdrawn_report_has_no_public_analysis_but_the_back_office_keeps_it(world, reports, client):
    report = reports["own"]
    withdraw_report(report, "Số liệu cần rà soát", world["province_officer"])
    assert client.get(f"/bao-cao/{report.pk}/dieu-chinh/").status_code == 404
    assert client.get(f"/bao-cao/{report.pk}/dieu-chinh.json").status_code == 404
    assert refused(login(client, world["outsider"]).get(f"/admin/reports/{report.pk}/revisions/"))
    assert login(client, world["province_officer"]).get(f"/admin/reports/{report.pk}/revisions/").status_code == 200


def test_the_documents_page_links_each_public_report_to_its_analysis(reports, client):
    from hoptac.portal.selectors import published_reports

    assert reports["own"].get_revisions_url() == f"/bao-cao/{reports['own'].pk}/dieu-chinh/"
    assert reports["own"] in list(published_reports())


VINTAGES = "/admin/reports/vintages/"


def test_the_vintage_screen_lists_what_differs(world, reports, client):
    page = login(client, world["local_officer"]).get(VINTAGES, {
        "unit": "303", "date": "31/12/2020", "first": "15/03/2021 16:30", "second": "01/11/2021"})
    assert page.status_code == 200, page.context["form"].errors
    rows = {r["path"]: (r["first"], r["second"]) for r in page.context["rows"]}
    assert rows["values.htx.total"] == ("2", "1")
    assert "15/03/2021 16:30" in page.content.decode()


@pytest.mark.parametrize(("moment", "message"), [
    ("15-03-2021", "NN/TT/NNNN"), ("30/02/2021", "không phải là ngày hoặc ngày giờ hợp lệ"),
    ("2099-01-01", "ở tương lai"), ("01/01/2999", "nằm ngoài khoảng cho phép")])
def test_the_vintage_screen_says_what_is_wrong_with_a_moment(world, reports, client, moment, message):
    page = login(client, world["province_officer"]).get(VINTAGES, {
        "unit": "31", "date": "31/12/2020", "first": moment, "second": "01/11/2021"})
    assert message in " ".join(page.context["form"].errors["first"])


def test_the_outsider_cannot_compare_another_district(world, reports, client):
    page = login(client, world["outsider"]).get(VINTAGES, {
        "unit": "303", "date": "31/12/2020", "first": "15/03/2021", "second": "01/11/2021"})
    assert "comparison" not in page.context and page.context["form"].errors["unit"]
