"""Property-based, for the on-time and rating counts the year-end aggregates hold (``YearCounts``):
on random registers (those of ``test_properties_v2``) with random reporting windows and first
submissions, the series read from the aggregates agrees with a plain reference that follows SPEC §3 v2
literally; and it still agrees after a window, a first submission (of a revision not approved) and a
rating change once the aggregates were built — each change rebuilds them, so a stale one is never read.
"""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoptac.geo.models import Unit, UnitClosure
from hoptac.indicators.engine import series
from hoptac.indicators.models import SummaryVersion
from hoptac.registry.models import AnnualReport, ReportingWindow, YearRating
from tests.indicators.properties import assert_same, examples, state
from tests.indicators.test_properties_v2 import GONE, org_spec, write

pytestmark = pytest.mark.django_db
D = datetime.date
YEARS = (2015, 2026)
CODES = ("reports.on_time_pct", "htx.good_fair_pct")
LATER = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)


def moments(year):
    return st.datetimes(datetime.datetime(year + 1, 1, 1), datetime.datetime(year + 1, 7, 31),
                        timezones=st.just(datetime.UTC))


def reference(model, windows, u, year):
    """On 31 December of ``year`` in ``u``: the share of HTX and unions existing then whose first
    submission (the earliest of any revision) came by the end of the window's deadline, of all of them,
    when one of them has a submission; and the share of HTX rated good or fair, of those rated."""
    date = D(year, 12, 31)
    under = set(UnitClosure.objects.filter(ancestor=u).values_list("descendant_id", flat=True))

    def here(o):
        s = state(o, date)
        return s if s is not None and s[1] in under else None

    v = dict.fromkeys(CODES)
    existing = [o for o in model if o["kind"] in ("htx", "lhhtx") and (s := here(o)) and s[0] not in GONE]
    submitted = [o["moments"][year] for o in existing if year in o["moments"]]
    if year in windows and submitted:
        cutoff = ReportingWindow.cutoff_of(windows[year])
        v["reports.on_time_pct"] = Decimal(100) * sum(m < cutoff for m in submitted) / len(existing)
    rated = [o["ratings"][year] for o in model if o["kind"] == "htx" and year in o["ratings"] and here(o)]
    if rated:
        v["htx.good_fair_pct"] = Decimal(100) * sum(r in ("good", "fair") for r in rated) / len(rated)
    return v


def submit(o, year, revision, moment):
    """A first submission of revision ``revision`` (created, not approved, when there is none)."""
    report, _ = AnnualReport.objects.get_or_create(organization_id=o["id"], year=year, revision=revision,
                                                   defaults={"status": "submitted"})
    report.first_submitted_at = moment
    report.save(update_fields=["first_submitted_at"])
    o["moments"][year] = min(moment, o["moments"].get(year, moment))


def windows_and_submissions(model, data):
    """Random reporting windows (some years) and first submissions of ``model``'s reports; {year: deadline}."""
    ReportingWindow.versions.all().delete()
    windows = {}
    for year in data.draw(st.sets(st.integers(*YEARS), max_size=4), label="windowed years"):
        windows[year] = data.draw(st.dates(D(year + 1, 1, 15), D(year + 1, 6, 30)), label="deadline")
        ReportingWindow.objects.create(year=year, opens_on=D(year + 1, 1, 1), deadline=windows[year])
    for o in model:
        o["moments"] = {}
        for year in o["reports"]:
            moment = data.draw(st.one_of(st.none(), moments(year)), label="first submission")
            if moment is not None:
                submit(o, year, 1, moment)
    return windows


def move_a_window(windows, data):
    """One window moved: a new row, the one it replaces superseded."""
    year = data.draw(st.sampled_from(sorted(windows)), label="moved window")
    windows[year] = data.draw(st.dates(D(year + 1, 1, 15), D(year + 1, 6, 30)), label="new deadline")
    ReportingWindow.objects.filter(year=year).update(superseded_at=LATER)
    ReportingWindow.objects.create(year=year, opens_on=D(year + 1, 1, 1), deadline=windows[year])


def submit_again(model, data):
    """A correction (revision 3) or a first report not approved yet: its first submission counts."""
    o = data.draw(st.sampled_from(model), label="submitting organisation")
    year = data.draw(st.integers(max(o["events"][0]["date"].year, YEARS[0]), YEARS[1]), label="submitted year")
    submit(o, year, 3 if year in o["reports"] else 1, data.draw(moments(year), label="new submission"))


def change_a_rating(model, data):
    """A rating of an HTX replaced by another; False when the register has no HTX."""
    htx = [o for o in model if o["kind"] == "htx"]
    if not htx:
        return False
    o = data.draw(st.sampled_from(htx), label="rated organisation")
    year = data.draw(st.integers(max(o["events"][0]["date"].year, YEARS[0]), YEARS[1]), label="rated year")
    rating = data.draw(st.sampled_from(["good", "fair", "average", "weak"]), label="new rating")
    YearRating.objects.filter(organization_id=o["id"], year=year, superseded_at__isnull=True).update(
        superseded_at=LATER)
    YearRating.objects.create(organization_id=o["id"], year=year, rating=rating)
    o["ratings"][year] = rating
    return True


@examples(10)
@given(specs=st.lists(org_spec, min_size=1, max_size=8), data=st.data())
def test_aggregated_on_time_and_rating_counts_match_the_reference_through_changes(specs, data):
    model = write(specs)
    windows = windows_and_submissions(model, data)

    def agrees(where):
        for point in series("31", *YEARS):  # the year-end aggregates (fresh, or rebuilt inline)
            u = Unit.objects.resolve("31", point["date"])
            assert_same(point["values"], reference(model, windows, u, point["date"].year), (where, point["date"]),
                        CODES)
        return SummaryVersion.objects.get().pk

    built = agrees("as written")
    if windows:
        move_a_window(windows, data)
        assert agrees("window moved") != built
        built = SummaryVersion.objects.get().pk
    submit_again(model, data)
    assert agrees("first submission") != built
    built = SummaryVersion.objects.get().pk
    if change_a_rating(model, data):
        assert agrees("rating changed") != built
