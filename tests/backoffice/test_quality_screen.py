"""The back office's data-quality screen: every finding of a unit and a year with its organisations,
the proposed sector and the re-code link; limited to the user's units."""

import pytest

from hoptac.registry import lifecycle
from hoptac.registry.models import Event, Organization
from tests.accounts.factories import make_org, unit

pytestmark = pytest.mark.django_db
URL = "/admin/quality/"


@pytest.fixture
def findings_world(world):
    district_only = make_org("HP311901", unit("303"), "HTX Dịch vụ Lưu Kiếm")
    Organization.objects.filter(pk=world.own_org.pk).update(vsic="0118")
    Event.objects.filter(organization=world.own_org, type="established").update(sector="")
    lifecycle.rebuild_states([world.own_org.pk])  # unclassified, as the older files left it
    return district_only


def test_an_officer_reads_the_findings_of_their_district(world, login, findings_world):
    page = login(world["local_officer"]).get(URL, {"unit": "303", "year": "2021"})
    assert page.status_code == 200
    by_code = {f["code"]: f for f in page.context["findings"]}
    assert [r["code"] for r in by_code["location.district_only"]["rows"]] == ["HP311901"]
    [proposed] = by_code["sector.proposed"]["rows"]
    assert proposed["code"] == world.own_org.code and ("lĩnh vực đề xuất", "nông nghiệp") in [
        (str(k), str(v)) for k, v in proposed["details"]]
    html = page.content.decode()
    assert "Quận Hồng Bàng — 2021" in html  # the district as it was named in 2021
    assert f"/admin/registry/recode/{findings_world.pk}/" in html


def test_a_unit_outside_the_officers_units_is_refused_with_a_message(world, login, findings_world):
    page = login(world["outsider"]).get(URL, {"unit": "303", "year": "2021"})
    assert page.status_code == 200 and "unit" in page.context["form"].errors and page.context["findings"] == []


@pytest.mark.parametrize("role", ["cooperative", "editor"])
def test_roles_without_a_register_to_read_are_refused(world, login, role):
    assert login(world[role]).get(URL, {"unit": "31", "year": "2021"}).status_code == 403


def test_a_viewer_reads_the_whole_city_without_recode_links(world, login, findings_world):
    page = login(world["viewer"]).get(URL, {"unit": "31", "year": "2021"})
    rows = {f["code"]: f for f in page.context["findings"]}["location.district_only"]["rows"]
    assert [r["code"] for r in rows] == ["HP311901"] and not rows[0]["recode"]
