"""Property-based: random registers with reorganisations, written through registry.lifecycle, against a literal
reference of the v2 lifecycle of SPEC §2 (which events are accepted, and the status on any date, lapses included)."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoptac.geo.models import REFORM_DATE, Unit
from hoptac.registry import lifecycle
from hoptac.registry.models import EventSuccessor, Organization, OrganizationState, Origin

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)
FIRST, LAST = D(2018, 1, 1), D(2026, 6, 30)
TYPES = ["suspended", "suspended", "resumed", "stopped", "dissolved", "bankrupt", "revoked", "reinstated", "renamed",
         "consolidated", "absorbed", "divided", "separated", "converted"]

# --- the reference: SPEC §2 read literally ----------------------------------------------------------

STATUS = {"established": "active", "suspended": "suspended", "resumed": "active", "stopped": "stopped",
          "dissolved": "dissolved", "converted": "converted", "bankrupt": "bankrupt", "revoked": "revoked",
          "reinstated": "active", "consolidated": "consolidated", "absorbed": "absorbed", "divided": "divided"}
TERMINAL = {"dissolved", "converted", "bankrupt", "consolidated", "absorbed", "divided"}


def twelve_months_after(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def status_on(history, day):
    """The status on ``day`` from ``history`` [(date, type, until)]: None before the establishment."""
    status = until = None
    for date, kind, end in history:
        if date > day:
            break
        if status == "suspended" and until is not None and date > until:
            status = "active"  # the notice ran out the day after its end
        status = STATUS.get(kind, status)
        if kind == "suspended":
            until = end
    if status == "suspended" and until is not None and day > until:
        status = "active"
    return status


def ran_out(history, day):
    """Whether the last status-changing event before ``day`` is a suspension whose end date has passed."""
    changes = [(date, kind, end) for date, kind, end in history if date <= day and kind in STATUS]
    return bool(changes) and changes[-1][1] == "suspended" and changes[-1][2] is not None and changes[-1][2] < day


def exists(history, day):
    status = status_on(history, day)
    return status is not None and status not in TERMINAL and status != "revoked"


def accepted(history, kind, day, until, successors_ok):
    status = status_on(history, day)
    if status is None or status in TERMINAL:
        return False
    if status == "revoked":
        return kind in ("dissolved", "reinstated")
    if kind == "suspended":
        # The end date is optional (v1 records have none); when given, within 12 months.
        return status in ("active", "suspended") and (until is None or day <= until <= twelve_months_after(day))
    if kind == "stopped":
        return status in ("active", "suspended")
    if kind == "resumed":
        return status in ("suspended", "stopped") or ran_out(history, day)
    if kind == "reinstated":
        return False
    return successors_ok


# --- the register ------------------------------------------------------------------------------------

step = st.tuples(st.sampled_from([0, 1, 25, 180, 400]), st.sampled_from(TYPES), st.integers(0, 400), st.integers(0, 5))
register = st.lists(st.tuples(st.dates(FIRST, D(2024, 12, 31)), st.lists(step, max_size=6)), min_size=1, max_size=5)


class World:
    def __init__(self):
        self.histories = {}  # code -> [(date, type, until)] accepted
        self.orgs = {}
        self.old = Unit.objects.resolve("303", D(2020, 1, 1))
        self.new = Unit.objects.resolve("31", REFORM_DATE).children.order_by("code").first()

    def establish(self, code, day, origin=""):
        org = lifecycle.establish(code=code, kind="htx", name=f"HTX {code}", unit=self.old if day < REFORM_DATE else self.new,
                                  sector="agriculture", established_on=day, origin=origin)
        self.orgs[code], self.histories[code] = org, [(day, "established", None)]
        return org


def build(specs):
    EventSuccessor.objects.all().delete()
    Organization.objects.all().delete()
    world = World()
    for i, (established, steps) in enumerate(specs):
        code = f"P{i}"
        world.establish(code, established)
        day = established
        for gap, kind, until_days, pick in steps:
            day += gap * DAY
            if day > LAST:
                break
            until = day + until_days * DAY if kind == "suspended" and until_days < 380 else None
            successors, ok = [], True
            if kind in ("consolidated", "divided", "separated"):
                # pick 5: the new organisation is established the next day, which the rules refuse.
                formed_on = day + DAY if pick == 5 else day
                ok = pick != 5
                count = 2 if kind == "divided" else 1
                successors = [world.establish(f"{code}-{len(world.orgs)}-{n}", formed_on, Origin.REORGANISATION)
                              for n in range(count)]
            elif kind == "absorbed":
                others = [c for c in world.histories if c != code]
                if not others:
                    continue
                target = others[pick % len(others)]
                successors, ok = [world.orgs[target]], exists(world.histories[target], day)
            expected = accepted(world.histories[code], kind, day, until, ok)
            try:
                lifecycle.record_event(world.orgs[code], kind, day, until=until, successors=successors,
                                       name=f"HTX {pick}" if kind == "renamed" else "")
            except lifecycle.LifecycleError as exc:
                assert not expected, f"{code} {kind} {day} refused: {exc}"
                continue
            assert expected, f"{code} {kind} {day} until {until} accepted against the rules"
            world.histories[code].append((day, kind, until))
    return world


def days_to_check(history):
    days = {FIRST, LAST, D(2025, 12, 31)}
    for date, _kind, until in history:
        days |= {date - DAY, date, date + DAY}
        if until is not None:
            days |= {until, until + DAY}
    return sorted(days)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(register)
def test_lifecycle_v2_matches_the_literal_reference(specs):
    world = build(specs)
    for code, history in world.histories.items():
        org = world.orgs[code]
        for day in days_to_check(history):
            row = OrganizationState.objects.on(day).filter(organization=org).first()
            assert (row.status if row else None) == status_on(history, day), (code, day, history)
