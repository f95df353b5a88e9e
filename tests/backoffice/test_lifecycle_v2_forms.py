"""The v2 lifecycle (SPEC §2 v2) through the back office (messages in Vietnamese, its language): the event form's end date and successors, the
origin of a registration, the predecessors and successors on the organisation's page, an outsider refused."""

import datetime

import pytest

from hoptac.registry import lifecycle
from hoptac.registry.models import Event, EventSuccessor, Organization, Origin, Status
from tests.accounts.factories import first_commune, make_org

pytestmark = pytest.mark.django_db
D = datetime.date
EVENT = "/admin/registry/events/add/"
ADD = "/admin/registry/organizations/add/"


def event_form(org, **changes):
    return {"organization": org.code, "type": "suspended", "date": "2022-01-10", "until": "", "successors": "",
            "unit": "", "sector": "", "name": "", "document": "", "note": "", **changes}


def formed(code, on=D(2023, 4, 1), district="303"):
    org = make_org(code, first_commune(district), f"HTX {code}", established_on=on)
    org.events.update(origin=Origin.REORGANISATION)
    return org


def errors(response):
    return " ".join(str(e) for e in response.context["form"].non_field_errors())


def test_registration_with_the_reorganisation_origin(world, login):
    commune = first_commune("303")
    login(world["province_officer"]).post(ADD, {
        "code": "HP311900", "kind": "htx", "name": "HTX Hợp nhất", "unit_code": commune.code,
        "established_on": "2023-04-01", "sector": "agriculture", "origin": "reorganisation"})
    assert Organization.objects.get(code="HP311900").events.get().origin == Origin.REORGANISATION


def test_suspension_with_its_end_date_and_renewal(world, login):
    client = login(world["local_officer"])
    assert client.post(EVENT, event_form(world.own_org, until="2022-12-31")).status_code == 302
    assert client.post(EVENT, event_form(world.own_org, date="2022-12-20", until="2023-06-30")).status_code == 302
    assert list(world.own_org.events.filter(type="suspended").values_list("until", flat=True)) == [
        D(2022, 12, 31), D(2023, 6, 30)]


def test_until_more_than_twelve_months_after_is_refused(world, login):
    response = login(world["local_officer"]).post(EVENT, event_form(world.own_org, until="2023-01-11"))
    assert response.status_code == 200
    assert "HP-0001: tạm ngừng hoạt động (10/01/2022): thời hạn tạm ngừng không quá 12 tháng" in errors(response)
    assert not world.own_org.events.filter(type="suspended").exists()


def test_division_names_its_successors_in_order(world, login):
    formed("HP311101"), formed("HP311102")
    response = login(world["local_officer"]).post(EVENT, event_form(
        world.own_org, type="divided", date="2023-04-01", successors="HP311102; HP311101"))
    assert response.status_code == 302
    divided = Event.objects.get(type="divided")
    assert list(divided.successor_links.values_list("organization__code", flat=True)) == ["HP311102", "HP311101"]
    world.own_org.refresh_from_db()
    assert world.own_org.status == Status.DIVIDED


def test_division_with_one_successor_is_refused(world, login):
    formed("HP311101")
    response = login(world["local_officer"]).post(EVENT, event_form(
        world.own_org, type="divided", date="2023-04-01", successors="HP311101"))
    assert "HP-0001: chia (01/04/2023) phải nêu hai trở lên tổ chức kế thừa, không phải 1" in errors(response)
    assert not EventSuccessor.objects.exists()


def test_successor_that_does_not_exist_is_refused(world, login):
    response = login(world["local_officer"]).post(EVENT, event_form(
        world.own_org, type="absorbed", date="2023-04-01", successors="KHONGCO"))
    assert "tổ chức kế thừa KHONGCO: không có tổ chức nào mang mã số này" in errors(response)


def test_consolidation_whose_new_organisation_is_established_another_day_is_refused(world, login):
    formed("HP311101", on=D(2023, 4, 2))
    response = login(world["local_officer"]).post(EVENT, event_form(
        world.own_org, type="consolidated", date="2023-04-01", successors="HP311101"))
    assert "tổ chức kế thừa HP311101 phải được thành lập ngày 01/04/2023" in errors(response)


def test_outsider_cannot_record_a_reorganisation(world, login):
    formed("HP312101", district="304")
    response = login(world["outsider"]).post(EVENT, event_form(
        world.own_org, type="absorbed", date="2023-04-01", successors="HP312101"))
    assert response.status_code == 404
    assert not Event.objects.filter(type="absorbed").exists()


def test_page_shows_predecessors_and_successors(world, login):
    new = formed("HP311101")
    lifecycle.record_event(world.own_org, "consolidated", D(2023, 4, 1), successors=[new])
    client = login(world["local_officer"])
    page = client.get(f"/admin/registry/organizations/{world.own_org.pk}/").content.decode()
    assert "kế thừa" in page and f"/admin/registry/organizations/{new.pk}/" in page
    page = client.get(f"/admin/registry/organizations/{new.pk}/").content.decode()
    assert "tiền thân" in page and f"/admin/registry/organizations/{world.own_org.pk}/" in page
    assert "hợp nhất" in page


def _tht(code):
    org = make_org(code, first_commune("303"), f"THT {code}", kind="tht", established_on=D(2023, 4, 1))
    org.events.update(origin=Origin.REORGANISATION)
    return org


# Each case: what is already recorded, then the event the form must refuse with a Vietnamese message.
RULE_CASES = {
    "nothing after a bankruptcy": (
        lambda org: lifecycle.record_event(org, "bankrupt", D(2022, 1, 10)),
        dict(type="suspended", date="2022-06-01", until="2022-12-01")),
    "after a revocation only dissolved or reinstated": (
        lambda org: lifecycle.record_event(org, "revoked", D(2022, 1, 10)),
        dict(type="suspended", date="2022-06-01", until="2022-12-01")),
    "reinstated only after a revocation": (lambda org: None, dict(type="reinstated", date="2022-01-10")),
    "a successor of another kind": (
        lambda org: _tht("HP311201"), dict(type="consolidated", date="2023-04-01", successors="HP311201")),
    "an absorption names one successor": (
        lambda org: (formed("HP311101"), formed("HP311102")),
        dict(type="absorbed", date="2023-04-01", successors="HP311101; HP311102")),
    "no organisation is its own successor": (
        lambda org: None, dict(type="absorbed", date="2023-04-01", successors="HP-0001")),
}


@pytest.mark.parametrize("case", list(RULE_CASES))
def test_every_other_v2_rule_is_refused_in_vietnamese(world, login, case):
    before, refused = RULE_CASES[case]
    before(world.own_org)
    events = Event.objects.count()
    response = login(world["local_officer"]).post(EVENT, event_form(world.own_org, **refused))
    assert response.status_code == 200, case
    message = errors(response)
    assert message.startswith("HP-0001: ") and "(" in message, message
    assert Event.objects.count() == events and not EventSuccessor.objects.exists()
