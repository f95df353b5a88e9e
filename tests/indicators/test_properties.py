"""Property-based: on random registers built through the lifecycle rules, the
engine agrees with a plain reference that follows SPEC §3 literally (replaying
every organisation's events in Python)."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoptac.geo.models import REFORM_DATE, Unit, UnitClosure
from hoptac.indicators.drill import drill, drillable_codes
from hoptac.indicators.engine import SECTOR_KEYS, compute, series
from hoptac.indicators.engine import V1_CODES as CODES  # the v2 codes: test_properties_v2.py
from hoptac.registry import lifecycle
from hoptac.registry.models import AnnualReport, Grdp
from tests.indicators.properties import (SECTORS, STATUS_AFTER, TERMINAL, assert_same, clear_register, examples,
                                         resolve_or_province, state)

pytestmark = pytest.mark.django_db
D = datetime.date
FIRST, LAST = D(2000, 1, 1), D(2026, 6, 30)
ALLOWED = {
    "active": ["suspended", "stopped", "dissolved", "converted", "merged", "relocated", "reclassified", "renamed"],
    "suspended": ["stopped", "resumed", "dissolved", "merged", "relocated", "reclassified"],
    "stopped": ["resumed", "dissolved", "converted", "relocated"],
}
OLD_CODES = ["303", "304", "311"]


def units():
    """Old districts and communes of Hải Phòng, and new communes of the new city."""
    old = [Unit.objects.resolve(c, D(2020, 1, 1)) for c in OLD_CODES]
    old.append(old[0].children.order_by("code").first())
    new_31 = Unit.objects.resolve("31", REFORM_DATE)
    new = list(new_31.children.order_by("code")[:2])
    return old, new


event_step = st.tuples(st.sampled_from([0, 0, 1, 30, 400, 1200]), st.integers(0, 7), st.integers(0, 3))
org_spec = st.fixed_dictionaries({
    "kind": st.sampled_from(["htx", "htx", "htx", "lhhtx", "tht", "qtdnd"]),
    "unit": st.integers(0, 3),
    "sector": st.sampled_from(SECTORS),
    "established": st.dates(FIRST, D(2025, 12, 31)),
    "steps": st.lists(event_step, max_size=5),
    "reports": st.lists(
        st.tuples(
            st.integers(0, 25),
            st.one_of(st.none(), st.integers(0, 300)),
            st.one_of(st.none(), st.integers(0, 40)),
            st.one_of(st.none(), st.decimals(0, 50000, places=2)),
            st.one_of(st.none(), st.decimals(0, 200, places=2)),
            st.one_of(st.none(), st.decimals(0, 5000, places=2)),
        ),
        max_size=4,
    ),
})


def build(specs):
    """Write the register through lifecycle; return the reference model of it."""
    clear_register()
    old, new = units()
    model = []
    for i, spec in enumerate(specs):
        est = spec["established"]
        org = lifecycle.establish(code=f"P{i:03d}", kind=spec["kind"], name=f"HTX {i % 3}",
                                  unit=old[spec["unit"]] if est < REFORM_DATE else new[spec["unit"] % 2],
                                  sector=spec["sector"], established_on=est)
        events = [{"date": est, "type": "established", "unit": org.unit_id, "sector": spec["sector"]}]
        status, date = "active", est
        for gap, choice, pick in spec["steps"]:
            date = date + datetime.timedelta(days=gap)
            if date > LAST or status in TERMINAL:
                break
            kind = ALLOWED[status][choice % len(ALLOWED[status])]
            unit = sector = None
            if kind == "relocated":
                unit = old[pick] if date < REFORM_DATE else new[pick % 2]
            if kind == "reclassified":
                sector = SECTORS[1 + pick % 3]
            lifecycle.record_event(org, kind, date, unit=unit, sector=sector or "", name=f"HTX {pick}")
            events.append({"date": date, "type": kind, "unit": unit.pk if unit else None, "sector": sector})
            status = STATUS_AFTER.get(kind, status)
        reports = {}
        for offset, members, workers, revenue, income, value_added in spec["reports"]:
            year = est.year + offset
            if year > 2026 or year in reports:
                continue
            reports[year] = dict(members=members, workers=workers, revenue=revenue, income=income, value_added=value_added)
            AnnualReport.objects.create(organization=org, year=year, status="approved", in_force=True, **reports[year])
        model.append({"id": org.pk, "kind": spec["kind"], "events": events, "reports": reports})
    hp = Unit.objects.resolve("31", D(2010, 1, 1))
    Grdp.objects.create(unit=hp, year=2010, grdp=Decimal("123456.5"))
    return model


# --- the reference ---------------------------------------------------------------------


def reference(model, u, date, since, baseline):
    under = set(UnitClosure.objects.filter(ancestor=u).values_list("descendant_id", flat=True))

    def in_scope(org, d):
        s = state(org, d)
        return s is not None and s[1] in under

    def exists(org, d, kinds):
        s = state(org, d)
        return org["kind"] in kinds and s is not None and s[0] not in TERMINAL and s[1] in under

    v = {}
    htx = [state(o, date) for o in model if exists(o, date, {"htx"})]
    v["htx.total"] = len(htx)
    v["htx.active"] = sum(1 for s in htx if s[0] == "active")
    v["htx.not_operating"] = sum(1 for s in htx if s[0] in ("suspended", "stopped"))
    sectors = Counter(s[2] or "unclassified" for s in htx)
    v["htx.by_sector"] = {k: sectors[k] for k in SECTOR_KEYS if sectors[k]}
    for kind in ("htx", "lhhtx", "tht", "qtdnd"):
        v[f"{kind}.established"] = sum(
            1 for o in model if o["kind"] == kind and since <= o["events"][0]["date"] <= date and in_scope(o, o["events"][0]["date"])
        )
    for kind in ("htx", "qtdnd"):
        v[f"{kind}.dissolved"] = sum(
            1 for o in model for e in o["events"]
            if o["kind"] == kind and e["type"] == "dissolved" and since <= e["date"] <= date and in_scope(o, e["date"])
        )
    for kind in ("lhhtx", "tht", "qtdnd"):
        v[f"{kind}.total"] = sum(1 for o in model if exists(o, date, {kind}))

    def reports(on, year, kinds):
        return [o["reports"][year] for o in model if o["kind"] in kinds and year in o["reports"] and in_scope(o, on)]

    def averages(on, year):
        rs = reports(on, year, {"htx", "lhhtx"})
        with_revenue = [r["revenue"] for r in rs if r["revenue"] is not None]
        weighted = [(r["income"], r["workers"]) for r in rs if r["income"] is not None and r["workers"]]
        revenue = sum(with_revenue, Decimal(0)) / len(with_revenue) if with_revenue else None
        income = sum((i * w for i, w in weighted), Decimal(0)) / sum(w for _, w in weighted) if weighted else None
        return revenue, income

    year = date.year
    htx_reports = reports(date, year, {"htx"})
    v["members.total"] = sum(r["members"] or 0 for r in htx_reports)
    v["workers.total"] = sum(r["workers"] or 0 for r in htx_reports)
    revenue, income = averages(date, year)
    base_revenue, base_income = averages(D(baseline, 12, 31), baseline) if baseline else (None, None)
    v["revenue.avg"] = revenue
    v["revenue.avg_vs_baseline_pct"] = 100 * revenue / base_revenue if revenue is not None and base_revenue else None
    v["income.avg"] = income
    v["income.avg_vs_baseline_ratio"] = income / base_income if income is not None and base_income else None
    grdp = Grdp.objects.filter(unit=u, year=year).values_list("grdp", flat=True).first()
    value_added = sum((r["value_added"] or 0 for r in reports(date, year, {"htx", "lhhtx", "tht", "qtdnd"})), Decimal(0))
    v["grdp.share_pct"] = 100 * value_added / grdp if grdp else None
    existing = sum(1 for o in model if exists(o, D(year, 12, 31), {"htx", "lhhtx"}))
    v["reports.coverage_pct"] = 100 * Decimal(len(reports(date, year, {"htx", "lhhtx"}))) / existing if existing else None
    v["reports.on_time_pct"] = None  # the generated registers have no reporting window
    return {code: v[code] for code in CODES}


SETTINGS = examples(30)


@SETTINGS
@given(specs=st.lists(org_spec, min_size=1, max_size=7), data=st.data())
def test_compute_and_drill_match_the_reference(specs, data):
    model = build(specs)
    for _ in range(3):
        date = data.draw(st.dates(D(2001, 1, 1), LAST), label="date")
        since = data.draw(st.dates(FIRST, date), label="since")
        baseline = data.draw(st.one_of(st.none(), st.integers(2000, 2026)), label="baseline")
        old, new = units()
        u = resolve_or_province(data.draw(st.sampled_from(["31", "303", "304", old[3].code, new[0].code]), label="unit"), date)
        values = compute(u, date, since, baseline)
        assert_same(values, reference(model, u, date, since, baseline), (u.code, date, since, baseline), CODES)
        for code in drillable_codes():
            expected = values["htx.by_sector"].get(code.rsplit(".", 1)[1], 0) if code.startswith("htx.by_sector.") else values[code]
            assert len(drill(u, date, code, since)) == expected, code


@SETTINGS
@given(specs=st.lists(org_spec, min_size=1, max_size=7), data=st.data())
def test_series_matches_the_reference(specs, data):
    model = build(specs)
    code = data.draw(st.sampled_from(["31", "303"]), label="unit")
    first = data.draw(st.integers(2000, 2024), label="first year")
    last = data.draw(st.integers(first, 2026 if code == "31" else 2024), label="last year")  # 303 ends 30/6/2025
    baseline = data.draw(st.one_of(st.none(), st.integers(2000, 2026)), label="baseline")
    points = series(code, first, last, baseline)
    assert [p["date"].year for p in points] == list(range(first, last + 1))
    for point in points:
        u = Unit.objects.resolve(code, point["date"])
        assert_same(point["values"], reference(model, u, point["date"], point["since"], baseline), (code, point["date"]),
                    CODES)
