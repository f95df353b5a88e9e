"""The figures of the demo register: annual reports, GRDP and targets.

Each organisation gets a profile (members, workers, revenue and income scale,
margin, value-added ratio) by kind and sector; every year's reports follow the
year's trend. In the baseline year and in 2021 the sums are made exact with
:func:`hoptac.demo.calibration.split_exactly` and
:func:`hoptac.demo.calibration.weighted_exactly`, so that the published
averages come out to the last digit.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from hoptac.demo import calibration as cal

FIRST_YEAR, LAST_YEAR = 2001, 2025
D = cal.D
PROVINCE = "31"

# Report profiles per sector: members, workers, revenue scale, income scale.
PROFILE = {
    "agriculture": (420, 9, 0.55, 0.85), "industry": (32, 36, 1.35, 1.05), "trade": (45, 26, 1.45, 1.0),
    "transport": (38, 44, 1.9, 1.2), "other": (60, 20, 0.8, 0.95), "construction": (25, 30, 1.5, 1.1),
    "environment": (40, 18, 0.7, 0.9), "housing": (30, 12, 1.0, 1.0), "": (55, 14, 0.7, 0.9),
}


def annual_reports(orgs, rng_for):
    """Report rows for 2001–2025 of every organisation that files them (htx, lhhtx, qtdnd)."""
    rng = rng_for("profiles")
    for org in orgs:
        members, workers, revenue, income = PROFILE.get(org.sector, PROFILE[""])
        if org.kind == "lhhtx":
            members, workers, revenue, income = 7, 45, 6.0, 1.15
        elif org.kind == "qtdnd":
            members, workers, revenue, income = 2400, 11, 0.0, 1.6
        org.profile = (
            max(7.0, members * rng.lognormvariate(0, 0.5)), max(1.0, workers * rng.lognormvariate(0, 0.45)),
            revenue * rng.lognormvariate(0, 0.8), income * rng.lognormvariate(0, 0.18),
            rng.uniform(-0.01, 0.07), rng.uniform(0.26, 0.42), rng.uniform(1500, 9000),
        )
    rows = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        rows += reports_of_year(orgs, year, rng_for)
    return rows

def reporting(orgs, year, rng_for):
    """The organisations reporting for ``year``: active on 31 December, all htx/lhhtx in 2021, 65 % in 2001."""
    rng = rng_for(f"coverage-{year}")
    end = datetime.date(year, 12, 31)
    out = []
    for org in orgs:
        if org.kind == "tht" or org.established_on > end or org.status_on(end) != "active":
            continue
        if org.kind in ("htx", "lhhtx") and year in (cal.BASELINE_YEAR, D.year):
            chance = 0.65 if year == cal.BASELINE_YEAR else 1.0
        else:
            chance = 0.95 if org.kind != "htx" else 0.72 + 0.25 * (year - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR)
        if rng.random() < chance:
            out.append(org)
    return out

def reports_of_year(orgs, year, rng_for):
    rng = rng_for(f"reports-{year}")
    orgs = reporting(orgs, year, rng_for)
    coops = [o for o in orgs if o.kind in ("htx", "lhhtx")]
    noise = {o.code: [rng.lognormvariate(0, s) for s in (0.05, 0.08, 0.15, 0.06)] for o in orgs}
    members = {o.code: o.profile[0] * noise[o.code][0] for o in orgs}
    workers = {o.code: o.profile[1] * noise[o.code][1] for o in orgs}
    revenue = {o.code: o.profile[2] * noise[o.code][2] for o in coops}
    income = {o.code: o.profile[3] * noise[o.code][3] for o in orgs}
    members = {c: max(7, round(v * MEMBER_SCALE)) for c, v in members.items()}
    workers = {c: max(1, round(v * WORKER_SCALE)) for c, v in workers.items()}
    htx = [o for o in coops if o.kind == "htx"]
    if year == D.year:
        # members.total and workers.total: exact sums over the cooperatives' reports.
        for target, values in ((cal.MEMBERS_2021, members), (cal.WORKERS_2021, workers)):
            minimum = 7 if values is members else 1
            exact = cal.split_exactly([values[o.code] for o in htx], target, minimum=minimum)
            values.update({o.code: v for o, v in zip(htx, exact, strict=True)})
    # Revenue: scaled to the year's average; exact in the baseline year and in 2021.
    average = revenue_trend(year)
    raw_sum = sum(revenue.values())
    if year in (cal.BASELINE_YEAR, D.year):
        exact = cal.split_exactly([revenue[o.code] for o in coops], average * len(coops), minimum=50)
        revenue_out = {o.code: Decimal(v) for o, v in zip(coops, exact, strict=True)}
    else:
        revenue_out = {c: Decimal(max(50, round(v * average * len(coops) / raw_sum))) for c, v in revenue.items()}
    # Income, weighted by workers: exact in the baseline year and in 2021.
    target_income = income_trend(year)
    coop_workers = [workers[o.code] for o in coops]
    if year in (cal.BASELINE_YEAR, D.year):
        exact = cal.weighted_exactly([income[o.code] for o in coops], coop_workers, target_income)
    else:
        weighted = sum(income[o.code] * w for o, w in zip(coops, coop_workers, strict=True))
        scale = float(target_income) * sum(coop_workers) / weighted
        exact = [Decimal(str(round(income[o.code] * scale, 1))) for o in coops]
    income_out = {o.code: v for o, v in zip(coops, exact, strict=True)}
    rows = []
    for org in orgs:
        margin, va_ratio, fund_scale = org.profile[4:7]
        if org.kind == "qtdnd":
            rev = Decimal(round(fund_scale * 1.07 ** (year - FIRST_YEAR) * noise[org.code][2]))
            inc = Decimal(str(round(float(income_trend(year)) * org.profile[3], 1)))
        else:
            rev, inc = revenue_out[org.code], income_out[org.code]
        rows.append({
            "org_code": org.code, "year": str(year), "members": str(members[org.code]),
            "workers": str(workers[org.code]), "revenue": num(rev),
            "profit": num((rev * Decimal(str(round(margin, 3)))).quantize(Decimal("0.1"), ROUND_HALF_UP)),
            "income": num(inc),
            "value_added": num((rev * Decimal(str(round(va_ratio, 3)))).quantize(Decimal("1"), ROUND_HALF_UP)),
            "is_estimate": "1" if year >= 2024 else "0",
        })
    return rows
# Raw profiles are in "typical cooperative" units; these bring the totals near
# the published ones so that 2021's exact split hardly moves any report.
MEMBER_SCALE = 0.81
WORKER_SCALE = 1.0


def revenue_trend(year):
    """Average revenue per reporting cooperative (million VND): 24,226 in 2001 down to 8,438 in 2021."""
    if year <= D.year:
        ratio = cal.REVENUE_AVG_2021 / cal.REVENUE_AVG_2001
        if year in (cal.BASELINE_YEAR, D.year):
            return cal.REVENUE_AVG_2001 if year == cal.BASELINE_YEAR else cal.REVENUE_AVG_2021
        return round(cal.REVENUE_AVG_2001 * ratio ** ((year - FIRST_YEAR) / (D.year - FIRST_YEAR)))
    return round(cal.REVENUE_AVG_2021 * 1.055 ** (year - D.year))


def income_trend(year):
    """Worker-weighted average income (million VND/person/year): 15.0 in 2001, 46.4 in 2021."""
    if year == cal.BASELINE_YEAR:
        return cal.INCOME_AVG_2001
    if year == D.year:
        return cal.INCOME_AVG_2021
    if year < D.year:
        ratio = float(cal.INCOME_AVG_2021 / cal.INCOME_AVG_2001)
        return Decimal(str(round(float(cal.INCOME_AVG_2001) * ratio ** ((year - FIRST_YEAR) / 20), 1)))
    return Decimal(str(round(float(cal.INCOME_AVG_2021) * 1.065 ** (year - D.year), 1)))


def grdp(year):
    """GRDP of Hải Phòng at current prices (million VND), rounded to the billion.

    The demo register covers the territory of the city before the 2025 merger,
    so 2025 is that territory's figure too, keeping the share comparable.
    """
    value = 25_200_000 * 1.122 ** (min(year, 2021) - FIRST_YEAR)
    for y in range(2022, year + 1):
        value *= {2022: 1.14, 2023: 1.12, 2024: 1.13, 2025: 1.13}[y]
    return Decimal(round(value / 1000) * 1000)


TARGET_SOURCE = "Kết luận Hội nghị tổng kết 20 năm thực hiện Nghị quyết 13-NQ/TW (28/10/2021), theo Kế hoạch 74-KH/TU ngày 04/9/2021"


# The 2030/2045 targets were set at the 2021 review for the city as it was then (SPEC §3 v2),
# before it took in Hải Dương on 1/7/2025: they are judged on that territory.
TARGETS_SET_ON = datetime.date(2021, 12, 31)


def targets():
    rows = []
    for year, groups, active in ((2030, 300, 500), (2045, 400, 600)):
        rows += [
            {"indicator": "tht.total", "unit": PROVINCE, "year": str(year), "op": "~", "value": str(groups), "source": TARGET_SOURCE},
            {"indicator": "htx.active", "unit": PROVINCE, "year": str(year), "op": ">", "value": str(active), "source": TARGET_SOURCE},
            {"indicator": "grdp.share_pct", "unit": PROVINCE, "year": str(year), "op": "~", "value": "0.5", "source": TARGET_SOURCE},
        ]
    return rows


def num(value):
    """A number as the interchange format writes it: no exponent, no trailing zeros."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def macro():
    """GRDP of the city for every year of the register."""
    return [{"unit": PROVINCE, "year": str(y), "grdp": num(grdp(y))} for y in range(FIRST_YEAR, LAST_YEAR + 1)]
