"""Hostile input gets a clear refusal, never a server error."""

import json

import pytest
from django.utils import translation

from tests.world import ApiClient

pytestmark = pytest.mark.django_db


def test_a_nul_character_in_a_query_string_is_a_clear_400(client, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = True  # a server error would raise here
    for url in ("/hop-tac-xa/?q=a%00b", "/thong-ke/?unit=3%001", "/admin/login/?next=/%00"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "NUL" in response.content.decode()
    response = client.get("/hop-tac-xa/?q=%00")
    assert "ký tự NUL" in response.content.decode()  # Vietnamese, as the portal


def test_a_nul_character_in_a_form_is_refused_before_anything_is_saved(client, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = True
    response = client.post("/admin/login/", {"username": "admin\x00", "password": "x"})
    assert response.status_code == 400


def test_the_api_refuses_a_nul_character_as_invalid_input(settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = True
    response = ApiClient().get("/api/v1/organizations", {"q": "HTX\x00"})
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["errors"] == [{"field": "q", "in": "query", "message": body["detail"]}]
    assert "NUL" in body["detail"]


def test_the_api_refuses_a_nul_character_in_a_body(world_token):
    client, _token = world_token
    response = client.post("/api/v1/organizations", json.dumps({
        "code": "NUL-1", "kind": "htx", "name": "HTX\u0000 Sai", "unit": "303", "established_on": "2015-01-01",
    }), content_type="application/json")
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"name"}
    from hoptac.registry.models import Organization

    assert not Organization.objects.filter(code="NUL-1").exists()


@pytest.fixture
def world_token(db):
    from hoptac.api.models import ApiToken
    from tests.accounts.factories import make_user

    user = make_user("so", "province_officer")
    token = ApiToken.issue(user, "t")[1]
    return ApiClient(token), token


def test_an_import_with_a_nul_character_names_the_cell(tmp_path):
    from hoptac.registry.interchange import ImportRejected, import_path
    from hoptac.registry.models import Organization

    (tmp_path / "organizations.csv").write_text("code,kind,name,unit,sector,established_on\n"
                                                "N1,htx,HTX\x00 An,303,agriculture,2005-03-01\n", encoding="utf-8")
    with translation.override("en"), pytest.raises(ImportRejected) as rejected:
        import_path(tmp_path)
    assert [(p.file, p.row, p.column) for p in rejected.value.problems] == [("organizations.csv", 2, "name")]
    assert "NUL" in rejected.value.problems[0].rule
    assert not Organization.objects.exists()


def test_an_over_long_media_name_is_not_found(client, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = True
    (settings.MEDIA_ROOT / "images").mkdir(parents=True, exist_ok=True)
    for prefix in ("images", "original_images"):
        assert client.get(f"/media/{prefix}/" + "a" * 300 + ".png").status_code == 404
