"""The v2 lifecycle of SPEC §2 through registry.lifecycle (the path every write takes)."""

import datetime

import pytest

from hoptac.registry import lifecycle
from hoptac.registry.lifecycle import LifecycleError
from hoptac.registry.models import EventSuccessor, Organization, OrganizationState, Origin, Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
D = datetime.date


def states(org):
    return [(s.valid_from, s.valid_to, s.status)
            for s in OrganizationState.objects.filter(organization=org).order_by("valid_from")]


def formed(make_org, day, kind="htx", **kw):
    """An organisation formed by a reorganisation on ``day``."""
    org = make_org(kind=kind, established_on=day, **kw)
    org.events.filter(type="established").update(origin=Origin.REORGANISATION)
    return org


def test_bankrupt_is_terminal(make_org):
    org = make_org()
    lifecycle.record_event(org, "bankrupt", D(2022, 5, 1))
    org.refresh_from_db()
    assert org.status == Status.BANKRUPT
    with pytest.raises(LifecycleError, match="after the organisation became bankrupt"):
        lifecycle.record_event(org, "renamed", D(2023, 1, 1), name="Tên mới")


def test_after_revoked_only_dissolved_or_reinstated(make_org):
    org = make_org(code="HP-R1")
    lifecycle.record_event(org, "revoked", D(2022, 3, 1), note="theo đề nghị của cơ quan thuế")
    with pytest.raises(LifecycleError, match="HP-R1: suspended .* only be dissolved or reinstated"):
        lifecycle.record_event(org, "suspended", D(2022, 4, 1))
    lifecycle.record_event(org, "reinstated", D(2022, 6, 1))
    assert states(org)[-2:] == [(D(2022, 3, 1), D(2022, 6, 1), Status.REVOKED), (D(2022, 6, 1), None, Status.ACTIVE)]


def test_reinstated_only_after_revoked(make_org):
    org = make_org()
    with pytest.raises(LifecycleError, match="reinstated .* not allowed while the organisation is active"):
        lifecycle.record_event(org, "reinstated", D(2022, 6, 1))


def test_renewal_of_a_suspension(make_org):
    org = make_org()
    lifecycle.record_event(org, "suspended", D(2022, 1, 10), until=D(2022, 12, 31))
    lifecycle.record_event(org, "suspended", D(2022, 12, 20), until=D(2023, 6, 30))
    assert states(org)[-2:] == [(D(2022, 1, 10), D(2023, 7, 1), Status.SUSPENDED), (D(2023, 7, 1), None, Status.ACTIVE)]


def test_suspension_lapses_the_day_after_until(make_org):
    org = make_org()
    lifecycle.record_event(org, "suspended", D(2022, 1, 10), until=D(2022, 7, 9))
    assert states(org)[-2:] == [(D(2022, 1, 10), D(2022, 7, 10), Status.SUSPENDED), (D(2022, 7, 10), None, Status.ACTIVE)]
    assert lifecycle.state_on(org, D(2022, 7, 9)).status == Status.SUSPENDED
    assert lifecycle.state_on(org, D(2022, 7, 10)).status == Status.ACTIVE


def test_resumed_after_until_is_accepted_and_changes_nothing(make_org):
    org = make_org()
    lifecycle.record_event(org, "suspended", D(2022, 1, 10), until=D(2022, 7, 9))
    before = states(org)
    lifecycle.record_event(org, "resumed", D(2022, 9, 1))
    assert states(org) == before


def test_stopped_after_a_lapse_starts_from_active(make_org):
    org = make_org()
    lifecycle.record_event(org, "suspended", D(2022, 1, 10), until=D(2022, 2, 9))
    lifecycle.record_event(org, "stopped", D(2022, 5, 1))
    assert states(org)[-3:] == [(D(2022, 1, 10), D(2022, 2, 10), Status.SUSPENDED),
                                (D(2022, 2, 10), D(2022, 5, 1), Status.ACTIVE), (D(2022, 5, 1), None, Status.STOPPED)]


@pytest.mark.parametrize("until, rule", [
    (D(2022, 1, 9), "cannot end \\(09/01/2022\\) before it starts"),
    (D(2023, 1, 11), "at most 12 months; 11/01/2023 is after 10/01/2023"),
])
def test_until_before_the_date_or_beyond_twelve_months_is_refused(make_org, until, rule):
    org = make_org(code="HP-S1")
    with pytest.raises(LifecycleError, match=f"HP-S1: suspended \\(10/01/2022\\): .*{rule}"):
        lifecycle.record_event(org, "suspended", D(2022, 1, 10), until=until)
    assert org.events.count() == 1


def test_until_twelve_months_after_is_accepted(make_org):
    org = make_org()
    lifecycle.record_event(org, "suspended", D(2024, 2, 29), until=D(2025, 2, 28))


def test_consolidation_with_the_new_organisation_formed_that_day(make_org):
    a, b = make_org(code="A"), make_org(code="B")
    new = formed(make_org, D(2023, 4, 1), code="AB")
    lifecycle.record_event(a, "consolidated", D(2023, 4, 1), successors=[new])
    lifecycle.record_event(b, "consolidated", D(2023, 4, 1), successors=["AB"])
    a.refresh_from_db()
    assert a.status == Status.CONSOLIDATED
    assert list(new.predecessor_events.values_list("organization__code", flat=True).order_by("organization__code")) == ["A", "B"]


