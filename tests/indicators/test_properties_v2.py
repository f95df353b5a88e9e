"""Property-based, for the indicators added in v2 (SPEC §3 v2): on random registers with
the 2023 law's exits and reorganisations, v2 report fields and ratings, the engine and
its drill-through agree with a plain reference that follows the definitions literally.

The registers are written straight into the tables the engine reads (organisations,
events with origins and successors, the derived states, reports, ratings, macro data):
what is tested here is the counting, not the lifecycle rules (``tests/registry``).
They span Hải Phòng and Hải Dương before the reform and the new Hải Phòng after it.
"""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoptac.geo.models import REFORM_DATE, Crosswalk, Unit, UnitClosure
from hoptac.indicators.drill import drill
from hoptac.indicators.engine import SHARE_SOURCE, compute, series
from hoptac.indicators.v2 import V2_CODES, V2_COUNT_CODES
from hoptac.registry.models import (
    AnnualReport,
    Event,
    EventSuccessor,
    Grdp,
    Organization,
    OrganizationState,
    YearRating,
)
from tests.indicators.properties import (SECTORS, STATUS_AFTER, TERMINAL, assert_same, clear_register, examples,
                                         resolve_or_province, state)

pytestmark = pytest.mark.django_db
D = datetime.date
FIRST, LAST = D(2015, 1, 1), D(2026, 6, 30)
GONE = TERMINAL | {"revoked"}
ALLOWED = {
    "active": ["suspended", "stopped", "relocated", "reclassified", "bankrupt", "revoked", "consolidated",
               "absorbed", "divided", "separated", "converted", "merged", "dissolved"],
    "suspended": ["stopped", "resumed", "bankrupt", "revoked", "dissolved"],
    "stopped": ["resumed", "bankrupt", "revoked", "dissolved"],
    "revoked": ["reinstated", "dissolved"],
}
# The codes compared here: every v2 code, and the v1 codes whose reading v2 changes.
COMPARED = (*V2_CODES, "htx.established", "lhhtx.established", "tht.established", "qtdnd.established",
            "grdp.share_pct", SHARE_SOURCE)


def units():
    """Old units of Hải Phòng (31) and Hải Dương (30), and new communes of the new Hải Phòng."""
    before = D(2020, 1, 1)
    hp, hd = Unit.objects.resolve("31", before), Unit.objects.resolve("30", before)
    old = [*hp.children.order_by("code")[:2], *hd.children.order_by("code")[:2]]
    old.append(old[0].children.order_by("code").first())
    new = list(Unit.objects.resolve("31", REFORM_DATE).children.order_by("code")[:2])
    return old, new


event_step = st.tuples(st.sampled_from([0, 1, 30, 200, 700]), st.integers(0, 12), st.integers(0, 9))
flag = st.one_of(st.none(), st.booleans())
count = st.one_of(st.none(), st.integers(0, 60))
money = st.one_of(st.none(), st.decimals(-500, 5000, places=2))
report = st.fixed_dictionaries({
    "offset": st.integers(0, 8), "members": count, "members_official": count, "members_joined": count,
    "members_left": count, "workers_regular": count, "workers_members": count, "member_htx": count,
    "revenue": st.one_of(st.none(), st.decimals(0, 9000, places=2)), "revenue_with_members": money,
    "profit": money, "value_added": money, "value_chain": flag, "high_tech": flag,
    "managers": count, "managers_college": count,
})
org_spec = st.fixed_dictionaries({
    "kind": st.sampled_from(["htx", "htx", "htx", "lhhtx", "tht", "tht", "qtdnd"]),
    "unit": st.integers(0, 4),
    "sector": st.sampled_from(SECTORS),
    "established": st.dates(FIRST, D(2026, 3, 31)),
    "origin": st.sampled_from(["", "new", "reorganisation"]),
    "steps": st.lists(event_step, max_size=4),
    "reports": st.lists(report, max_size=3),
    "ratings": st.lists(st.tuples(st.integers(0, 8), st.sampled_from(["good", "fair", "average", "weak"]),
                                  st.booleans()), max_size=3),
})


