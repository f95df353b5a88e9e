"""The interchange format v2 (SPEC §4 v2) for organisations and events: new columns, successors, rules."""

import datetime

import pytest
from django.utils import translation

from hoptac.registry.interchange import ImportRejected, import_tables
from hoptac.registry.models import Event, EventSuccessor, Organization, OrganizationState, Origin, Status

pytestmark = pytest.mark.django_db
D = datetime.date


def org(code, kind="htx", established_on="2010-03-01", unit="303", **extra):
    return {"code": code, "kind": kind, "name": f"HTX {code}", "unit": unit, "established_on": established_on, **extra}


def event(code, date, type, **extra):
    return {"org_code": code, "date": date, "type": type, **extra}


def problems(tables):
    with pytest.raises(ImportRejected) as exc:
        import_tables(tables)
    assert not Organization.objects.exists() and not Event.objects.exists()
    return [(p.file, p.row, p.column, p.value, p.rule) for p in exc.value.problems]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_v2_identity_columns_are_stored():
    import_tables({"organizations": [org("0201234567", legacy_number="HP-0007", registered_by="UBND xã An Lư",
                                         vsic="0118", vsic_version="2018", origin="new", public_contact="1")]})
    o = Organization.objects.get()
    assert (o.legacy_number, o.registered_by, o.vsic, o.vsic_version, o.public_contact) == (
        "HP-0007", "UBND xã An Lư", "0118", "2018", True)
    assert o.events.get().origin == Origin.NEW


def test_successors_in_the_same_import_keep_their_order():
    import_tables({
        "organizations": [org("A"), org("A1", established_on="2023-04-01", origin="reorganisation"),
                          org("A2", established_on="2023-04-01", origin="reorganisation")],
        "events": [event("A", "2023-04-01", "divided", successors="A2; A1")],
    })
    divided = Event.objects.get(type="divided")
    assert list(divided.successor_links.values_list("organization__code", flat=True)) == ["A2", "A1"]
    assert Organization.objects.get(code="A").status == Status.DIVIDED


def test_successor_already_in_the_register():
    import_tables({"organizations": [org("BIG")]})
    import_tables({"organizations": [org("A")], "events": [event("A", "2024-02-01", "absorbed", successors="BIG")]})
    assert list(EventSuccessor.objects.values_list("event__organization__code", "organization__code")) == [("A", "BIG")]


def test_suspension_until_and_its_lapse():
    import_tables({"organizations": [org("A")], "events": [event("A", "2022-01-10", "suspended", until="2022-07-09")]})
    rows = list(OrganizationState.objects.order_by("valid_from").values_list("valid_from", "status"))
    assert rows[-2:] == [(D(2022, 1, 10), Status.SUSPENDED), (D(2022, 7, 10), Status.ACTIVE)]


def test_successor_that_exists_nowhere_is_refused():
    [(file, row, column, value, rule)] = problems({
        "organizations": [org("A")], "events": [event("A", "2023-04-01", "absorbed", successors="NOWHERE")]})
    assert (file, row, column, value) == ("events.csv", 2, "successors", "NOWHERE")
    assert "A: absorbed (01/04/2023): successor NOWHERE: no organisation has this code" in rule


def test_division_with_one_successor_is_refused():
    [(file, row, column, _value, rule)] = problems({
        "organizations": [org("A"), org("A1", established_on="2023-04-01", origin="reorganisation")],
        "events": [event("A", "2023-04-01", "divided", successors="A1")]})
    assert (file, row, column) == ("events.csv", 2, "successors")
    assert "names two or more successor(s), not 1" in rule


def test_consolidation_whose_new_organisation_is_established_another_day_is_refused():
    [(_file, row, column, _value, rule)] = problems({
        "organizations": [org("A"), org("AB", established_on="2023-04-02", origin="reorganisation")],
        "events": [event("A", "2023-04-01", "consolidated", successors="AB")]})
    assert (row, column) == (2, "successors")
    assert "successor AB must be established on 01/04/2023" in rule


