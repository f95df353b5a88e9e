import re

import pytest

from hoptac.api.models import ApiToken, digest

pytestmark = pytest.mark.django_db


def test_docs_page_loads_nothing_from_another_site(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert not re.findall(r"(?:src|href)=[\"']?(?:https?:)?//", html)
    assert "http://" not in html and "https://" not in html
    for asset in re.findall(r'(?:src|href)="(/static/ninja/[^"]+)"', html):
        assert client.get(asset).status_code == 200, asset


def test_openapi_documents_problem_json_for_errors(client):
    doc = client.get("/api/v1/openapi.json").json()
    responses = doc["paths"]["/api/v1/organizations/{code}"]["get"]["responses"]
    assert "application/problem+json" in responses["404"]["content"]
    assert "/api/v1/indicators" in doc["paths"] and "/api/v1/open-data/" in doc["paths"]


def test_token_secret_is_stored_only_as_a_hash(world):
    token, secret = ApiToken.issue(world.users["viewer"], "check")
    token.refresh_from_db()
    assert secret not in (token.digest, token.prefix) and token.digest == digest(secret)
    assert ApiToken.objects.find(secret) == token
    token.revoke()
    assert ApiToken.objects.find(secret) is None


def test_token_acts_with_its_users_role(world):
    response = world.client("local_officer").get(f"/api/v1/organizations/{world.own_org.code}")
    assert response.json()["representative"] == "Nguyễn Văn A"
    response = world.client("outsider").get(f"/api/v1/organizations/{world.own_org.code}")
    assert response.json()["representative"] is None


def test_read_only_token_cannot_write(world):
    _, secret = ApiToken.issue(world.users["province_officer"], "reader", read_only=True)
    response = world.client("anonymous").post(
        "/api/v1/organizations", {"code": "RO", "kind": "htx", "name": "HTX", "unit": "303",
                                  "established_on": "2021-01-01"},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 403 and "read-only" in response.json()["detail"]


def test_back_office_creates_shows_once_and_revokes(world, client):
    user = world.users["local_officer"]
    client.force_login(user)
    page = client.post("/admin/api-tokens/", {"name": "thống kê"})
    assert page.status_code == 200
    token = ApiToken.objects.get(user=user, name="thống kê")
    secret = re.search(r'id="new-token">([^<]+)<', page.content.decode()).group(1)
    assert token.digest == digest(secret)
    assert secret not in client.get("/admin/api-tokens/").content.decode()
    assert client.post(f"/admin/api-tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_back_office_user_cannot_revoke_someone_elses_token(world, client):
    other = ApiToken.objects.get(user=world.users["viewer"])
    client.force_login(world.users["local_officer"])
    # Wagtail answers a refusal in the admin with a redirect and a message.
    assert client.post(f"/admin/api-tokens/{other.pk}/revoke/").status_code in (302, 403)
    other.refresh_from_db()
    assert other.revoked_at is None


def test_open_data_register_has_licence_and_no_personal_fields(world):
    from .conftest import ApiClient

    client = ApiClient()
    index = client.get("/api/v1/open-data/").json()
    assert index["licence"]["name"] == "CC BY 4.0" and index["data_date"]
    urls = [u for d in index["datasets"] for u in d["files"].values()]
    assert "/api/v1/open-data/register.csv" in urls and "/api/v1/open-data/indicators/31.xlsx" in urls
    response = client.get("/api/v1/open-data/register.csv")
    csv_text = response.content.decode("utf-8-sig")
    # The header comes first (tools read it as is); the licence is in the Link header and the data package.
    assert csv_text.startswith("code,") and "creativecommons.org/licenses/by/4.0" in response["Link"]
    assert index["package"] == "/du-lieu-mo/datapackage.json"
    assert "HP-0001" in csv_text and "Nguyễn Văn A" not in csv_text and "0225 111" not in csv_text
    data = client.get("/api/v1/open-data/register.json").json()
    assert data["licence"]["url"].startswith("https://creativecommons.org/") and data["data_date"]
    xlsx = client.get("/api/v1/open-data/indicators/31.xlsx?years=2019-2021")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    series = client.get("/api/v1/open-data/indicators/31.json?years=2019-2021").json()
    assert [p["date"] for p in series["series"]] == ["2019-12-31", "2020-12-31", "2021-12-31"]


def test_open_data_follows_writes_made_through_the_api(world):
    from .conftest import ApiClient

    client = ApiClient()
    assert "HP-NEW" not in client.get("/api/v1/open-data/register.csv").content.decode("utf-8-sig")
    with __import__("django.test", fromlist=["TestCase"]).TestCase.captureOnCommitCallbacks(execute=True):
        created = world.client("province_officer").post(
            "/api/v1/organizations", {"code": "HP-NEW", "kind": "htx", "name": "HTX Mới", "unit": "303",
                                      "established_on": "2021-06-01"}, content_type="application/json")
    assert created.status_code == 201
    assert "HP-NEW" in client.get("/api/v1/open-data/register.csv").content.decode("utf-8-sig")
