"""series() and breakdown() agree with compute()."""

import datetime

import pytest

from hoptac.indicators.engine import NATIONAL, breakdown, compute, series, series_for_code
from tests.indicators.registers import build_small_register, unit

pytestmark = pytest.mark.django_db
D = datetime.date


def test_series_equals_compute_for_each_year():
    build_small_register()
    points = series("31", 2000, 2022, baseline_year=2001)
    assert [p["date"] for p in points] == [D(y, 12, 31) for y in range(2000, 2023)]
    for p in points:
        expected = compute(unit("31", p["date"]), p["date"], p["since"], 2001)
        assert p["values"] == expected, p["date"]


def test_series_across_the_reform_resolves_the_code_each_year():
    build_small_register()
    points = series("31", 2024, 2026)
    assert points[1]["values"] == compute(unit("31", D(2025, 12, 31)), D(2025, 12, 31))
    assert points[0]["values"] == compute(unit("31", D(2024, 12, 31)), D(2024, 12, 31))


def test_series_runs_queries_independent_of_the_number_of_years(django_assert_max_num_queries):
    build_small_register()
    # v2: three more, grouped by year (the v2 events, report fields and ratings)
    with django_assert_max_num_queries(15):
        series("31", 2001, 2024, baseline_year=2001, use_summary=False)
    series("31", 2001, 2024, baseline_year=2001)  # builds the aggregates
    # (two more on PostgreSQL, where this test's transaction wrote the register: the change stamp, read
    # by the series and by the aggregates' freshness check, which then computes the fingerprint)
    with django_assert_max_num_queries(17):
        series("31", 2001, 2024, baseline_year=2001)


def test_national_series_equals_national_compute():
    build_small_register()
    for p in series(NATIONAL, 2019, 2021):
        assert p["values"] == compute(NATIONAL, p["date"], p["since"])


def test_series_for_code_rejects_bad_ranges():
    from hoptac.indicators.engine import IndicatorInputError

    for bad in ("2025-2001", "2001", "x-2002"):
        with pytest.raises(IndicatorInputError):
            series_for_code("31", bad)


def test_breakdown_by_children_equals_compute_per_district():
    build_small_register()
    date = D(2021, 12, 31)
    parts = breakdown(unit("31", date), date, since=D(2002, 1, 1), baseline_year=2001)
    assert [p["key"] for p in parts][:3] == ["303", "304", "305"]
    for p in parts:
        assert p["values"] == compute(p["unit"], date, D(2002, 1, 1), 2001)
    assert sum(p["values"]["htx.total"] for p in parts) == compute(unit("31", date), date)["htx.total"]


def test_breakdown_by_sector_splits_the_total():
    build_small_register()
    date = D(2021, 12, 31)
    parts = {p["key"]: p["values"] for p in breakdown(unit("31", date), date, by="sector")}
    total = compute(unit("31", date), date)
    assert {k: v["htx.total"] for k, v in parts.items() if v["htx.total"]} == total["htx.by_sector"]


def test_breakdown_by_kind():
    build_small_register()
    date = D(2021, 12, 31)
    parts = {p["key"]: p["values"] for p in breakdown(unit("31", date), date, by="kind")}
    assert parts["lhhtx"]["lhhtx.total"] == 1
    assert parts["htx"]["lhhtx.total"] == 0


def test_province_and_national_series_read_fresh_aggregates_equal_to_live_queries(make_org):
    from hoptac.indicators.models import SummaryVersion
    from hoptac.registry import lifecycle

    orgs = build_small_register()
    for code in ("31", NATIONAL):
        assert series(code, 2001, 2025, 2001) == series(code, 2001, 2025, 2001, use_summary=False)
    built = SummaryVersion.objects.get()
    lifecycle.record_event(orgs["A1"], "suspended", D(2021, 6, 1))  # the register changes: rebuilt on next read
    after = series("31", 2021, 2021)[0]["values"]
    assert SummaryVersion.objects.get().pk != built.pk
    assert after == series("31", 2021, 2021, use_summary=False)[0]["values"]
    assert after["htx.not_operating"] == 2


def test_aggregates_hold_the_v2_report_sums_and_follow_rating_changes():
    """The year-end aggregates carry the v2 report sums (read with v1's, no second pass over the
    reports); a rating counts in them (good or fair), so a new rating rebuilds them."""
    from hoptac.indicators.models import SummaryVersion
    from hoptac.registry import lifecycle
    from hoptac.registry.models import AnnualReport, YearRating

    orgs = build_small_register()
    AnnualReport.objects.filter(organization__in=[orgs["A1"], orgs["A4"]], year=2021).update(
        value_chain=True, high_tech=True, members_official=30, managers=4, managers_college=1, profit=7)
    AnnualReport.objects.filter(organization=orgs["B1"], year=2021).update(value_chain=False, profit=-2)
    lifecycle.record_event(orgs["A2"], "bankrupt", D(2020, 5, 1))  # a v2 event, held by the aggregates too
    for code in ("31", NATIONAL):
        assert series(code, 2019, 2021) == series(code, 2019, 2021, use_summary=False)
    assert [p["values"]["htx.bankrupt"] for p in series(NATIONAL, 2019, 2021)] == [0, 1, 0]
    before = series("31", 2021, 2021)[0]["values"]
    assert (before["htx.value_chain_pct"], before["members.official"], before["htx.high_tech"]) == (100, 60, 2)
    assert before["managers.college_pct"] == 25 and before["profit.avg"] == 4
    assert before["htx.value_chain_of_good_fair_pct"] is None
    built = SummaryVersion.objects.get()
    YearRating.objects.create(organization=orgs["A1"], year=2021, rating="good")
    after = series("31", 2021, 2021)[0]["values"]
    assert SummaryVersion.objects.get().pk != built.pk
    assert after == series("31", 2021, 2021, use_summary=False)[0]["values"]
    assert after["htx.value_chain_of_good_fair_pct"] == 100 and after["htx.good_fair_pct"] == 100
    rebuilt = SummaryVersion.objects.get()
    YearRating.objects.filter(organization=orgs["A1"], year=2021).update(superseded_at=datetime.datetime(
        2026, 1, 1, tzinfo=datetime.UTC))  # a change of rating: the old one superseded ...
    YearRating.objects.create(organization=orgs["A1"], year=2021, rating="weak")  # ... and the new one
    changed = series("31", 2021, 2021)[0]["values"]
    assert SummaryVersion.objects.get().pk != rebuilt.pk
    assert changed == series("31", 2021, 2021, use_summary=False)[0]["values"]
    assert changed["htx.value_chain_of_good_fair_pct"] is None and changed["htx.good_fair_pct"] == 0


