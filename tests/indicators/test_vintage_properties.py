"""Property-based (SPEC §3, vintages): on registers built by random sequences of recordings, voids,
report revisions and ratings at increasing moments, the answer ``as_recorded`` R equals the answer
computed today on a copy of the register replayed up to R only — for the indicators on a date
(v1 and v2 codes), a series and a drill-through count. Runs on SQLite and, with DATABASE_URL, on
PostgreSQL."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoptac.geo.models import REFORM_DATE, Unit
from hoptac.indicators.drill import drill
from hoptac.indicators.engine import compute, series
from hoptac.registry import lifecycle
from hoptac.registry.models import AnnualReport, Organization, YearRating
from tests.clock import VN, clock

pytestmark = pytest.mark.django_db
D = datetime.date
# Every operation happens one hour after the one before, from this moment (events are dated before it).
START = datetime.datetime(2026, 1, 5, 8, 0, tzinfo=VN)
SECTORS = ["", "agriculture", "trade", "other"]
TYPES = ["suspended", "stopped", "resumed", "dissolved", "relocated", "reclassified", "renamed", "merged"]


def units():
    old = [Unit.objects.resolve(c, D(2020, 1, 1)) for c in ("303", "304", "311")]
    old.append(old[0].children.order_by("code").first())
    new = list(Unit.objects.resolve("31", REFORM_DATE).children.order_by("code")[:2])
    return old, new


establishment = st.tuples(st.just("establish"), st.sampled_from(["htx", "htx", "htx", "lhhtx", "tht", "qtdnd"]),
                          st.integers(0, 3), st.sampled_from(SECTORS), st.integers(0, 3000))
operation = st.one_of(
    establishment,
    st.tuples(st.just("event"), st.integers(0, 50), st.sampled_from(TYPES), st.integers(0, 1500), st.integers(0, 3)),
    st.tuples(st.just("event"), st.integers(0, 50), st.sampled_from(TYPES), st.integers(0, 1500), st.integers(0, 3)),
    st.tuples(st.just("void"), st.integers(0, 50)),
    st.tuples(st.just("report"), st.integers(0, 50), st.integers(0, 6), st.integers(0, 300), st.integers(0, 40),
              st.one_of(st.none(), st.decimals(0, 50000, places=2))),
    st.tuples(st.just("rate"), st.integers(0, 50), st.integers(0, 6), st.sampled_from(["good", "fair", "weak"])),
)


class Register:
    """Applies operations through the product's write paths; remembers which ones took effect."""

    def __init__(self):
        self.old, self.new = units()
        self.orgs, self.events = [], []

    def apply(self, op, moment):
        """True when the operation took effect (a lifecycle rule may refuse it, as it would an officer)."""
        with clock(moment):
            try:
                with transaction.atomic():
                    return getattr(self, op[0])(moment, *op[1:])
            except lifecycle.LifecycleError:
                return False

    def establish(self, moment, kind, unit, sector, offset):
        est = D(2016, 1, 1) + datetime.timedelta(days=offset)
        place = self.old[unit] if est < REFORM_DATE else self.new[unit % 2]
        org = lifecycle.establish(code=f"V{len(self.orgs):03d}", kind=kind, name=f"HTX {len(self.orgs)}",
                                  unit=place, sector=sector, established_on=est)
        self.orgs.append(org)
        return True

    def event(self, moment, index, type, gap, pick):
        if not self.orgs:
            return False
        org = self.orgs[index % len(self.orgs)]
        date = min(org.established_on + datetime.timedelta(days=gap), D(2025, 12, 31))
        unit = None
        if type == "relocated":
            unit = self.old[pick] if date < REFORM_DATE else self.new[pick % 2]
        event = lifecycle.record_event(
            org, type, date, unit=unit, sector=SECTORS[1 + pick % 3] if type == "reclassified" else "",
            name=f"HTX {pick}" if type == "renamed" else "",
            until=date + datetime.timedelta(days=90) if type == "suspended" else None,
        )
        self.events.append(event)
        return True

    def void(self, moment, index):
        live = [e for e in self.events if e.voided_at is None]
        if not live:
            return False
        lifecycle.void_event(live[index % len(live)], reason="recorded by mistake")
        return True

    def report(self, moment, index, offset, members, workers, revenue):
        """A revision of a year's report approved at ``moment`` (it supersedes the one in force)."""
        if not self.orgs:
            return False
        org = self.orgs[index % len(self.orgs)]
        year = min(org.established_on.year + offset, 2025)
        revisions = AnnualReport.objects.filter(organization=org, year=year)
        last = revisions.order_by("-revision").first()
        revisions.filter(in_force=True).update(in_force=False, superseded_at=moment)
        AnnualReport.objects.create(
            organization=org, year=year, revision=(last.revision + 1) if last else 1, status="approved",
            in_force=True, approved_at=moment, members=members, workers=workers, revenue=revenue,
            income=Decimal(20) if workers else None, value_added=revenue, members_official=members,
        )
        return True

    def rate(self, moment, index, offset, rating):
        if not self.orgs:
            return False
        org = self.orgs[index % len(self.orgs)]
        year = min(org.established_on.year + offset, 2025)
        YearRating.objects.filter(organization=org, year=year, superseded_at__isnull=True).update(superseded_at=moment)
        YearRating.objects.create(organization=org, year=year, rating=rating, recorded_at=moment)
        return True