def write(specs):
    """Write the register into the tables; return the reference model of it."""
    clear_register()
    old, new = units()
    model = []
    for i, spec in enumerate(specs):
        est = spec["established"]

        def place(pick, date):
            return old[pick % len(old)] if date < REFORM_DATE else new[pick % 2]

        unit = place(spec["unit"], est)
        org = Organization.objects.create(code=f"V{i:03d}", kind=spec["kind"], name=f"HTX {i}", unit=unit,
                                          sector=spec["sector"], established_on=est)
        Event.objects.create(organization=org, type="established", date=est, unit=unit, sector=spec["sector"],
                             name=org.name, origin=spec["origin"])
        events = [{"date": est, "type": "established", "unit": unit.pk, "sector": spec["sector"], "successors": [],
                   "origin": spec["origin"]}]
        status, date = "active", est
        for gap, choice, pick in spec["steps"]:
            date = date + datetime.timedelta(days=gap)
            if date > LAST or status in TERMINAL:
                break
            kind = ALLOWED[status][choice % len(ALLOWED[status])]
            row = {"date": date, "type": kind, "unit": None, "sector": "", "successors": []}
            if kind == "relocated":
                row["unit"] = place(pick, date).pk
            if kind == "reclassified":
                row["sector"] = SECTORS[1 + pick % 3]
            if kind in ("converted", "consolidated", "absorbed", "divided", "separated") and model and pick % 3:
                row["successors"] = [model[pick % len(model)]["id"]]  # the kind of the successor varies
            event = Event.objects.create(organization=org, type=kind, date=date, unit_id=row["unit"],
                                         sector=row["sector"], name=org.name)
            for position, successor in enumerate(row["successors"]):
                EventSuccessor.objects.create(event=event, organization_id=successor, position=position)
            events.append(row)
            status = STATUS_AFTER.get(kind, status)
        write_states(org, events)
        reports, ratings = {}, {}
        for r in spec["reports"]:
            year = est.year + r["offset"]
            if year > 2026 or year in reports:
                continue
            figures = {k: v for k, v in r.items() if k != "offset"}
            reports[year] = figures
            AnnualReport.objects.create(organization=org, year=year, status="approved", in_force=True, **figures)
            # A superseded revision never counts.
            AnnualReport.objects.create(organization=org, year=year, revision=2, status="draft", members=999,
                                        members_official=999, value_chain=True, high_tech=True, profit=999)
        for offset, rating, superseded in spec["ratings"]:
            year = est.year + offset
            if year in ratings:
                continue
            YearRating.objects.create(organization=org, year=year, rating="weak" if superseded else rating,
                                      superseded_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
                                      if superseded else None)
            if superseded:
                YearRating.objects.create(organization=org, year=year, rating=rating)
            ratings[year] = rating
        model.append({"id": org.pk, "kind": spec["kind"], "events": events, "reports": reports, "ratings": ratings})
    return model


def write_macro(code, year, figures):
    """One unit's macro data for a year; returns {(unit id, year): figures} for the reference."""
    unit = Unit.objects.resolve(code, D(year, 12, 31))
    Grdp.objects.create(unit=unit, year=year, **figures)
    return {(unit.pk, year): figures}


def write_states(org, events):
    """The derived state intervals, by the same replay as :func:`state`."""
    dates = sorted({e["date"] for e in events})
    rows = []
    for i, date in enumerate(dates):
        status, unit, sector = state({"events": events}, date)
        if rows and (rows[-1].status, rows[-1].unit_id, rows[-1].sector) == (status, unit, sector):
            continue
        rows.append(OrganizationState(organization=org, kind=org.kind, valid_from=date, status=status,
                                      unit_id=unit, sector=sector, name=org.name))
    for current, following in zip(rows, rows[1:]):
        current.valid_to = following.valid_from
    OrganizationState.objects.bulk_create(rows)


# --- the reference (the replay is properties.state) -------------------------------------


def carried_under(u):
    """in_unit(unit id) of SPEC §3 v2's territory basis for ``u`` as it was: a unit of ``u``'s regime
    lies under it; an old unit is carried forward by its primary crosswalk (the closure of a new
    unit holds it); a new unit is carried back to every old unit that went into it."""
    under = set(UnitClosure.objects.filter(ancestor=u).values_list("descendant_id", flat=True))
    regime = dict(Unit.objects.values_list("pk", "regime"))
    went_into = {}
    for old, new in Crosswalk.objects.values_list("old_id", "new_id"):
        went_into.setdefault(new, set()).add(old)

    def in_unit(unit_id):
        if unit_id in under:
            return True
        return u.regime == "old" and regime[unit_id] == "new" and bool(went_into.get(unit_id, set()) & under)

    return in_unit


