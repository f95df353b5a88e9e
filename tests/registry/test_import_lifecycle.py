"""Every lifecycle rule of SPEC §2, enforced through import (rules live in registry.lifecycle)."""

import datetime

import pytest
from django.utils import translation

from hoptac.registry import lifecycle
from hoptac.registry.interchange import ImportRejected, import_tables
from hoptac.registry.models import Event, Organization, Status

pytestmark = pytest.mark.django_db
D = datetime.date
ORG = {"code": "A1", "kind": "htx", "name": "HTX An Dương", "unit": "303", "sector": "agriculture",
       "established_on": "2005-03-01"}


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the catalogue's Vietnamese is the default elsewhere."""
    with translation.override("en"):
        yield


def events(*rows):
    return [{"org_code": "A1", "date": d, "type": t, **extra} for d, t, *rest in rows for extra in [rest[0] if rest else {}]]


def rejected(*rows, orgs=(ORG,)):
    with pytest.raises(ImportRejected) as exc:
        import_tables({"organizations": list(orgs), "events": events(*rows)})
    assert Organization.objects.count() == 0 or Organization.objects.filter(code="A1").count() <= 1
    return [(p.file, p.row, p.column, p.rule) for p in exc.value.problems]


def accepted(*rows):
    import_tables({"organizations": [ORG], "events": events(*rows)})
    return Organization.objects.get(code="A1")


def test_suspended_only_from_active_or_suspended():
    [(file, row, column, rule)] = rejected(("2010-01-01", "stopped"), ("2011-01-01", "suspended"))
    assert (file, row, column) == ("events.csv", 3, "type")
    assert "not allowed while the organisation is stopped" in rule


def test_stopped_from_active_or_suspended():
    assert accepted(("2010-01-01", "suspended"), ("2011-01-01", "stopped")).status == Status.STOPPED
    Organization.objects.all().delete()
    [(_, row, _, rule)] = rejected(("2010-01-01", "stopped"), ("2011-01-01", "stopped"))
    assert row == 3 and "not allowed while the organisation is stopped" in rule


def test_resumed_only_from_suspended_or_stopped():
    [(_, row, _, rule)] = rejected(("2010-01-01", "resumed"))
    assert row == 2 and "not allowed while the organisation is active" in rule
    assert accepted(("2010-01-01", "stopped"), ("2011-01-01", "resumed")).status == Status.ACTIVE


@pytest.mark.parametrize("terminal", ["dissolved", "converted", "merged"])
def test_no_event_after_a_terminal_one(terminal):
    [(_, row, _, rule)] = rejected(("2010-01-01", terminal), ("2011-01-01", "renamed", {"name": "Tên mới"}))
    assert row == 3 and f"after the organisation became {terminal}" in rule


def test_event_before_establishment():
    [(_, row, column, rule)] = rejected(("2005-02-28", "suspended"))
    assert (row, column) == (2, "date") and "before the organisation was established" in rule


def test_event_in_the_future():
    future = datetime.date.today() + datetime.timedelta(days=1)
    [(_, row, column, rule)] = rejected((future, "suspended"))
    assert (row, column) == (2, "date") and "in the future" in rule


def test_established_comes_only_from_organizations():
    [(_, row, column, rule)] = rejected(("2006-01-01", "established"))
    assert (row, column) == (2, "type") and "comes from organizations" in rule


def test_events_of_an_organisation_on_the_same_date_apply_in_file_order():
    assert accepted(("2010-01-01", "suspended"), ("2010-01-01", "resumed")).status == Status.ACTIVE
    Organization.objects.all().delete()
    [(_, row, _, rule)] = rejected(("2010-01-01", "resumed"), ("2010-01-01", "suspended"))
    assert row == 2 and "not allowed while the organisation is active" in rule


def test_relocation_needs_a_unit_in_force_on_its_date():
    problems = rejected(("2010-01-01", "relocated"), ("2025-08-01", "relocated", {"unit": "304"}))
    assert [(row, column) for _, row, column, _ in problems] == [(2, "unit"), (3, "unit")]
    assert "needs the new unit" in problems[0][3]
    assert "not in force on 01/08/2025" in problems[1][3]


def test_reclassification_needs_a_sector_and_renaming_a_name():
    problems = rejected(("2010-01-01", "reclassified"), ("2011-01-01", "renamed"), ("2012-01-01", "reclassified", {"sector": "fishing"}))
    assert [(row, column) for _, row, column, _ in problems] == [(2, "sector"), (3, "name"), (4, "sector")]


def test_unit_sector_or_name_on_an_event_that_does_not_use_it():
    [(_, row, column, rule)] = rejected(("2010-01-01", "suspended", {"unit": "304"}))
    assert (row, column) == (2, "unit") and "only used with relocated events" in rule


def test_events_for_an_organisation_already_in_the_register(make_org):
    org = make_org(code="DB1", established_on=D(2005, 1, 1))
    import_tables({"events": [{"org_code": "DB1", "date": "2012-01-01", "type": "suspended"}]})
    org.refresh_from_db()
    assert org.status == Status.SUSPENDED
    assert Organization.objects.count() == 1


def test_events_are_checked_against_the_history_already_recorded(make_org):
    org = make_org(code="DB1", established_on=D(2005, 1, 1))
    lifecycle.record_event(org, "suspended", D(2012, 1, 1))
    with pytest.raises(ImportRejected) as exc:
        # stopped in 2010 makes the recorded suspension of 2012 impossible (suspended only from active)
        import_tables({"events": [{"org_code": "DB1", "date": "2010-01-01", "type": "stopped"}]})
    [problem] = exc.value.problems
    assert (problem.row, problem.column) == (2, "type")
    assert "with the events already in the register" in problem.rule
    assert Event.objects.filter(organization=org).count() == 2


def test_a_dissolved_organisation_in_the_register_takes_no_more_events(make_org):
    org = make_org(code="DB1", established_on=D(2005, 1, 1))
    lifecycle.record_event(org, "dissolved", D(2012, 1, 1))
    with pytest.raises(ImportRejected, match="after the organisation became dissolved"):
        import_tables({"events": [{"org_code": "DB1", "date": "2013-01-01", "type": "suspended"}]})
