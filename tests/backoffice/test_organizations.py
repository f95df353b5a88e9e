"""The organisation list on a chosen date, the organisation page and its timeline."""

import datetime

import pytest

from hoptac.registry import lifecycle
from tests.accounts.factories import first_commune, make_org

pytestmark = pytest.mark.django_db
LIST = "/admin/registry/organizations/"


def test_the_list_shows_the_state_on_the_chosen_date(world, login):
    org = world.own_org
    lifecycle.record_event(org, "renamed", datetime.date(2020, 1, 1), name="HTX Thủy Sơn Mới")
    client = login(world["province_officer"])
    body = client.get(LIST, {"date": "2019-06-30"}).content.decode()
    assert "HTX Nông nghiệp Thủy Sơn" in body and "HTX Thủy Sơn Mới" not in body
    body = client.get(LIST, {"date": "31/12/2021"}).content.decode()
    assert "HTX Thủy Sơn Mới" in body


def test_organisations_not_yet_established_on_the_date_are_not_listed(world, login):
    body = login(world["admin"]).get(LIST, {"date": "2010-01-01"}).content.decode()
    assert "HP-0001" not in body


def test_filters_by_unit_kind_sector_and_status(world, login):
    make_org("HP311009", first_commune("303"), "Tổ hợp tác Rau sạch", kind="tht", sector="")
    lifecycle.record_event(world.own_org, "suspended", datetime.date(2021, 3, 1))
    client = login(world["province_officer"])

    def codes(**params):
        body = client.get(LIST, {"date": "2021-12-31", **params}).content.decode()
        return {c for c in ("HP-0001", "HP-0002", "HP311009") if c in body}

    assert codes(unit="303") == {"HP-0001", "HP311009"}
    assert codes(unit="304") == {"HP-0002"}
    assert codes(kind="tht") == {"HP311009"}
    assert codes(sector="unclassified") == {"HP311009"}
    assert codes(status="suspended") == {"HP-0001"}
    assert codes(status="suspended", date="2020-12-31") == set()


def test_search_by_name_and_code(world, login):
    client = login(world["viewer"])
    assert "HP-0002" in client.get(LIST, {"q": "An Đồng"}).content.decode()
    assert "HP-0002" not in client.get(LIST, {"q": "HP-0001"}).content.decode()


def test_the_local_officer_list_holds_only_their_district(world, login):
    body = login(world["local_officer"]).get(LIST).content.decode()
    assert "HTX Nông nghiệp Thủy Sơn" in body and "An Đồng Xanh" not in body


def test_the_organisation_page_shows_the_timeline_and_personal_fields_to_its_officer(world, login):
    org = world.own_org
    lifecycle.record_event(org, "suspended", datetime.date(2021, 3, 1), document="12/QĐ-UBND")
    body = login(world["local_officer"]).get(f"{LIST}{org.pk}/").content.decode()
    assert "01/03/2021" in body and "12/QĐ-UBND" in body
    assert org.representative in body and org.phone in body


def test_a_viewer_sees_the_page_without_personal_fields(world, login):
    org = world.own_org
    body = login(world["viewer"]).get(f"{LIST}{org.pk}/").content.decode()
    assert org.name in body
    assert org.representative not in body and org.phone not in body and org.email not in body


def test_a_foreign_organisation_page_is_not_found(world, login):
    response = login(world["outsider"]).get(f"{LIST}{world.own_org.pk}/")
    assert response.status_code == 404
    assert world.own_org.name not in response.content.decode()


def test_export_holds_no_personal_field_and_only_the_scope(world, login):
    response = login(world["local_officer"]).get(LIST, {"export": "csv"})
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "HP-0001" in body and "HP-0002" not in body
    assert world.own_org.phone not in body and world.own_org.representative not in body


def test_the_dashboard_shows_key_figures_of_the_officer_units(world, login):
    body = login(world["local_officer"]).get("/admin/").content.decode()
    assert "hoptac-key-figures" in body and "(303)" in body


def test_wagtail_screens_speak_vietnamese_where_wagtail_itself_does_not(world, login):
    """Strings Wagtail's own Vietnamese catalogue lacks come from hoptac's (LOCALE_PATHS)."""
    body = login(world["province_officer"]).get(LIST).content.decode()
    assert "Chuyển đến nội dung chính" in body and "Skip to main content" not in body
    assert "Hiện bộ lọc" in body and "Show filters" not in body
