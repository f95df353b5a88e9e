"""The v2 lifecycle (SPEC §2 v2) through the API's writes: the same rules as everywhere, an outsider refused."""

import datetime

import pytest

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
    response = post_event(world, "outsider", world.own_org.code, type="absorbed", date="2023-04-01",
                          successors=["HP-X"])
    assert response.status_code in (403, 404)
    assert not Event.objects.filter(type="absorbed").exists()
    assert post_event(world, "anonymous", world.own_org.code, type="bankrupt", date="2023-04-01").status_code == 401


def _tht(world, code):
    assert post_org(world, "local_officer", code=code, kind="tht", origin="reorganisation").status_code == 201


def _formed(world, code, origin="reorganisation"):
    assert post_org(world, "local_officer", code=code, origin=origin).status_code == 201


# Each case: steps that are accepted, then the event the lifecycle must refuse (SPEC §2 v2).
RULE_CASES = {
    "nothing after a bankruptcy": (
        [dict(type="bankrupt", date="2022-01-10")], dict(type="suspended", date="2022-06-01", until="2022-12-01")),
    "after a revocation only dissolved or reinstated": (
        [dict(type="revoked", date="2022-01-10", note="theo đề nghị của cơ quan thuế")],
        dict(type="suspended", date="2022-06-01", until="2022-12-01")),
    "reinstated only after a revocation": ([], dict(type="reinstated", date="2022-01-10")),
    "a successor of another kind": (["tht:HP-T"], dict(type="consolidated", date="2023-04-01", successors=["HP-T"])),
    "an absorption names one successor": (
        ["htx:HP-B1", "htx:HP-B2"], dict(type="absorbed", date="2023-04-01", successors=["HP-B1", "HP-B2"])),
    "a separation's successor is formed by reorganisation": (
        ["new:HP-S"], dict(type="separated", date="2023-04-01", successors=["HP-S"])),
    "no organisation is its own successor": ([], dict(type="absorbed", date="2023-04-01", successors=["HP-0001"])),
}


@pytest.mark.parametrize("case", list(RULE_CASES))
def test_every_other_v2_rule_is_refused_through_the_api(world, case):
    before, refused = RULE_CASES[case]
    for step in before:
        if isinstance(step, str):
            kind, code = step.split(":")
            {"tht": _tht, "htx": _formed}.get(kind, lambda w, c: _formed(w, c, origin="new"))(world, code)
        else:
            assert post_event(world, "local_officer", "HP-0001", **step).status_code == 201
    events = Event.objects.count()
    response = post_event(world, "local_officer", "HP-0001", **refused)
    assert response.status_code == 422, (case, response.content)
    assert "The lifecycle rules refuse this for HP-0001: HP-0001: " in response.json()["detail"]
    assert Event.objects.count() == events and not EventSuccessor.objects.exists()


def test_revoked_then_dissolved_and_a_tht_converted_into_an_htx_are_accepted(world):
    assert post_event(world, "local_officer", "HP-0001", type="revoked", date="2022-01-10").status_code == 201
    assert post_event(world, "local_officer", "HP-0001", type="dissolved", date="2022-06-01").status_code == 201
    establish("HP-G", "303", kind="tht", on=D(2015, 1, 1))
    assert post_org(world, "local_officer", code="HP-GH", established_on="2023-04-01").status_code == 201
    response = post_event(world, "local_officer", "HP-G", type="converted", date="2023-04-01", successors=["HP-GH"])
    assert response.status_code == 201, response.content


def test_a_commune_code_not_in_force_on_the_date_is_refused(world):
    response = post_org(world, "province_officer", code="HP-C", unit="11296", established_on="2025-08-01")
    assert response.status_code == 422
    assert "'11296' is not in force on 01/08/2025" in response.json()["detail"]
    assert not Organization.objects.filter(code="HP-C").exists()