def reference(model, u, date, since, macro_row, in_unit=None):
    under = set(UnitClosure.objects.filter(ancestor=u).values_list("descendant_id", flat=True))
    in_unit = in_unit or under.__contains__
    kinds = {o["id"]: o["kind"] for o in model}

    def in_scope(org, d):
        s = state(org, d)
        return s is not None and in_unit(s[1])

    def existing(kind_set, sectors=lambda s: True):
        return sum(
            1 for o in model
            if o["kind"] in kind_set and (s := state(o, date)) and s[0] not in GONE and in_unit(s[1]) and sectors(s[2])
        )

    def with_event(kind, types, extra=lambda e: True):
        return sum(
            1 for o in model if o["kind"] == kind and any(
                e["type"] in types and since <= e["date"] <= date and extra(e) and in_scope(o, e["date"])
                for e in o["events"]
            )
        )

    def established(o):
        e = o["events"][0]
        return since <= e["date"] <= date and in_scope(o, e["date"])

    v = {"htx.total": existing({"htx"}),
         "members.total": sum(o["reports"][date.year]["members"] or 0 for o in model
                              if o["kind"] == "htx" and date.year in o["reports"] and in_scope(o, date))}
    for kind in ("htx", "lhhtx", "tht", "qtdnd"):
        v[f"{kind}.established"] = sum(1 for o in model if o["kind"] == kind and established(o)
                                       and o["events"][0].get("origin", "") != "reorganisation")
    v["htx.formed_by_reorganisation"] = sum(1 for o in model if o["kind"] == "htx" and established(o)
                                            and o["events"][0].get("origin") == "reorganisation")
    v["htx.bankrupt"] = with_event("htx", {"bankrupt"})
    v["htx.revoked"] = with_event("htx", {"revoked"})
    v["htx.reorganised"] = with_event("htx", {"consolidated", "absorbed", "divided", "merged"})
    v["htx.converted_from_tht"] = with_event(
        "tht", {"converted"}, lambda e: any(kinds[s] == "htx" for s in e["successors"])
    )
    v["htx.total_incl_qtdnd"] = existing({"htx", "qtdnd"})
    v["htx.agriculture"] = existing({"htx"}, lambda s: s == "agriculture")
    v["htx.non_agriculture"] = existing({"htx"}, lambda s: s not in ("", "agriculture"))

    year = date.year

    def reports(kind_set):
        return [o["reports"][year] for o in model
                if o["kind"] in kind_set and year in o["reports"] and in_scope(o, date)]

    def total(rows, field):
        given_ = [r[field] for r in rows if r[field] is not None]
        return sum(given_) if given_ else None

    def pct(num, den):
        return Decimal(100) * Decimal(num) / Decimal(den) if den else None

    htx, reporting = reports({"htx"}), reports({"htx", "lhhtx"})
    for field, code in (("members_official", "members.official"), ("members_joined", "members.joined"),
                        ("members_left", "members.left"), ("workers_regular", "workers.regular"),
                        ("workers_members", "workers.members")):
        v[code] = total(htx, field)
    v["tht.members"] = total(reports({"tht"}), "members")
    v["lhhtx.member_htx"] = total(reports({"lhhtx"}), "member_htx")
    profits = [r["profit"] for r in reporting if r["profit"] is not None]
    v["profit.avg"] = sum(profits) / len(profits) if profits else None
    both = [r for r in reporting if r["revenue_with_members"] is not None and r["revenue"] is not None and r["revenue"] > 0]
    v["revenue.with_members_pct"] = pct(sum(r["revenue_with_members"] for r in both), sum(r["revenue"] for r in both))
    rated = [o["ratings"][year] for o in model if o["kind"] == "htx" and year in o["ratings"] and in_scope(o, date)]
    v["htx.good_fair_pct"] = pct(sum(1 for r in rated if r in ("good", "fair")), len(rated))
    answered = [r["value_chain"] for r in htx if r["value_chain"] is not None]
    v["htx.value_chain_pct"] = pct(sum(answered), len(answered))
    good_fair = [o["reports"][year]["value_chain"] for o in model
                 if o["kind"] == "htx" and year in o["reports"] and in_scope(o, date)
                 and o["ratings"].get(year) in ("good", "fair") and o["reports"][year]["value_chain"] is not None]
    v["htx.value_chain_of_good_fair_pct"] = pct(sum(good_fair), len(good_fair))
    high_tech = [r["high_tech"] for r in htx if r["high_tech"] is not None]
    v["htx.high_tech"] = sum(high_tech) if high_tech else None
    managers = [r for r in reporting if r["managers"] is not None and r["managers_college"] is not None
                and r["managers"] > 0]
    v["managers.college_pct"] = pct(sum(r["managers_college"] for r in managers), sum(r["managers"] for r in managers))
    members = sum(r["members"] or 0 for r in reports({"htx", "tht", "qtdnd"}))
    population = macro_row.get("population")
    v["population.share_pct"] = pct(members, population) if population else None
    official = macro_row.get("grdp_share_official")
    if official is not None:
        v["grdp.share_pct"], v[SHARE_SOURCE] = official, "official"
    elif macro_row.get("grdp"):
        value_added = sum((r["value_added"] or 0 for r in reports({"htx", "lhhtx", "tht", "qtdnd"})), Decimal(0))
        v["grdp.share_pct"], v[SHARE_SOURCE] = 100 * value_added / macro_row["grdp"], "estimate"
    else:
        v["grdp.share_pct"] = v[SHARE_SOURCE] = None
    return v


