"""Each write through the back office, an import and a command leaves exactly one audit entry with its channel."""

import pytest
from django.core.management import call_command

from hoptac.audit.models import AuditEntry, Channel
from tests.accounts.factories import first_commune

pytestmark = pytest.mark.django_db


def mark():
    last = AuditEntry.objects.order_by("-pk").first()
    return last.pk if last else 0


def new_entries(since):
    return list(AuditEntry.objects.filter(pk__gt=since).order_by("pk"))


def test_registering_an_organisation(world, login):
    client = login(world["local_officer"])
    since = mark()
    response = client.post("/admin/registry/organizations/add/", {
        "code": "HP311777", "kind": "htx", "name": "HTX Lưu Kiếm", "unit_code": first_commune("303").code,
        "established_on": "2019-04-15", "sector": "agriculture"})
    assert response.status_code == 302
    [entry] = new_entries(since)
    assert (entry.action, entry.channel, entry.after["code"]) == (
        "registry.organization.created", Channel.BACK_OFFICE, "HP311777")


def test_recording_and_voiding_an_event(world, login):
    client = login(world["local_officer"])
    since = mark()
    client.post("/admin/registry/events/add/", {"organization": "HP-0001", "type": "suspended", "date": "2021-05-01"})
    [entry] = new_entries(since)
    assert (entry.action, entry.channel) == ("registry.event.recorded", Channel.BACK_OFFICE)
    since = entry.pk
    client.post(f"/admin/registry/events/{entry.object_id}/void/", {"reason": "nhập nhầm"})
    [entry] = new_entries(since)
    assert (entry.action, entry.channel, entry.after["void_reason"]) == (
        "registry.event.voided", Channel.BACK_OFFICE, "nhập nhầm")


def test_an_import_from_the_command_line(world, tmp_path):
    (tmp_path / "organizations.csv").write_text(
        "code,kind,name,unit,sector,established_on\n"
        f"HP-IMP-1,htx,HTX Nhập khẩu,{first_commune('303').code},trade,2019-05-05\n", encoding="utf-8")
    since = mark()
    call_command("import_register", str(tmp_path))
    [entry] = new_entries(since)
    assert (entry.action, entry.channel, entry.after["organizations"]) == ("registry.import", Channel.IMPORT, 1)


def test_a_command(monkeypatch):
    monkeypatch.setenv("HOPTAC_ADMIN_PASSWORD", "Quan-tri-Ha-Noi-2026")
    since = mark()
    call_command("createadmin", "--username", "quantri")
    [entry] = new_entries(since)
    assert (entry.action, entry.channel, entry.object_repr) == ("accounts.admin.created", Channel.COMMAND, "quantri")
