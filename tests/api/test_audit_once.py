"""Each write through the API leaves exactly one audit entry, marked as coming through the API."""

import io
import zipfile

import pytest

from hoptac.audit.models import AuditEntry, Channel

pytestmark = pytest.mark.django_db


def new_entries(since):
    return list(AuditEntry.objects.filter(pk__gt=since).order_by("pk"))


def mark():
    last = AuditEntry.objects.order_by("-pk").first()
    return last.pk if last else 0


def test_creating_an_organisation(world):
    since = mark()
    response = world.client("province_officer").post(
        "/api/v1/organizations", {"code": "HP-9001", "kind": "htx", "name": "HTX Kiểm Toán", "unit": "303",
                                  "sector": "trade", "established_on": "2015-05-05"}, content_type="application/json")
    assert response.status_code == 201, response.content
    [entry] = new_entries(since)
    assert (entry.action, entry.channel, entry.actor, entry.after["code"]) == (
        "registry.organization.created", Channel.API, "so_tinh", "HP-9001")


def test_recording_an_event(world):
    since = mark()
    response = world.client("local_officer").post(
        f"/api/v1/organizations/{world.own_org.code}/events", {"type": "suspended", "date": "2021-05-01"},
        content_type="application/json")
    assert response.status_code == 201, response.content
    [entry] = new_entries(since)
    assert (entry.action, entry.channel, entry.actor, entry.after["type"]) == (
        "registry.event.recorded", Channel.API, "hong_bang", "suspended")


def test_saving_a_report_draft(world):
    since = mark()
    response = world.client("cooperative").post(
        f"/api/v1/organizations/{world.own_org.code}/reports",
        {"year": 2019, "members": 12, "workers": 4, "revenue": "900", "submit": False},
        content_type="application/json")
    assert response.status_code == 201, response.content
    [entry] = new_entries(since)
    assert (entry.action, entry.channel, entry.after["members"]) == ("collection.report.created", Channel.API, 12)


def test_a_bulk_import(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("organizations.csv", "code,kind,name,unit,sector,established_on\n"
                                              "HP-IMP-1,htx,HTX Nhập khẩu,303,trade,2015-05-05\n")
    since = mark()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = world.client("province_officer").post(
        "/api/v1/imports", {"file": SimpleUploadedFile("register.zip", buffer.getvalue())})
    assert response.status_code == 201, response.content
    [entry] = new_entries(since)
    assert (entry.action, entry.channel, entry.after["organizations"], entry.after["annual_reports"]) == (
        "registry.import", Channel.API, 1, 0)


def test_a_refused_write_records_nothing_but_the_refusal(world):
    since = mark()
    response = world.client("local_officer").post(
        f"/api/v1/organizations/{world.foreign_org.code}/events", {"type": "suspended", "date": "2021-05-01"},
        content_type="application/json")
    assert response.status_code == 403
    assert [e.action for e in new_entries(since)] == ["access.refused"]
    assert new_entries(since)[0].channel == Channel.API
