"""Property-based, for the v2 counts and report sums the year-end aggregates hold by unit (``UnitYearCounts``,
``UnitYearReports``): on random registers (those of ``test_properties_v2``) with random reporting windows and
first submissions, the series of a district, a commune and a unit's territory on a date read them (the live
v2 queries are not run, nor v2's columns in v1's pass over the reports) and agree with the plain references
that follow SPEC §3 v2 literally (``test_properties_v2`` and ``test_year_counts_properties``); and they still
agree after a window, a first submission, a rating and an event change once the aggregates were built: each
change rebuilds them, so a stale one is never read.
"""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoptac.geo.models import Unit
from hoptac.indicators import answers, engine, v2
from hoptac.indicators.engine import series
from hoptac.indicators.models import SummaryVersion, UnitYearCounts, UnitYearReports
from hoptac.registry.models import AnnualReport, Event, Organization, OrganizationState
from tests.indicators import test_year_counts_properties as counts
from tests.indicators.properties import assert_same, examples
from tests.indicators.registers import build_small_register
from tests.indicators.test_properties_v2 import (COMPARED, TERRITORY_CODES, carried_under, org_spec, reference, units, write,
                                                 write_states)

pytestmark = pytest.mark.django_db
D = datetime.date
YEARS = counts.YEARS
LATER = counts.LATER
# The v2 codes the aggregates by unit feed, beside the reports' and states' (compared too).
CODES = (*COMPARED, "reports.on_time_pct")


def not_live(*args, **kwargs):
    raise AssertionError("a live v2 query where the aggregates by unit are fresh")


def expected(model, windows, u, year, in_unit=None):
    date = D(year, 12, 31)
    v = reference(model, u, date, D(year, 1, 1), {}, in_unit)
    if in_unit is None:
        v["reports.on_time_pct"] = counts.reference(model, windows, u, year)["reports.on_time_pct"]
    return v


def check(model, windows, where):
    """Every series of the districts, communes and territories drawn agrees with the references, read
    from the aggregates by unit (fresh, or rebuilt inline first); returns the aggregates' version."""
    old, new = units()
    series(old[0].code, YEARS[0], 2024)  # a stale aggregate is rebuilt here (inline tasks), never read
    version = SummaryVersion.objects.get()
    start = max(YEARS[0], version.first_year)  # the aggregates cover the register's years
    with (mock.patch.object(v2, "event_counts", not_live), mock.patch.object(v2, "on_time_counts", not_live),
          mock.patch.object(v2, "rating_counts", not_live), mock.patch.object(v2, "report_sums", not_live),
          mock.patch.object(engine, "_series_v2_columns", not_live)):
        for u in (old[0], old[2], old[4], new[0]):  # districts before the reform, communes before and after
            first, last = (start, 2024) if u.regime == "old" else (max(start, 2025), YEARS[1])
            if first > last:
                continue
            for point in series(u.code, first, last):
                assert_same(point["values"], expected(model, windows, u, point["date"].year),
                            (where, u.code, point["date"]), CODES)
        for u, territory_of in ((old[0], D(2025, 6, 30)), (new[0], D(2025, 12, 31)),
                                (Unit.objects.resolve("31", D(2020, 1, 1)), D(2024, 12, 31))):
            in_unit = carried_under(u)
            for point in series(u.code, start, YEARS[1], territory_of=territory_of):
                assert_same(point["values"], expected(model, windows, u, point["date"].year, in_unit),
                            (where, u.code, territory_of, point["date"]), TERRITORY_CODES)
    assert SummaryVersion.objects.get().pk == version.pk
    return version.pk