class Rollback(Exception):
    pass


def answers(as_recorded=None):
    """The questions asked of a register: the indicators of the city and a district on a date,
    the city's series, and two drill-through counts."""
    city = Unit.objects.resolve("31", D(2023, 12, 31))
    district = Unit.objects.resolve("303", D(2022, 12, 31))
    return {
        "city": compute(city, D(2023, 12, 31), D(2016, 1, 1), 2019, as_recorded=as_recorded),
        "district": compute(district, D(2022, 12, 31), as_recorded=as_recorded),
        "after reform": compute(Unit.objects.resolve("31", D(2025, 12, 31)), D(2025, 12, 31), as_recorded=as_recorded),
        "series": series("31", 2017, 2025, 2018, use_summary=False, as_recorded=as_recorded),
        "drill total": sorted(r["code"] for r in drill(city, D(2023, 12, 31), "htx.total", as_recorded=as_recorded)),
        "drill dissolved": sorted(
            r["code"] for r in drill(city, D(2023, 12, 31), "htx.dissolved", D(2016, 1, 1), as_recorded=as_recorded)),
    }


def replayed(applied, upto):
    """Today's answers on a fresh register holding only the operations made at or before ``upto``."""
    out = {}
    try:
        with transaction.atomic():
            Organization.objects.all().delete()
            again = Register()
            for op, moment in applied:
                if moment <= upto:
                    assert again.apply(op, moment), op  # the same prefix of history: accepted again
            out.update(answers())
            raise Rollback
    except Rollback:
        pass
    return out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(first=st.lists(establishment, min_size=2, max_size=5), then=st.lists(operation, min_size=3, max_size=20),
       cuts=st.lists(st.integers(0, 25), min_size=1, max_size=3))
def test_as_recorded_equals_the_register_replayed_up_to_that_moment(first, then, cuts):
    ops = first + then
    Organization.objects.all().delete()
    register, applied = Register(), []
    for i, op in enumerate(ops):
        moment = START + datetime.timedelta(hours=i)
        if register.apply(op, moment):
            applied.append((op, moment))
    # Moments at an operation, just before one, and after the last one.
    moments = {START + datetime.timedelta(hours=c, minutes=-1 if c % 2 else 0) for c in cuts}
    moments.add(START + datetime.timedelta(hours=len(ops) + 1))
    for moment in sorted(moments):
        assert answers(as_recorded=moment) == replayed(applied, moment), moment


def test_a_moment_after_the_last_record_gives_todays_answer():
    """Sanity for the property: with everything recorded before R, R's answer is today's."""
    register = Register()
    register.apply(("establish", "htx", 0, "trade", 2000), START)
    register.apply(("event", 0, "dissolved", 10, 0), START + datetime.timedelta(hours=1))
    register.apply(("report", 0, 0, 12, 3, Decimal("100.5")), START + datetime.timedelta(hours=2))
    assert answers(as_recorded=START + datetime.timedelta(days=1)) == answers()
    before = answers(as_recorded=START + datetime.timedelta(minutes=30))
    assert before["district"]["htx.total"] == 1 and answers()["district"]["htx.total"] == 0
    year = (D(2016, 1, 1) + datetime.timedelta(days=2000)).year
    now, then = series("303", year, year, use_summary=False), series("303", year, year, use_summary=False,
                                                                         as_recorded=START + datetime.timedelta(hours=1))
    assert now[0]["values"]["members.official"] == 12 and then[0]["values"]["members.official"] is None
