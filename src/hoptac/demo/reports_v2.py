"""The v2 data of the demo (SPEC §7 v2): the v2 report figures and yearly ratings for
2019–2025, reporting windows with deadlines and first-submission moments (some late),
and the city's population and official GRDP share from 2019, each with its source.

Everything here is added to the tables the generator made, from random streams of
its own: no v1 cell changes, so every §7 figure stays exact.
"""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from hoptac.demo import figures
from hoptac.registry import report_checks

FIRST_V2_YEAR = 2019
RATINGS = (("good", 0.22), ("fair", 0.38), ("average", 0.3), ("weak", 0.1))
LATE_SHARE = 0.08  # of submissions, after the deadline
STATISTICS = "Cục Thống kê thành phố Hải Phòng, Niên giám thống kê {year}"
OFFICIAL_SHARE_SOURCE = "Cục Thống kê thành phố Hải Phòng, báo cáo kinh tế – xã hội năm {year}"
# The city's population (persons, average over the year) and the official share of the
# collective economy in GRDP (%) as the statistics office published them for the demo.
POPULATION = {2019: 2_033_300, 2020: 2_053_500, 2021: 2_072_400, 2022: 2_088_000, 2023: 2_105_300,
              2024: 2_121_800, 2025: 2_138_100}
OFFICIAL_SHARE = {2019: "0.44", 2020: "0.43", 2021: "0.42", 2022: "0.41", 2023: "0.41", 2024: "0.40",
                  2025: "0.40"}


def window(year):
    """The reporting window of ``year``: from 1 January to 31 March of the next year."""
    return datetime.date(year + 1, 1, 1), datetime.date(year + 1, 3, 31)


def windows(today):
    return [{"year": str(y), "opens_on": o.isoformat(), "deadline": d.isoformat()}
            for y in range(FIRST_V2_YEAR, figures.LAST_YEAR + 1) for o, d in [window(y)] if o <= today]


def enrich(tables, seed, today):
    """Add the v2 columns to ``tables`` (the generator's output) in place, and the windows."""
    kinds = {o["code"]: o["kind"] for o in tables["organizations"]}
    rng = random.Random(f"hoptac-demo:{seed}:reports-v2")
    for row in tables["annual_reports"]:
        year = int(row["year"])
        if year >= FIRST_V2_YEAR:
            _v2_figures(rng, row, kinds[row["org_code"]], today)
    tables["windows"] = windows(today)
    for row in tables["macro"]:
        year = int(row["year"])
        row["grdp_source"] = STATISTICS.format(year=year + 1) if year >= FIRST_V2_YEAR else ""
        if year in POPULATION:
            row["population"] = str(POPULATION[year])
            row["population_source"] = STATISTICS.format(year=year)
            row["grdp_share_official"] = OFFICIAL_SHARE[year]
            row["grdp_share_official_source"] = OFFICIAL_SHARE_SOURCE.format(year=year)
    return tables


def _money(value):
    return figures.num(Decimal(value).quantize(Decimal("1"), ROUND_HALF_UP))


def _answer(rng, yes):
    """1, 0, or empty (not answered: about one report in ten)."""
    if rng.random() < 0.1:
        return ""
    return "1" if rng.random() < yes else "0"


def _v2_figures(rng, row, kind, today):
    year = int(row["year"])
    members, workers = int(row["members"]), int(row["workers"])
    revenue = Decimal(row["revenue"])
    if kind == "lhhtx":
        row["member_htx"] = str(rng.randint(3, 9))
    if kind in ("htx", "lhhtx"):
        # A few cooperatives fall below the legal minimum of official members (a data-quality finding).
        if kind == "htx" and rng.random() < 0.02:
            official = min(members, report_checks.law_minimum(year) - 1)
        else:
            official = max(min(members, report_checks.law_minimum(year)),
                           round(members * rng.uniform(0.7, 1.0)))
        row["members_official"] = str(official)
        row["members_associate"] = str(members - official)
        row["members_joined"] = str(round(members * rng.uniform(0, 0.06)))
        row["members_left"] = str(round(members * rng.uniform(0, 0.05)))
        regular = max(1, round(workers * rng.uniform(0.55, 1.0)))
        row["workers_regular"] = str(regular)
        row["workers_members"] = str(round(regular * rng.uniform(0.3, 0.9)))
        row["revenue_with_members"] = _money(revenue * Decimal(str(round(rng.uniform(0.2, 0.85), 3))))
        charter = revenue * Decimal(str(round(rng.uniform(0.08, 0.4), 3)))
        row["charter_capital"] = _money(charter)
        row["total_capital"] = _money(charter * Decimal(str(round(rng.uniform(1.5, 4.0), 3))))
        row["budget_paid"] = _money(revenue * Decimal(str(round(rng.uniform(0.0, 0.03), 4))))
        row["value_chain"] = _answer(rng, 0.3 + 0.04 * (year - FIRST_V2_YEAR))
        row["high_tech"] = _answer(rng, 0.06 + 0.015 * (year - FIRST_V2_YEAR))
        row["director_trained"] = _answer(rng, 0.55)
        managers = rng.randint(3, 7)
        row["managers"] = str(managers)
        row["managers_college"] = str(rng.randint(0, managers))
    if kind == "htx":
        row["rating"] = rng.choices([r for r, _w in RATINGS], weights=[w for _r, w in RATINGS])[0]
    opens_on, deadline = window(year)
    if kind in ("htx", "lhhtx") and opens_on <= today:
        late = rng.random() < LATE_SHARE
        day = deadline + datetime.timedelta(days=rng.randint(1, 40)) if late else \
            opens_on + datetime.timedelta(days=rng.randint(10, (deadline - opens_on).days))
        moment = datetime.datetime.combine(day, datetime.time(rng.randint(7, 17), rng.randint(0, 59)))
        if moment.date() <= today:
            row["submitted_at"] = moment.isoformat()