# Under another territory no macro figure applies (and the macro row of the reference is empty).
TERRITORY_CODES = tuple(c for c in COMPARED if c not in ("grdp.share_pct", SHARE_SOURCE, "population.share_pct"))
SETTINGS = examples(15)
macro_figures = st.fixed_dictionaries({
    "grdp": st.one_of(st.none(), st.decimals(1000, 10**7, places=1)),
    "grdp_share_official": st.one_of(st.none(), st.decimals(0, 10, places=2)),
    "population": st.one_of(st.none(), st.integers(1, 10**6)),
})


@SETTINGS
@given(specs=st.lists(org_spec, min_size=1, max_size=8), data=st.data())
def test_v2_indicators_and_drill_match_the_reference(specs, data):
    model = write(specs)
    macro = write_macro("31", data.draw(st.integers(2015, 2026), label="macro year"),
                        data.draw(macro_figures, label="macro"))
    old, new = units()
    # Year ends that have reports or ratings, so that the report figures are exercised often.
    busy = sorted({D(y, 12, 31) for o in model for y in (*o["reports"], *o["ratings"]) if D(y, 12, 31) <= LAST})
    for _ in range(3):
        dates = st.dates(D(2015, 6, 1), LAST)
        date = data.draw(st.one_of(dates, st.sampled_from(busy)) if busy else dates, label="date")
        since = data.draw(st.dates(FIRST, date), label="since")
        code = data.draw(st.sampled_from(["31", "30", old[0].code, old[2].code, new[0].code]), label="unit")
        u = resolve_or_province(code, date)
        row = macro.get((u.pk, date.year), {})
        values = compute(u, date, since)
        assert_same(values, reference(model, u, date, since, row), (u.code, date, since), COMPARED)
        for count_code in (*V2_COUNT_CODES, "htx.established", "tht.established"):
            assert len(drill(u, date, count_code, since)) == values[count_code], count_code


@SETTINGS
@given(specs=st.lists(org_spec, min_size=1, max_size=8), data=st.data())
def test_v2_series_matches_the_reference(specs, data):
    model = write(specs)
    macro = write_macro("31", data.draw(st.integers(2015, 2026), label="macro year"),
                        data.draw(macro_figures, label="macro"))
    first = data.draw(st.integers(2015, 2026), label="first year")
    last = data.draw(st.integers(first, 2026), label="last year")
    for use_summary in (True, False):  # the year-end aggregates and the live queries (one pass over the reports)
        for point in series("31", first, last, use_summary=use_summary):
            u = Unit.objects.resolve("31", point["date"])
            row = macro.get((u.pk, point["date"].year), {})
            assert_same(point["values"], reference(model, u, point["date"], point["since"], row),
                        (point["date"], use_summary), COMPARED)


@SETTINGS
@given(specs=st.lists(org_spec, min_size=1, max_size=8), data=st.data())
def test_territory_of_matches_the_reference(specs, data):
    """The unit as it was on T, on its territory then, whichever side of the reform D and T lie."""
    model = write(specs)
    for _ in range(3):
        date = data.draw(st.dates(D(2024, 1, 1), LAST), label="date")
        since = data.draw(st.dates(FIRST, date), label="since")
        territory_of = data.draw(st.dates(D(2023, 1, 1), LAST), label="territory of")
        code = data.draw(st.sampled_from(["31", "30", units()[0][0].code]), label="unit")
        u = resolve_or_province(code, territory_of)
        values = compute(u, date, since, territory_of=territory_of)
        plain = u.in_force_on(date)  # the same territory: the plain answer
        expected = reference(model, u, date, since, {}, None if plain else carried_under(u))
        assert_same(values, expected, (u.code, date, since, territory_of), TERRITORY_CODES if not plain else COMPARED)
        assert values["htx.total"] == expected["htx.total"] and values["members.total"] == expected["members.total"]
        for count_code in ("htx.total", "htx.agriculture", "htx.bankrupt", "htx.established"):
            assert len(drill(u, date, count_code, since, territory_of)) == values[count_code], count_code