def test_renewal_of_a_suspension_is_accepted():
    import_tables({"organizations": [org("A")], "events": [
        event("A", "2022-01-10", "suspended", until="2022-12-31"),
        event("A", "2022-12-01", "suspended", until="2023-11-30")]})
    assert OrganizationState.objects.filter(status="suspended").get().valid_to == D(2023, 12, 1)


@pytest.mark.parametrize("until, rule", [("2022-01-09", "before it starts"), ("2023-01-11", "at most 12 months")])
def test_bad_until_is_refused(until, rule):
    [(file, row, column, value, message)] = problems({
        "organizations": [org("A")], "events": [event("A", "2022-01-10", "suspended", until=until)]})
    assert (file, row, column, value) == ("events.csv", 2, "until", until)
    assert rule in message


def test_vsic_not_four_digits_is_refused():
    [(file, row, column, value, rule)] = problems({"organizations": [org("A", vsic="118")]})
    assert (file, row, column, value) == ("organizations.csv", 2, "vsic", "118")
    assert rule == "a VSIC code is four digits, for example 0118"


def test_commune_code_not_in_force_on_the_date_is_refused():
    # 11296 (Phường Quán Toan) is a commune the 2025 reform merged into 11602: not in force after 30/6/2025.
    found = problems({"organizations": [org("A"), org("B", unit="11296", established_on="2025-08-01")],
                      "events": [event("A", "2025-08-01", "relocated", unit="11296")]})
    assert [(f, r, c, v) for f, r, c, v, _rule in found] == [
        ("organizations.csv", 3, "unit", "11296"), ("events.csv", 2, "unit", "11296")]


def test_vietnamese_message_for_a_missing_successor():
    with translation.override("vi"), pytest.raises(ImportRejected) as exc:
        import_tables({"organizations": [org("A")], "events": [event("A", "2023-04-01", "absorbed", successors="X9")]})
    rule = exc.value.problems[0].rule
    assert "sáp nhập (01/04/2023)" in rule and "X9" in rule and "không có tổ chức nào" in rule


def test_after_a_revocation_only_dissolved_or_reinstated():
    [(file, row, column, _value, rule)] = problems({"organizations": [org("A")], "events": [
        event("A", "2022-03-01", "revoked", note="theo đề nghị của cơ quan thuế"),
        event("A", "2022-05-01", "renamed", name="HTX Mới")]})
    assert (file, row, column) == ("events.csv", 3, "type")
    assert "only be dissolved or reinstated" in rule
    import_tables({"organizations": [org("A")], "events": [
        event("A", "2022-03-01", "revoked"), event("A", "2022-05-01", "reinstated")]})
    assert Organization.objects.get().status == Status.ACTIVE


def test_nothing_after_a_bankruptcy():
    [(_file, row, _column, _value, rule)] = problems({"organizations": [org("A")], "events": [
        event("A", "2022-03-01", "bankrupt"), event("A", "2022-05-01", "suspended")]})
    assert row == 3 and "after the organisation became bankrupt" in rule


def test_tht_converted_into_an_htx_in_the_same_import():
    import_tables({
        "organizations": [org("T1", kind="tht"), org("H1", established_on="2023-10-02", origin="new")],
        "events": [event("T1", "2023-10-02", "converted", successors="H1")]})
    assert Organization.objects.get(code="T1").status == Status.CONVERTED


def test_successor_of_another_kind_is_refused():
    [(_file, _row, column, _value, rule)] = problems({
        "organizations": [org("A"), org("Q1", kind="qtdnd", established_on="2023-04-01", origin="reorganisation")],
        "events": [event("A", "2023-04-01", "separated", successors="Q1")]})
    assert column == "successors" and "is a people's credit fund, not a cooperative" in rule


def test_successor_dissolved_in_the_same_import_cannot_absorb():
    [(_file, row, column, _value, rule)] = problems({
        "organizations": [org("A"), org("BIG")],
        "events": [event("BIG", "2022-01-01", "dissolved"), event("A", "2023-04-01", "absorbed", successors="BIG")]})
    assert (row, column) == (3, "successors") and "successor BIG does not exist on 01/04/2023" in rule