@examples(10)
@given(specs=st.lists(org_spec, min_size=1, max_size=8), data=st.data())
def test_series_by_unit_from_the_aggregates_match_the_reference_through_changes(specs, data):
    model = write(specs)
    windows = counts.windows_and_submissions(model, data)
    built = check(model, windows, "as written")
    if windows:
        counts.move_a_window(windows, data)
        assert check(model, windows, "window moved") != built
        built = SummaryVersion.objects.get().pk
    counts.submit_again(model, data)
    assert check(model, windows, "first submission") != built
    built = SummaryVersion.objects.get().pk
    if counts.change_a_rating(model, data):
        assert check(model, windows, "rating changed") != built
        built = SummaryVersion.objects.get().pk
    # An event voided: the organisation's events and states as if it had never been recorded (the last
    # event of an organisation with more than one, so its states stay those of the earlier events).
    with_steps = [o for o in model if len(o["events"]) > 1]
    if with_steps:
        o = data.draw(st.sampled_from(with_steps), label="organisation with a voided event")
        last = Event.objects.filter(organization_id=o["id"]).order_by("-date", "-pk").first()
        Event.objects.filter(pk=last.pk).update(voided_at=LATER)
        o["events"].pop()
        OrganizationState.objects.filter(organization_id=o["id"]).delete()
        write_states(Organization.objects.get(pk=o["id"]), o["events"])
        assert check(model, windows, "event voided") != built


def test_an_organisation_with_the_same_event_in_two_units_of_the_area_counts_once():
    """Revoked in a district's own unit, reinstated, moved to one of its communes and revoked again in
    the same year: one organisation revoked in the district (each unit's row counts it once)."""
    old, _ = units()
    spec = {"kind": "htx", "unit": 0, "sector": "agriculture", "established": D(2020, 1, 10), "origin": "",
            "steps": [(30, 5, 0), (30, 0, 0), (30, 2, 4), (30, 5, 0)], "reports": [], "ratings": []}
    model = write([spec])
    assert [e["type"] for e in model[0]["events"]] == ["established", "revoked", "reinstated", "relocated", "revoked"]
    series(old[0].code, 2020, 2021)  # builds the aggregates (from 2020, the register's first year)
    rows = {row.unit_id: row for row in UnitYearCounts.objects.filter(year=2020)}
    assert rows[old[0].pk].events == {"revoked|htx": 1} and rows[old[4].pk].events == {"revoked|htx": 1}
    assert rows[old[0].pk].spread == {"revoked|htx": [model[0]["id"]]}
    with mock.patch.object(v2, "event_counts", not_live):
        district = {p["date"].year: p["values"]["htx.revoked"] for p in series(old[0].code, 2020, 2021)}
        commune = {p["date"].year: p["values"]["htx.revoked"] for p in series(old[4].code, 2020, 2021)}
    assert district == {2020: 1, 2021: 0}
    assert commune == {2020: 1, 2021: 0}
    assert district == {y: reference(model, old[0], D(y, 12, 31), D(y, 1, 1), {})["htx.revoked"] for y in (2020, 2021)}


def test_a_year_and_kind_the_report_sums_by_unit_lack_is_answered_by_the_live_query(monkeypatch):
    """A district's v2 report sums come from ``UnitYearReports``; where a year and kind v1's pass found
    reports of has no row there (a write between the two reads), the live query gives the v2 sums."""
    monkeypatch.setattr(answers, "ENABLED", False)  # every series computed (freshness by the fingerprint)
    orgs = build_small_register()
    AnnualReport.objects.filter(organization=orgs["A1"], year=2021).update(
        value_chain=True, high_tech=True, members_official=30, managers=4, managers_college=1, profit=7)
    AnnualReport.objects.filter(organization=orgs["B1"], year=2021).update(value_chain=False, profit=-2, member_htx=3)
    live = series("303", 2019, 2021, use_summary=False)
    with mock.patch.object(v2, "report_sums", not_live), mock.patch.object(engine, "_series_v2_columns", not_live):
        assert series("303", 2019, 2021) == live
    values = live[-1]["values"]
    assert (values["members.official"], values["htx.high_tech"], values["lhhtx.member_htx"]) == (30, 1, 3)
    assert values["profit.avg"] == Decimal("2.5") and values["htx.value_chain_pct"] == 100
    version = SummaryVersion.objects.get()
    UnitYearReports.objects.filter(year=2021, kind="htx").delete()
    with mock.patch.object(engine, "_series_v2_columns", not_live):
        assert series("303", 2019, 2021) == live
    assert SummaryVersion.objects.get().pk == version.pk