def test_consolidation_whose_new_organisation_is_established_another_day_is_refused(make_org):
    a = make_org(code="A")
    formed(make_org, D(2023, 4, 2), code="AB")
    with pytest.raises(LifecycleError, match="A: consolidated \\(01/04/2023\\): successor AB must be established on "
                                             "01/04/2023"):
        lifecycle.record_event(a, "consolidated", D(2023, 4, 1), successors=["AB"])
    assert not EventSuccessor.objects.exists()


def test_successor_formed_that_day_must_have_the_reorganisation_origin(make_org):
    a = make_org(code="A")
    make_org(code="AB", established_on=D(2023, 4, 1))
    with pytest.raises(LifecycleError, match="origin 'formed by reorganisation'"):
        lifecycle.record_event(a, "separated", D(2023, 4, 1), successors=["AB"])


def test_successor_that_does_not_exist_is_refused(make_org):
    a = make_org(code="A")
    with pytest.raises(LifecycleError, match="A: absorbed \\(01/04/2023\\): successor NOWHERE: no organisation has this code"):
        lifecycle.record_event(a, "absorbed", D(2023, 4, 1), successors=["NOWHERE"])
    a.refresh_from_db()
    assert a.status == Status.ACTIVE


def test_absorbing_organisation_must_exist_on_the_date(make_org):
    a, big = make_org(code="A"), make_org(code="BIG")
    lifecycle.record_event(big, "dissolved", D(2022, 1, 1))
    with pytest.raises(LifecycleError, match="successor BIG does not exist on 01/04/2023"):
        lifecycle.record_event(a, "absorbed", D(2023, 4, 1), successors=["BIG"])
    other = make_org(code="BIG2")
    lifecycle.record_event(a, "absorbed", D(2023, 4, 1), successors=[other])
    assert list(other.predecessor_events.values_list("organization__code", flat=True)) == ["A"]


def test_division_needs_two_or_more_successors(make_org):
    a = make_org(code="A")
    one = formed(make_org, D(2023, 4, 1), code="A1")
    with pytest.raises(LifecycleError, match="A: divided \\(01/04/2023\\) names two or more successor\\(s\\), not 1"):
        lifecycle.record_event(a, "divided", D(2023, 4, 1), successors=[one])
    two = formed(make_org, D(2023, 4, 1), code="A2")
    event = lifecycle.record_event(a, "divided", D(2023, 4, 1), successors=[two, one])
    assert list(event.successor_links.values_list("organization__code", flat=True)) == ["A2", "A1"]


def test_separation_leaves_the_status_unchanged(make_org):
    a = make_org(code="A")
    part = formed(make_org, D(2023, 4, 1), code="A1")
    lifecycle.record_event(a, "separated", D(2023, 4, 1), successors=[part])
    a.refresh_from_db()
    assert a.status == Status.ACTIVE


def test_consolidation_needs_exactly_one_successor(make_org):
    a = make_org(code="A")
    with pytest.raises(LifecycleError, match="names exactly one successor"):
        lifecycle.record_event(a, "consolidated", D(2023, 4, 1))


def test_tht_converted_into_an_htx_established_that_day(make_org):
    group = make_org(kind="tht", code="THT1")
    htx = make_org(kind="htx", code="HTX1", established_on=D(2023, 6, 1))
    lifecycle.record_event(group, "converted", D(2023, 6, 1), successors=[htx])
    group.refresh_from_db()
    assert group.status == Status.CONVERTED


def test_successor_of_another_kind_is_refused(make_org):
    a = make_org(kind="htx", code="A")
    fund = formed(make_org, D(2023, 4, 1), kind="qtdnd", code="Q1")
    with pytest.raises(LifecycleError, match="successor Q1 is a people's credit fund, not a cooperative"):
        lifecycle.record_event(a, "separated", D(2023, 4, 1), successors=[fund])


def test_only_reorganising_events_name_successors(make_org):
    a, b = make_org(code="A"), make_org(code="B")
    with pytest.raises(LifecycleError, match="names no successors"):
        lifecycle.record_event(a, "dissolved", D(2023, 4, 1), successors=[b])


def test_established_origin_is_kept(make_org, unit_on):
    org = lifecycle.establish(code="N1", kind="htx", name="HTX mới", unit=unit_on("303", D(2023, 4, 1)),
                              established_on=D(2023, 4, 1), origin=Origin.REORGANISATION)
    assert org.events.get().origin == Origin.REORGANISATION
    assert Organization.objects.get(code="N1").status == Status.ACTIVE


def test_renewal_the_day_after_the_end_keeps_one_suspension(make_org):
    org = make_org()
    lifecycle.record_event(org, "suspended", D(2022, 1, 10), until=D(2022, 7, 9))
    lifecycle.record_event(org, "suspended", D(2022, 7, 10), until=D(2023, 1, 9))
    assert states(org)[-2:] == [(D(2022, 1, 10), D(2023, 1, 10), Status.SUSPENDED), (D(2023, 1, 10), None, Status.ACTIVE)]
