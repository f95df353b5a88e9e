"""The generator alone (no database): deterministic, calibrated, 2021 untouched by later years."""

import datetime

import pytest

from hoptac.demo import calibration as cal
from hoptac.demo.generator import generate, until
from tests.demo.reference import indicators

D, S, B = cal.D, cal.S, cal.BASELINE_YEAR


@pytest.fixture(scope="module")
def tables():
    return generate()


def test_two_runs_give_identical_tables(tables):
    assert generate() == tables


def test_another_seed_gives_another_register(tables):
    assert generate(seed=7)["organizations"] != tables["organizations"]


def test_no_event_after_today_even_with_an_earlier_clock():
    tables = generate(today=datetime.date(2024, 6, 30))
    assert max(e["date"] for e in tables["events"]) <= "2024-06-30"


def test_published_figures_come_out_of_the_tables(tables):
    values = indicators(tables, D, S, B)
    for code, expected in cal.PUBLISHED.items():
        value = values[code]
        if code == "revenue.avg_vs_baseline_pct" or code == "income.avg_vs_baseline_ratio":
            value = round(value, 2)
        assert value == expected, code


def test_2021_figures_do_not_depend_on_later_years(tables):
    assert indicators(until(tables, D), D, S, B) == indicators(tables, D, S, B)
    assert len(until(tables, D)["organizations"]) < len(tables["organizations"])


def test_the_rounded_ratios_are_the_published_ones():
    assert cal.published_ratio_checks() == (cal.PUBLISHED["revenue.avg_vs_baseline_pct"],
                                            cal.PUBLISHED["income.avg_vs_baseline_ratio"])


def test_the_register_spans_2001_to_2025_with_all_kinds(tables):
    years = {int(r["year"]) for r in tables["annual_reports"]}
    assert years == set(range(2001, 2026))
    assert {r["kind"] for r in tables["organizations"]} == {"htx", "lhhtx", "tht", "qtdnd"}
    assert {r["year"] for r in tables["macro"]} == {str(y) for y in range(2001, 2026)}
    assert {r["type"] for r in tables["events"]} >= {
        "suspended", "resumed", "stopped", "dissolved", "converted", "merged", "relocated", "reclassified", "renamed"}


def test_names_and_codes_are_unique(tables):
    codes = [r["code"] for r in tables["organizations"]]
    assert len(codes) == len(set(codes))
    names = [r["name"] for r in tables["organizations"]]
    assert len(names) == len(set(names))


def test_recent_reports_are_estimates(tables):
    assert {r["is_estimate"] for r in tables["annual_reports"] if r["year"] >= "2024"} == {"1"}
    assert {r["is_estimate"] for r in tables["annual_reports"] if r["year"] < "2024"} == {"0"}


def test_targets_of_the_review(tables):
    got = {(r["indicator"], r["year"], r["op"], r["value"]) for r in tables["targets"]}
    assert got == {
        ("tht.total", "2030", "~", "300"), ("htx.active", "2030", ">", "500"), ("grdp.share_pct", "2030", "~", "0.5"),
        ("tht.total", "2045", "~", "400"), ("htx.active", "2045", ">", "600"), ("grdp.share_pct", "2045", "~", "0.5"),
    }
    assert all("74-KH/TU" in r["source"] for r in tables["targets"])


def test_split_exactly_is_proportional_and_exact():
    assert cal.split_exactly([1, 1, 2], 10, minimum=1) == [3, 3, 4]
    shares = cal.split_exactly([0.3, 5.2, 9.9, 1.1], 1001, minimum=7)
    assert sum(shares) == 1001 and min(shares) >= 7


def test_weighted_exactly_hits_the_average_to_the_last_digit():
    from decimal import Decimal

    workers = [13, 7, 40, 3, 22]
    incomes = cal.weighted_exactly([30.0, 52.5, 47.1, 61.0, 39.9], workers, Decimal("46.4"))
    assert sum(i * w for i, w in zip(incomes, workers)) / sum(workers) == Decimal("46.4")
    assert all(i.as_tuple().exponent >= -4 for i in incomes)