def test_a_stale_summary_is_rebuilt_in_the_background_while_readers_compute_live(settings):
    """With a worker (tasks queued, not run inline) the first reader after a change does not pay the rebuild."""
    from django.core.cache import cache
    from django.tasks import task_backends

    from hoptac.indicators import summary
    from hoptac.indicators.models import SummaryVersion
    from hoptac.registry import lifecycle

    orgs = build_small_register()
    series("31", 2001, 2025, 2001)  # builds the aggregates (inline tasks)
    built = SummaryVersion.objects.get()
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    cache.delete(summary.REBUILD_REQUESTED)
    queue = task_backends["default"]
    lifecycle.record_event(orgs["A1"], "suspended", D(2021, 6, 1))
    live = series("31", 2021, 2021, use_summary=False)[0]["values"]
    assert series("31", 2021, 2021)[0]["values"] == live  # computed live: the aggregates are stale
    assert series(NATIONAL, 2021, 2021)[0]["values"]["htx.not_operating"] == live["htx.not_operating"]
    assert SummaryVersion.objects.get().pk == built.pk  # nobody rebuilt it on the request path
    assert [r.task.name for r in queue.results].count("rebuild_summary") == 1  # asked once, not per reader
    summary.rebuild_if_stale()  # what the worker runs
    assert SummaryVersion.objects.get().pk != built.pk
    assert series("31", 2021, 2021)[0]["values"] == live
    assert summary.fresh_summary() == SummaryVersion.objects.get()


def test_aggregates_hold_the_longest_statuses_of_the_2023_law():
    """A consolidated HTX (the longest status name, 12 letters) has its year-end state row like any
    other: the aggregates' status column was 10 characters wide, which PostgreSQL refused."""
    from hoptac.indicators.models import YearEndState
    from hoptac.registry import lifecycle

    orgs = build_small_register()
    formed = lifecycle.establish(code="A6", kind="htx", name="HTX A6", unit=unit("305", D(2020, 7, 1)),
                                 sector="trade", established_on=D(2020, 7, 1), origin="reorganisation")
    lifecycle.record_event(orgs["A4"], "consolidated", D(2020, 7, 1), successors=[formed])
    for code in ("31", NATIONAL):
        assert series(code, 2019, 2021) == series(code, 2019, 2021, use_summary=False)
    assert YearEndState.objects.filter(status="consolidated", year=2020).exists()
    values = [p["values"] for p in series("31", 2019, 2021)]
    assert [v["htx.reorganised"] for v in values] == [0, 1, 0]
    assert [v["htx.formed_by_reorganisation"] for v in values] == [0, 1, 0]


def test_aggregates_hold_the_on_time_counts_and_follow_windows_and_first_submissions():
    """The year-end aggregates carry the on-time counts, so a changed reporting window and the first
    submission of a revision not yet approved both rebuild them."""
    from hoptac.indicators.models import SummaryVersion, YearCounts
    from hoptac.registry.models import AnnualReport, ReportingWindow

    orgs = build_small_register()  # on 31/12/2021 the province has five HTX and unions: A1, A2, A4, A5, B1
    moment = lambda *args: datetime.datetime(*args, tzinfo=datetime.UTC)  # noqa: E731
    window = ReportingWindow.objects.create(year=2021, opens_on=D(2022, 1, 1), deadline=D(2022, 3, 15))
    AnnualReport.objects.filter(organization=orgs["A1"], year=2021).update(first_submitted_at=moment(2022, 3, 1))
    AnnualReport.objects.filter(organization=orgs["A4"], year=2021).update(first_submitted_at=moment(2022, 4, 1))

    def on_time():
        point, live = series("31", 2021, 2021)[0]["values"], series("31", 2021, 2021, use_summary=False)[0]["values"]
        assert point == live
        return point["reports.on_time_pct"]

    assert on_time() == 20  # A1 only
    assert YearCounts.objects.filter(year=2021, province__isnull=True).values_list("on_time", "moments").get() == (1, 2)
    built = SummaryVersion.objects.get()
    # The window moved to 15/4: a new row, the old one superseded (as the back office records a change).
    ReportingWindow.objects.filter(pk=window.pk).update(superseded_at=moment(2022, 4, 2))
    ReportingWindow.objects.create(year=2021, opens_on=D(2022, 1, 1), deadline=D(2022, 4, 15))
    assert on_time() == 40  # A1 and A4
    assert SummaryVersion.objects.get().pk != built.pk
    rebuilt = SummaryVersion.objects.get()
    # B1's correction, submitted and not approved: its first submission counts, its figures do not.
    AnnualReport.objects.create(organization=orgs["B1"], year=2021, revision=2, status="submitted", in_force=False,
                                members=1, first_submitted_at=moment(2022, 4, 10))
    assert on_time() == 60
    assert SummaryVersion.objects.get().pk != rebuilt.pk
