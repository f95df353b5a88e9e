"""Each kind of change leaves an audit record with the right before and after values."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from hoptac.audit import trail as audit
from hoptac.audit.models import AuditEntry, Channel
from hoptac.accounts.testing import force_verified_login
from hoptac.registry.models import Event, Target
from tests.accounts.factories import make_user, unit

pytestmark = pytest.mark.django_db


def last(action):
    return AuditEntry.objects.filter(action=action).first()


def test_changing_records_the_stored_values_before_and_after(world):
    org = world.own_org
    old_phone = org.phone
    org.phone = "modified in memory before the block"
    with audit.changing(org, user=world["admin"], channel=Channel.BACK_OFFICE):
        org.phone = "0225 999 999"
        org.save()
    entry = last("registry.organization.changed")
    assert entry.before["phone"] == old_phone and entry.after["phone"] == "0225 999 999"
    assert entry.actor == "quantri" and entry.object_id == str(org.pk)
    assert ("phone", old_phone, "0225 999 999") in entry.changes()


def test_an_unchanged_row_leaves_no_entry(world):
    with audit.changing(world.own_org, channel=Channel.BACK_OFFICE):
        world.own_org.phone = "changed in memory, never saved"
    assert not AuditEntry.objects.filter(action="registry.organization.changed").exists()


def test_editing_an_organisation_in_the_back_office_records_who_from_where(client, world):
    org = world.own_org
    force_verified_login(client, world["local_officer"])
    data = {"address": "Số 9 Trần Hưng Đạo", "phone": org.phone, "email": org.email,
            "representative": org.representative, "products": ""}
    client.post(f"/admin/registry/organizations/{org.pk}/edit/", data, REMOTE_ADDR="10.1.2.3")
    entry = last("registry.organization.changed")
    assert entry.actor == "hong_bang" and entry.ip == "10.1.2.3"
    assert entry.before["address"] == "" and entry.after["address"] == "Số 9 Trần Hưng Đạo"


def test_recording_and_voiding_an_event_are_audited(client, world):
    force_verified_login(client, world["local_officer"])
    client.post("/admin/registry/events/add/", {"organization": "HP-0001", "type": "suspended", "date": "2021-05-01"})
    event = Event.objects.get(type="suspended")
    assert last("registry.event.recorded").after["type"] == "suspended"
    client.post(f"/admin/registry/events/{event.pk}/void/", {"reason": "nhập nhầm"})
    entry = last("registry.event.voided")
    assert entry.before["voided_at"] is None and entry.after["void_reason"] == "nhập nhầm"


def test_a_rule_broken_shows_the_rule_and_records_nothing(client, world):
    force_verified_login(client, world["local_officer"])
    response = client.post("/admin/registry/events/add/",
                           {"organization": "HP-0001", "type": "resumed", "date": "2021-05-01"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "hoạt động trở lại" in body and "đang hoạt động" in body  # the rule broken, in the user's language
    assert not Event.objects.filter(type="resumed").exists()
    assert not AuditEntry.objects.filter(action__startswith="registry.event").exists()


def test_targets_created_changed_and_deleted_are_audited(client, world):
    force_verified_login(client, world["province_officer"])
    client.post("/admin/registry/targets/add/",
                {"indicator": "htx.active", "unit_code": "31", "year": 2030, "op": ">", "value": "500", "source": "74-KH/TU"})
    target = Target.objects.get()
    assert Decimal(last("registry.target.created").after["value"]) == 500
    client.post(f"/admin/registry/targets/{target.pk}/edit/",
                {"indicator": "htx.active", "unit_code": "31", "year": 2030, "op": ">", "value": "600", "source": "74-KH/TU"})
    entry = last("registry.target.changed")
    assert (entry.before["value"], entry.after["value"]) == ("500.0000", "600.0000")
    client.post(f"/admin/registry/targets/{target.pk}/delete/")
    assert last("registry.target.deleted").before["value"] == "600.0000" and not Target.objects.exists()


def test_roles_given_to_users_are_audited_with_their_units(client, world):
    force_verified_login(client, world["admin"])
    newcomer = make_user("can_bo_moi")
    client.post("/admin/roles/add/", {"user": newcomer.pk, "role": "local_officer", "unit_codes": "304",
                                      "units_on": "2021-12-31"})
    entry = last("accounts.profile.created")
    assert entry.after["role"] == "local_officer" and entry.after["units"] == [unit("304").pk]


def test_sign_in_sign_out_and_refusals_are_recorded(client, world):
    make_user("dang_nhap", "viewer", password="Hai-Phong-2025-xanh")
    client.post("/admin/login/", {"username": "dang_nhap", "password": "sai mật khẩu"}, REMOTE_ADDR="10.9.9.9")
    refused = last(audit.SIGN_IN_REFUSED)
    assert refused.note == "dang_nhap" and refused.ip == "10.9.9.9" and "sai" not in str(refused.after)
    client.post("/admin/login/", {"username": "dang_nhap", "password": "Hai-Phong-2025-xanh"})
    assert last(audit.SIGNED_IN).actor == "dang_nhap"
    client.post("/admin/logout/")
    assert last(audit.SIGNED_OUT).actor == "dang_nhap"


def test_a_refused_access_is_recorded(client, world):
    force_verified_login(client, world["viewer"])
    client.get("/admin/registry/targets/add/")
    assert last(audit.ACCESS_REFUSED).actor == "lanh_dao"
    client.get(f"/admin/registry/organizations/{world.foreign_org.pk}/edit/")
    assert AuditEntry.objects.filter(action=audit.ACCESS_REFUSED).count() == 2


def test_the_audit_trail_cannot_be_changed(world):
    entry = audit.record("test.action", world.own_org, channel=Channel.BACK_OFFICE)
    entry.note = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(note="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_the_back_office_offers_no_way_to_edit_the_audit(client, world):
    entry = audit.record("test.action", world.own_org, channel=Channel.BACK_OFFICE)
    force_verified_login(client, world["admin"])
    assert client.get("/admin/audit/").status_code == 200
    assert client.get(f"/admin/audit/inspect/{entry.pk}/").status_code == 200
    for path in ("add/", f"edit/{entry.pk}/", f"delete/{entry.pk}/", f"{entry.pk}/edit/", f"{entry.pk}/delete/"):
        assert client.post(f"/admin/audit/{path}", {"note": "x"}).status_code == 404
    assert AuditEntry.objects.get(pk=entry.pk).note == ""


def test_the_audit_is_readable_per_object_and_per_user(client, world):
    audit.record("test.one", world.own_org, user=world["local_officer"], channel=Channel.BACK_OFFICE)
    audit.record("test.two", world.foreign_org, user=world["outsider"], channel=Channel.BACK_OFFICE)
    force_verified_login(client, world["province_officer"])
    body = client.get("/admin/audit/", {"object_type": "registry.organization",
                                        "object_id": world.own_org.pk}).content.decode()
    assert "test.one" in body and "test.two" not in body
    body = client.get("/admin/audit/", {"actor": "ngo_quyen"}).content.decode()
    assert "test.two" in body and "test.one" not in body


def test_deleting_a_user_keeps_what_they_did(world):
    audit.record("test.action", world.own_org, user=world["viewer"], channel=Channel.BACK_OFFICE)
    get_user_model().objects.filter(username="lanh_dao").delete()
    assert AuditEntry.objects.get(action="test.action").actor == "lanh_dao"
