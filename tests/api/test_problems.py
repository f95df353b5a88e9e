"""Errors are application/problem+json with type, title, status, detail, instance."""

import pytest
from django.test import override_settings

from .conftest import ApiClient

pytestmark = pytest.mark.django_db
KEYS = {"type", "title", "status", "detail", "instance"}


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert KEYS <= set(body)
    assert body["status"] == status and body["detail"]
    return body


def test_unknown_organisation_is_404(world):
    body = assert_problem(ApiClient().get("/api/v1/organizations/NOPE"), 404)
    assert "NOPE" in body["detail"] and body["instance"] == "/api/v1/organizations/NOPE"


def test_unknown_address_is_404(world):
    assert_problem(ApiClient().get("/api/v1/no-such-thing"), 404)


def test_write_without_token_is_401_with_how_to(world):
    body = assert_problem(ApiClient().post("/api/v1/organizations", {}, content_type="application/json"), 401)
    assert "Bearer" in body["detail"]


def test_revoked_token_is_401(world):
    response = world.client("revoked").get("/api/v1/organizations")
    body = assert_problem(response, 401)
    assert "revoked" in body["detail"]


def test_outsider_write_is_403(world):
    response = world.client("outsider").post(
        f"/api/v1/organizations/{world.own_org.code}/events", {"type": "suspended", "date": "2021-06-01"},
        content_type="application/json")
    assert "HP-0001" in assert_problem(response, 403)["detail"]


def test_ninja_validation_errors_name_the_field(world):
    body = assert_problem(ApiClient().get("/api/v1/organizations", {"date": "31/12/2021"}), 422)
    assert body["errors"][0]["field"] == "date"


def test_lifecycle_violation_is_422_with_the_rule(world):
    response = world.client("province_officer").post(
        f"/api/v1/organizations/{world.own_org.code}/events", {"type": "resumed", "date": "2021-06-01"},
        content_type="application/json")
    body = assert_problem(response, 422)
    assert "resumed" in body["detail"] and body["errors"][0]["field"] == "type"


def test_import_problems_name_file_row_and_column(world):
    from django.core.files.uploadedfile import SimpleUploadedFile
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("organizations.csv",
                         "code,kind,name,unit,sector,established_on,address,phone,email,representative\n"
                         "X1,htx,HTX X,99999,trade,2015-05-05,,,,\n"
                         "X2,bogus,HTX Y,303,trade,2015-05-05,,,,\n")
    upload = SimpleUploadedFile("bad.zip", buffer.getvalue())
    body = assert_problem(world.client("province_officer").post("/api/v1/imports", {"file": upload}), 422)
    places = {(e["file"], e["row"], e["column"]) for e in body["errors"]}
    assert ("organizations.csv", 2, "unit") in places and ("organizations.csv", 3, "kind") in places
    from hoptac.registry.models import Organization
    assert not Organization.objects.filter(code__in=["X1", "X2"]).exists()


@override_settings(HOPTAC_API_ANON_RATE=3, HOPTAC_API_ANON_WINDOW=60)
def test_anonymous_callers_are_rate_limited_with_retry_after(world):
    client = ApiClient()
    for _ in range(3):
        assert client.get("/api/v1/units", {"code": "31", "date": "2021-12-31"}).status_code == 200
    response = client.get("/api/v1/units", {"code": "31", "date": "2021-12-31"})
    assert_problem(response, 429)
    assert int(response["Retry-After"]) >= 1
    # A token holder is not limited by the anonymous quota.
    assert world.client("viewer").get("/api/v1/units", {"code": "31", "date": "2021-12-31"}).status_code == 200


def test_wrong_method_is_405_problem(world):
    response = ApiClient().delete("/api/v1/organizations")
    body = assert_problem(response, 405)
    assert "GET" in response["Allow"] and "GET" in body["detail"]


def test_messages_are_vietnamese_by_default(world):
    response = ApiClient().get("/api/v1/organizations/NOPE", HTTP_ACCEPT_LANGUAGE="vi")
    assert "Không có tổ chức nào có số đăng ký 'NOPE'." == assert_problem(response, 404)["detail"]


def test_messages_follow_accept_language(world):
    response = ApiClient().get("/api/v1/organizations/NOPE", HTTP_ACCEPT_LANGUAGE="en")
    assert assert_problem(response, 404)["detail"] == "No organisation has the registration number 'NOPE'."
