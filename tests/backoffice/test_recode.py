"""The back office's re-code screens (SPEC §2 v2): organisations located only to a district listed for the
officers who may change them, re-coded one at a time or in bulk, audited; outsiders refused."""

import pytest

from hoptac.audit.models import AuditEntry
from hoptac.registry import recode
from hoptac.registry.models import Event, Organization
from tests.accounts.factories import make_org, unit

pytestmark = pytest.mark.django_db
LIST = "/admin/registry/recode/"


@pytest.fixture
def district_only(world):
    """Two organisations of Hồng Bàng recorded only to the district, one of Ngô Quyền."""
    return (make_org("HP311901", unit("303"), "HTX Dịch vụ Lưu Kiếm", address="Phường Quán Toan, quận Hồng Bàng"),
            make_org("HP311902", unit("303"), "HTX Nông nghiệp Quảng Thanh"),
            make_org("HP312901", unit("304"), "HTX An Dương Xanh"))


def commune_of(district, nth=0):
    return unit(district).children.order_by("code")[nth]


def test_the_list_shows_only_the_officers_own_organisations_to_recode(world, login, district_only):
    page = login(world["local_officer"]).get(LIST)
    assert page.status_code == 200
    listed = [org.code for org, _events in page.context["rows"]]
    assert listed == ["HP311901", "HP311902"]
    assert "Ghi địa bàn cấp xã" in page.content.decode()


def test_one_organisation_is_recoded_from_its_screen(world, login, district_only):
    org, commune = district_only[0], commune_of("303", 1)
    client = login(world["local_officer"])
    assert client.get(f"{LIST}{org.pk}/").status_code == 200
    response = client.post(f"{LIST}{org.pk}/", {"commune": commune.code, "reason": "địa chỉ trên giấy chứng nhận"})
    assert response.status_code == 302 and response["Location"].endswith(f"/organizations/{org.pk}/")
    org.refresh_from_db()
    assert org.unit == commune
    assert Event.objects.get(organization=org, type="established", voided_at__isnull=True).recorded_by == world["local_officer"]
    entry = AuditEntry.objects.get(action=recode.ACTION, object_id=str(org.pk))
    assert entry.actor == "hong_bang" and entry.note == "địa chỉ trên giấy chứng nhận"


def test_the_ticked_organisations_are_recoded_together(world, login, district_only):
    first, second, _foreign = district_only
    commune = commune_of("303", 2)
    response = login(world["province_officer"]).post(LIST, {"org": [first.pk, second.pk], "commune": commune.code})
    assert response.status_code == 302
    assert set(Organization.objects.filter(unit=commune).values_list("code", flat=True)) == {first.code, second.code}
    assert AuditEntry.objects.filter(action=recode.ACTION).count() == 2


def test_a_commune_outside_the_district_is_refused_with_the_reason_and_nothing_changes(world, login, district_only):
    first, second, _foreign = district_only
    other = commune_of("313")
    response = login(world["province_officer"]).post(LIST, {"org": [first.pk, second.pk], "commune": other.code})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "HP311901" in errors and "HP311902" in errors and "không thuộc" in errors
    assert recode.pending().count() == 3 and not AuditEntry.objects.filter(action=recode.ACTION).exists()


def test_an_officer_cannot_choose_a_commune_outside_their_units(world, login, district_only):
    response = login(world["local_officer"]).post(f"{LIST}{district_only[0].pk}/", {"commune": commune_of("304").code})
    assert response.status_code == 200 and "commune" in response.context["form"].errors
    assert recode.pending().count() == 3


def test_an_outsider_is_refused_and_the_refusal_recorded(world, login, district_only):
    org = district_only[0]
    outsider = login(world["outsider"])
    assert outsider.get(f"{LIST}{org.pk}/").status_code == 404
    assert outsider.post(LIST, {"org": [org.pk], "commune": commune_of("303").code}).status_code == 404
    assert AuditEntry.objects.filter(action="access.refused", object_id=str(org.pk)).exists()
    assert recode.pending().count() == 3


@pytest.mark.parametrize("role", ["viewer", "editor", "cooperative"])
def test_roles_that_may_not_change_organisations_are_refused(world, login, district_only, role):
    client = login(world[role])
    assert client.get(LIST).status_code == 403
    assert client.post(f"{LIST}{district_only[0].pk}/", {"commune": commune_of("303").code}).status_code == 403
    assert recode.pending().count() == 3


def test_the_organisation_page_offers_the_recode_and_proposes_a_sector(world, login, district_only):
    org = district_only[0]
    Organization.objects.filter(pk=org.pk).update(sector="", vsic="0118")
    page = login(world["local_officer"]).get(f"/admin/registry/organizations/{org.pk}/")
    html = page.content.decode()
    assert f"/admin/registry/recode/{org.pk}/" in html
    assert "Theo ngành nghề chính (VSIC 0118), lĩnh vực đề xuất là: nông nghiệp" in html
    recoded = login(world["local_officer"]).get(f"/admin/registry/organizations/{world.own_org.pk}/").content.decode()
    assert f"/admin/registry/recode/{world.own_org.pk}/" not in recoded and "lĩnh vực đề xuất" not in recoded
