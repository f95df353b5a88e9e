"""The back-office page: who may make, download and publish a report (with an outsider)."""

import hashlib

import pytest
from django.urls import reverse

from hoptac.geo.models import Unit
from hoptac.reports.models import PublishedReport

from .conftest import datetime

pytestmark = pytest.mark.django_db
URL = "/admin/reports/"
FORM = {"unit": "303", "year": "2021", "since": "", "baseline_year": "", "format": "xlsx", "lang": "vi"}


@pytest.fixture
def users(db):
    from tests.accounts.factories import make_user

    district = Unit.objects.resolve("303", datetime.date(2021, 12, 31))
    other = Unit.objects.resolve("304", datetime.date(2021, 12, 31))
    return {
        "province": make_user("so_tinh", "province_officer"),
        "local": make_user("quan_hong_bang", "local_officer", units=[district]),
        "local_elsewhere": make_user("quan_ngo_quyen", "local_officer", units=[other]),
        "viewer": make_user("lanh_dao", "viewer"),
        "editor": make_user("bien_tap", "editor"),
    }


@pytest.fixture
def login(client):
    from hoptac.accounts.testing import force_verified_login

    def sign_in(user):
        force_verified_login(client, user)
        return client

    return sign_in


def test_province_officer_downloads_a_report(users, login, small_register):
    response = login(users["province"]).post(URL, {**FORM, "download": "1"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "bao-cao-ktt-303-quan-hong-bang-2021.xlsx" in response["Content-Disposition"]
    assert not PublishedReport.objects.exists()


def test_province_officer_previews_confirms_and_the_file_is_stored_unchanged(users, login, small_register):
    client = login(users["province"])
    response = client.post(URL, {**FORM, "format": "pdf", "preview": "1"})
    assert response.status_code == 302 and "/admin/reports/preview/" in response["Location"]
    assert not PublishedReport.objects.exists()  # nothing is public before the confirmation
    preview = client.get(response["Location"]).content.decode()
    assert "Những gì sẽ được công khai" in preview and "/van-ban/" in preview
    assert "Quận Hồng Bàng (303)" in preview and "BÁO CÁO" in preview  # the report itself, to read
    previewed = client.get(response["Location"] + "file/").content
    assert client.post(response["Location"], {}).status_code == 200  # the confirmation is required
    assert not PublishedReport.objects.exists()
    done = client.post(response["Location"], {"confirm": "on"})
    assert done.status_code == 302
    report = PublishedReport.objects.published().get()
    assert report.published_by == users["province"] and report.format == "pdf" and report.unit_code == "303"
    stored = report.file.read()
    assert stored == previewed  # what was previewed is what is published
    assert hashlib.sha256(stored).hexdigest() == report.sha256 and report.verify()
    # The figures it printed travel from the preview to the published record.
    assert report.figures["unit"]["code"] == "303" and "htx.total" in report.figures["values"]
    assert report.made_at is not None and report.made_at <= report.published_at and report.product_version
    download = client.get(reverse("hoptac_report_download", args=[report.pk]))
    assert b"".join(download.streaming_content) == stored
    page = client.get(URL)
    assert report.sha256[:12] in page.content.decode()
    assert client.get(response["Location"]).status_code == 302  # a preview publishes once


def test_a_withdrawal_keeps_the_record_file_and_hash_and_is_audited(users, login, small_register):
    from hoptac.audit.models import AuditEntry

    client = login(users["province"])
    preview = client.post(URL, {**FORM, "format": "pdf", "preview": "1"})["Location"]
    client.post(preview, {"confirm": "on"})
    report = PublishedReport.objects.get()
    public = report.get_absolute_url()
    assert client.get(public).status_code == 200
    withdraw = reverse("hoptac_report_withdraw", args=[report.pk])
    assert client.post(withdraw, {"reason": "Số liệu năm 2021 còn thiếu", "confirm": ""}).status_code == 200
    assert client.post(withdraw, {"reason": "Số liệu năm 2021 còn thiếu", "confirm": "on"}).status_code == 302
    report = PublishedReport.objects.get()
    assert report.withdrawn.reason == "Số liệu năm 2021 còn thiếu" and report.verify()
    gone = client.get(public)
    assert gone.status_code == 410 and "Số liệu năm 2021 còn thiếu" in gone.content.decode()
    assert AuditEntry.objects.filter(action="reports.report.withdrawn").count() == 1
    listing = client.get(URL).content.decode()
    assert "đã rút ngày" in listing and report.sha256[:12] in listing


def test_local_officer_cannot_withdraw(users, login, small_register):
    client = login(users["province"])
    client.post(client.post(URL, {**FORM, "format": "pdf", "preview": "1"})["Location"], {"confirm": "on"})
    report = PublishedReport.objects.get()
    client.logout()
    local = login(users["local"])
    assert refused(local.post(reverse("hoptac_report_withdraw", args=[report.pk]), {"reason": "x", "confirm": "on"}))
    assert PublishedReport.objects.get().withdrawn is None


def test_local_officer_makes_reports_for_their_units_only(users, login, small_register):
    client = login(users["local"])
    assert client.post(URL, {**FORM, "download": "1"}).status_code == 200
    refused = client.post(URL, {**FORM, "unit": "304", "download": "1"})
    assert refused["Content-Type"].startswith("text/html")
    assert "Đơn vị này nằm ngoài phạm vi quản lý của bạn." in refused.content.decode()


def refused(response):
    """Wagtail turns PermissionDenied into a redirect to the dashboard with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def test_local_officer_cannot_publish(users, login, small_register):
    assert refused(login(users["local"]).post(URL, {**FORM, "publish": "1"}))
    assert refused(login(users["local"]).post(URL, {**FORM, "preview": "1"}))
    assert not PublishedReport.objects.exists()


def test_viewer_may_download_but_not_publish(users, login, small_register):
    client = login(users["viewer"])
    assert client.post(URL, {**FORM, "download": "1"}).status_code == 200
    assert refused(client.post(URL, {**FORM, "publish": "1"}))
    assert not PublishedReport.objects.exists()


def test_outsider_editor_is_refused(users, login, small_register):
    client = login(users["editor"])
    assert refused(client.get(URL))
    assert refused(client.post(URL, {**FORM, "download": "1"}))


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_bad_unit_is_a_form_error(users, login):
    response = login(users["province"]).post(URL, {**FORM, "unit": "99999", "download": "1"})
    assert response.status_code == 200
    assert "99999" in response.content.decode()
