from datetime import timedelta

import pytest
from django.utils import timezone

from hoptac.registry.models import Event, Organization

from .register import build

pytestmark = pytest.mark.django_db

BODY = {"code": "HP-IDEM", "kind": "htx", "name": "HTX Một Lần", "unit": "303", "sector": "trade",
        "established_on": "2021-06-01"}


def test_same_key_same_body_acts_once_and_replays(world):
    client = world.client("province_officer")
    first = client.post("/api/v1/organizations", BODY, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post("/api/v1/organizations", BODY, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert first.content == again.content and again["Idempotent-Replayed"] == "true"
    assert Organization.objects.filter(code="HP-IDEM").count() == 1


def test_same_key_other_body_is_422(world):
    client = world.client("province_officer")
    url = f"/api/v1/organizations/{world.own_org.code}/events"
    ok = client.post(url, {"type": "suspended", "date": "2021-06-01"}, content_type="application/json",
                     HTTP_IDEMPOTENCY_KEY="k-2")
    assert ok.status_code == 201
    other = client.post(url, {"type": "suspended", "date": "2021-07-01"}, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY="k-2")
    assert other.status_code == 422 and other["Content-Type"] == "application/problem+json"
    assert "k-2" in other.json()["detail"]
    assert Event.objects.filter(organization=world.own_org, type="suspended").count() == 1


def test_keys_belong_to_their_user(world):
    a = world.client("province_officer").post("/api/v1/organizations", BODY, content_type="application/json",
                                              HTTP_IDEMPOTENCY_KEY="shared")
    b = world.client("admin").post("/api/v1/organizations", {**BODY, "code": "HP-IDEM-2"},
                                   content_type="application/json", HTTP_IDEMPOTENCY_KEY="shared")
    assert a.status_code == b.status_code == 201


def _all_pages(client, params):
    codes, cursor, pages = [], None, 0
    while True:
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        data = client.get("/api/v1/organizations", query).json()
        codes += [item["code"] for item in data["items"]]
        pages += 1
        cursor = data["next_cursor"]
        if not cursor:
            return codes, pages


@pytest.mark.parametrize("order", ["name", "code"])
def test_cursor_pages_cover_the_list_once_in_order(db, order):
    from .conftest import ApiClient

    build(n=30, seed=3)
    client = ApiClient()
    params = {"unit": "31", "date": "2021-12-31", "limit": 7, "order": order}
    codes, pages = _all_pages(client, params)
    whole = [i["code"] for i in client.get("/api/v1/organizations", dict(params, limit=200)).json()["items"]]
    assert codes == whole and len(set(codes)) == len(codes) and pages == -(-len(whole) // 7)


def test_cursor_is_stable_when_records_are_added_before_it(db):
    from .conftest import ApiClient, establish

    build(n=20, seed=5)
    client = ApiClient()
    params = {"unit": "31", "date": "2021-12-31", "limit": 5, "order": "code"}
    first = client.get("/api/v1/organizations", params).json()
    establish("A-0000", "303", on=__import__("datetime").date(2011, 1, 1))  # sorts before every G code
    second = client.get("/api/v1/organizations", dict(params, cursor=first["next_cursor"])).json()
    assert second["items"][0]["code"] > first["items"][-1]["code"]
    assert "A-0000" not in [i["code"] for i in second["items"]]


def test_a_forged_cursor_is_a_problem(db):
    from .conftest import ApiClient

    response = ApiClient().get("/api/v1/organizations", {"cursor": "not-a-cursor"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "cursor"


def test_bulk_import_reports_what_it_wrote_and_replays(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .matrix import _csv_zip

    name, content = _csv_zip(world)["file"]
    client = world.client("province_officer")
    first = client.post("/api/v1/imports", {"file": SimpleUploadedFile(name, content)}, HTTP_IDEMPOTENCY_KEY="imp")
    again = client.post("/api/v1/imports", {"file": SimpleUploadedFile(name, content)}, HTTP_IDEMPOTENCY_KEY="imp")
    assert first.status_code == again.status_code == 201
    assert first.json()["imported"]["organizations"] == 1 and again.content == first.content
    assert Organization.objects.filter(code="HP-IMP-1").count() == 1


def test_a_key_is_new_again_after_its_retention(world, settings):
    from hoptac.api.models import IdempotencyRecord

    client = world.client("province_officer")
    url = f"/api/v1/organizations/{world.own_org.code}/events"
    first = client.post(url, {"type": "stopped", "date": "2021-06-01"}, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY="k-old")
    assert first.status_code == 201
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=settings.HOPTAC_IDEMPOTENCY_HOURS + 1))
    # the stored answer has expired: the same key is a new request (here refused by the lifecycle rules,
    # the organisation being stopped already), not a replay of the first answer
    again = client.post(url, {"type": "stopped", "date": "2021-06-01"}, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY="k-old")
    assert again.status_code == 422 and "Idempotent-Replayed" not in again
