"""The v2 lifecycle (SPEC §2 v2) through the API's writes: the same rules as everywhere, an outsider refused."""

import datetime

from hoptac.registry.models import Event, EventSuccessor, Organization, Status

from .conftest import establish

D = datetime.date


def post_event(world, role, code, **body):
    return world.client(role).post(f"/api/v1/organizations/{code}/events", body, content_type="application/json")


def post_org(world, role, **body):
    body = {"kind": "htx", "name": "HTX Mới", "unit": "303", "established_on": "2023-04-01", **body}
    return world.client(role).post("/api/v1/organizations", body, content_type="application/json")


def test_consolidation_with_its_new_organisation(world):
    assert post_org(world, "local_officer", code="HP-NEW", origin="reorganisation").status_code == 201
    response = post_event(world, "local_officer", world.own_org.code, type="consolidated", date="2023-04-01",
                          successors=["HP-NEW"])
    assert response.status_code == 201, response.content
    assert response.json()["successors"] == ["HP-NEW"]
    world.own_org.refresh_from_db()
    assert world.own_org.status == Status.CONSOLIDATED
    history = world.client("anonymous").get(f"/api/v1/organizations/{world.own_org.code}/events").json()
    assert history[-1]["successors"] == ["HP-NEW"]


def test_consolidation_whose_new_organisation_is_established_another_day_is_refused(world):
    post_org(world, "local_officer", code="HP-NEW", origin="reorganisation", established_on="2023-04-02")
    response = post_event(world, "local_officer", world.own_org.code, type="consolidated", date="2023-04-01",
                          successors=["HP-NEW"])
    assert response.status_code == 422
    assert "HP-0001: consolidated (01/04/2023): successor HP-NEW must be established on 01/04/2023" in response.json()["detail"]
    assert not EventSuccessor.objects.exists()


def test_successor_that_does_not_exist_is_refused(world):
    response = post_event(world, "local_officer", world.own_org.code, type="absorbed", date="2023-04-01",
                          successors=["NOWHERE"])
    assert response.status_code == 422
    assert "successor NOWHERE: no organisation has this code" in response.json()["detail"]
    assert not Event.objects.filter(type="absorbed").exists()


def test_division_with_one_successor_is_refused(world):
    post_org(world, "local_officer", code="HP-A1", origin="reorganisation")
    response = post_event(world, "local_officer", world.own_org.code, type="divided", date="2023-04-01",
                          successors=["HP-A1"])
    assert response.status_code == 422
    assert "names two or more successor(s), not 1" in response.json()["detail"]


def test_renewal_of_a_suspension_and_bad_until(world):
    code = world.own_org.code
    assert post_event(world, "local_officer", code, type="suspended", date="2022-01-10",
                      until="2022-12-31").status_code == 201
    assert post_event(world, "local_officer", code, type="suspended", date="2022-12-20",
                      until="2023-06-30").status_code == 201
    late = post_event(world, "local_officer", code, type="suspended", date="2023-06-01", until="2024-06-02")
    assert late.status_code == 422
    assert "a suspension lasts at most 12 months" in late.json()["detail"]
    early = post_event(world, "local_officer", code, type="suspended", date="2023-06-01", until="2023-05-31")
    assert early.status_code == 422 and "before it starts" in early.json()["detail"]


def test_vsic_not_four_digits_is_refused(world):
    response = post_org(world, "local_officer", code="HP-V", vsic="118")
    assert response.status_code == 422
    assert not Organization.objects.filter(code="HP-V").exists()


def test_outsider_may_not_record_a_reorganisation(world):
    establish("HP-X", "304", on=D(2023, 4, 1))
    response = post_event(world, "local_officer_other", world.own_org.code, type="absorbed", date="2023-04-01",
                          successors=["HP-X"])
    assert response.status_code in (403, 404)
    assert not Event.objects.filter(type="absorbed").exists()
    assert post_event(world, "anonymous", world.own_org.code, type="bankrupt", date="2023-04-01").status_code == 401
