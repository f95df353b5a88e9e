"""Registering an organisation in the back office: the lifecycle rules, the officer's units, the audit trail."""

import datetime

import pytest

from hoptac.audit.models import AuditEntry
from hoptac.registry.models import Event, Organization, OrganizationState
from tests.accounts.factories import first_commune, new_commune_for

pytestmark = pytest.mark.django_db
ADD = "/admin/registry/organizations/add/"
LIST = "/admin/registry/organizations/"


def form(commune, **changes):
    data = {"code": "HP311777", "kind": "htx", "name": "HTX Nông nghiệp Lưu Kiếm", "unit_code": commune.code,
            "established_on": "2019-04-15", "sector": "agriculture", "document": "45/GCN-ĐKKD",
            "address": "Thôn 3, xã Lưu Kiếm", "phone": "0225 3871 555", "email": "luukiem@example.vn",
            "representative": "Phạm Văn Kiếm", "products": "Lúa giống, rau an toàn", "note": "đăng ký mới"}
    data.update(changes)
    return data


def test_an_officer_registers_an_organisation_with_its_establishment(world, login):
    commune = first_commune("303")
    response = login(world["local_officer"]).post(ADD, form(commune), REMOTE_ADDR="10.1.2.3")
    org = Organization.objects.get(code="HP311777")
    assert response.status_code == 302 and response["Location"].endswith(f"/organizations/{org.pk}/")
    assert (org.name, org.unit, org.sector, org.status, org.representative) == (
        "HTX Nông nghiệp Lưu Kiếm", commune, "agriculture", "active", "Phạm Văn Kiếm")
    event = Event.objects.get(organization=org)
    assert (event.type, event.date, event.document, event.recorded_by) == (
        "established", datetime.date(2019, 4, 15), "45/GCN-ĐKKD", world["local_officer"])
    assert OrganizationState.objects.get(organization=org).valid_from == datetime.date(2019, 4, 15)
    entry = AuditEntry.objects.get(object_type="registry.organization", object_id=str(org.pk))
    assert entry.actor == "hong_bang" and entry.ip == "10.1.2.3" and entry.before is None
    assert entry.after["code"] == "HP311777" and entry.after["phone"] == "0225 3871 555"


def test_an_unclassified_organisation_may_be_registered(world, login):
    login(world["province_officer"]).post(ADD, form(first_commune("304"), sector=""))
    assert Organization.objects.get(code="HP311777").sector == ""


@pytest.mark.parametrize("changes, field", [
    ({"unit_code": "99999"}, "unit_code"),  # no such unit
    ({"code": "HP-0001"}, "code"),  # the number is taken (by the world's organisation)
    ({"established_on": ""}, "established_on"),
    ({"email": "not-an-email"}, "email"),
    ({"kind": "xyz"}, "kind"),
])
def test_bad_input_is_named_and_nothing_is_written(world, login, changes, field):
    before = Organization.objects.count(), Event.objects.count()
    response = login(world["province_officer"]).post(ADD, form(first_commune("303"), **changes))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert (Organization.objects.count(), Event.objects.count()) == before


def test_the_lifecycle_rules_refuse_a_future_establishment(world, login):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    in_force_tomorrow = new_commune_for(first_commune("303"))  # the old communes ended on 30/6/2025
    response = login(world["province_officer"]).post(ADD, form(in_force_tomorrow, established_on=tomorrow))
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Organization.objects.filter(code="HP311777").exists()


def test_a_unit_that_is_not_in_force_on_the_date_is_refused(world, login):
    """Districts were abolished on 1/7/2025: a district code cannot take a later establishment."""
    district = first_commune("303").parent
    response = login(world["province_officer"]).post(ADD, form(district, established_on="2025-09-01"))
    assert response.status_code == 200 and "unit_code" in response.context["form"].errors
    assert not Organization.objects.filter(code="HP311777").exists()


def test_a_local_officer_cannot_register_in_another_district(world, login):
    response = login(world["local_officer"]).post(ADD, form(first_commune("304")))
    assert "unit_code" in response.context["form"].errors
    assert not Organization.objects.filter(code="HP311777").exists()


@pytest.mark.parametrize("role", ["viewer", "cooperative", "editor"])
def test_roles_without_registry_writes_are_refused_and_see_no_add_button(world, login, role):
    client = login(world[role])
    assert client.post(ADD, form(first_commune("303"))).status_code == 403
    assert not Organization.objects.filter(code="HP311777").exists()
    listing = client.get(LIST)
    assert ADD.encode() not in listing.content


def test_officers_see_the_add_button_on_the_list(world, login):
    assert ADD.encode() in login(world["local_officer"]).get(LIST).content


def test_a_local_officer_cannot_move_an_organisation_into_another_district(world, login):
    foreign_commune = first_commune("304")
    response = login(world["local_officer"]).post("/admin/registry/events/add/", {
        "organization": world.own_org.code, "type": "relocated", "date": "2021-05-01", "unit": foreign_commune.code})
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not Event.objects.filter(organization=world.own_org, type="relocated").exists()
    world.own_org.refresh_from_db()
    assert world.own_org.unit == first_commune("303")
