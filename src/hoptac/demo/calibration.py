"""The published figures of the Hải Phòng review and the arithmetic that makes
the generated register reproduce them exactly (SPEC §7).

The indicators are read for unit 31 on D = 31/12/2021 with S = 1/1/2002 and
B = 2001. The generator builds the register from the head counts below; the
money figures are made exact by :func:`split_exactly` (integer sums) and
:func:`weighted_exactly` (the worker-weighted income average).
"""

import datetime
import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

D = datetime.date(2021, 12, 31)
S = datetime.date(2002, 1, 1)
BASELINE_YEAR = 2001

# --- What the review published (the figures the tests check) ---------------
PUBLISHED = {
    "htx.total": 549,
    "htx.active": 347,
    "htx.not_operating": 202,
    "htx.by_sector": {
        "agriculture": 208, "industry": 139, "trade": 99, "transport": 29, "other": 40, "unclassified": 34,
    },
    "htx.established": 160,
    "lhhtx.established": 1,
    "htx.dissolved": 107,
    "qtdnd.dissolved": 9,
    "members.total": 62950,
    "workers.total": 8183,
    "revenue.avg": 8438,                      # million VND per cooperative
    "revenue.avg_vs_baseline_pct": Decimal("34.83"),   # rounded to 2 decimals
    "income.avg": Decimal("46.4"),            # million VND per person per year
    "income.avg_vs_baseline_ratio": Decimal("3.09"),   # rounded to 2 decimals
}

# --- Cooperatives (kind htx) existing on D: sector x status ----------------
# Rows sum to the published sector split, columns to 347 active and 202 not
# operating (52 suspended + 150 stopped awaiting dissolution). The review gives
# no status per sector; the split leans the not-operating ones towards the
# older industry and trade cooperatives and the unclassified records.
ON_D = {
    #              active suspended stopped
    "agriculture": (158, 15, 35),
    "industry": (76, 15, 48),
    "trade": (55, 10, 34),
    "transport": (18, 3, 8),
    "other": (32, 3, 5),
    "": (8, 6, 20),  # unclassified: no sector recorded
}
STATUSES_ON_D = ("active", "suspended", "stopped")

# --- Cooperatives established, dissolved, converted, merged in [S, D] ------
HTX_ESTABLISHED_IN_PERIOD = PUBLISHED["htx.established"]           # 160
HTX_DISSOLVED_IN_PERIOD = PUBLISHED["htx.dissolved"]               # 107
HTX_DISSOLVED_OF_NEW = 12      # of the 107, established in the period themselves
HTX_CONVERTED_IN_PERIOD = 3    # became companies: terminal, not a dissolution
HTX_MERGED_IN_PERIOD = 2       # merged into another cooperative: idem
HTX_FROM_THT = 6               # of the 160, cooperative groups that converted
HTX_ON_D = PUBLISHED["htx.total"]                                   # 549
# Existing on 31/12/2001 = those on D, plus those that ended in the period,
# minus those that began in it: 549 + 107 + 3 + 2 - 160 = 501.
HTX_ON_BASELINE = (
    HTX_ON_D + HTX_DISSOLVED_IN_PERIOD + HTX_CONVERTED_IN_PERIOD + HTX_MERGED_IN_PERIOD
    - HTX_ESTABLISHED_IN_PERIOD
)
HTX_DISSOLVED_OF_OLD = HTX_DISSOLVED_IN_PERIOD - HTX_DISSOLVED_OF_NEW                 # 95
HTX_OLD_SURVIVORS = (
    HTX_ON_BASELINE - HTX_DISSOLVED_OF_OLD - HTX_CONVERTED_IN_PERIOD - HTX_MERGED_IN_PERIOD
)                                                                                      # 401
HTX_NEW_SURVIVORS = HTX_ESTABLISHED_IN_PERIOD - HTX_DISSOLVED_OF_NEW                   # 148
HTX_DISSOLVED_BEFORE_PERIOD = 18   # history only: ended 1999–2001

QTDND_BEFORE_PERIOD = 14
QTDND_DISSOLVED_IN_PERIOD = PUBLISHED["qtdnd.dissolved"]            # 9
LHHTX_ESTABLISHED_IN_PERIOD = PUBLISHED["lhhtx.established"]        # 1

# --- Money ------------------------------------------------------------------
# Average revenue per reporting htx/lhhtx, million VND. The review says the
# 2021 average is 34.83 % of 2001's: 100 x 8438 / 24226 = 34.8303… -> 34.83.
REVENUE_AVG_2021 = 8438
REVENUE_AVG_2001 = 24226
# Worker-weighted income, million VND per person per year: 46.4 / 15.0 = 3.0933… -> 3.09.
INCOME_AVG_2021 = Decimal("46.4")
INCOME_AVG_2001 = Decimal("15.0")

MEMBERS_2021 = PUBLISHED["members.total"]
WORKERS_2021 = PUBLISHED["workers.total"]

# Worker counts that divide 1000: an income of k / (10 x w) then has at most
# four decimal places, which is what the register stores.
_DIVIDES_1000 = (10, 20, 25, 40, 50, 8, 100, 125, 5, 4, 200, 250, 2, 500, 1, 1000)


def published_ratio_checks():
    """The two rounded ratios recomputed from the exact averages (a self-check)."""
    pct = (Decimal(100) * REVENUE_AVG_2021 / REVENUE_AVG_2001).quantize(Decimal("0.01"), ROUND_HALF_UP)
    ratio = (INCOME_AVG_2021 / INCOME_AVG_2001).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return pct, ratio


def split_exactly(weights, total, minimum=1):
    """Integers proportional to ``weights``, each >= ``minimum``, summing exactly to ``total``.

    Largest-remainder rounding: every share gets ``minimum`` plus the floor of
    its quota of what is left; the units still missing go to the largest
    fractional parts (ties by position, so the result is deterministic).
    """
    n = len(weights)
    rest = total - minimum * n
    if rest < 0:
        raise ValueError(f"cannot split {total} into {n} shares of at least {minimum}")
    # Exact rational quotas: float rounding could otherwise hand out one unit too many.
    exact = [Fraction(w) for w in weights]
    weight_sum = sum(exact)
    quotas = [rest * w / weight_sum for w in exact]
    shares = [math.floor(q) for q in quotas]
    missing = rest - sum(shares)
    by_remainder = sorted(range(n), key=lambda i: (-(quotas[i] - shares[i]), i))
    for i in by_remainder[:missing]:
        shares[i] += 1
    return [minimum + s for s in shares]


def weighted_exactly(raw, workers, target):
    """Incomes near ``raw`` whose worker-weighted average is exactly ``target``.

    1. Scale ``raw`` so its weighted average is ``target`` and round to 0.1.
    2. The gap ``target x W - sum(income x workers)`` is then k tenths (k an
       integer). Walking the reports from the largest workforce down, move an
       income by 0.1 whenever that does not overshoot: |k| shrinks below the
       smallest workforce left.
    3. One report whose workforce w divides 1000 takes the last k tenths:
       its income moves by k / (10 w), exact in four decimal places.
    """
    tenth = Decimal("0.1")
    total_workers = sum(workers)
    raw_weighted = sum(Decimal(str(r)) * w for r, w in zip(raw, workers, strict=True))
    scale = target * total_workers / raw_weighted
    incomes = [(Decimal(str(r)) * scale).quantize(tenth, ROUND_HALF_UP) for r in raw]
    k = int((target * total_workers - sum(x * w for x, w in zip(incomes, workers, strict=True))) / tenth)
    for i in sorted(range(len(raw)), key=lambda i: (-workers[i], i)):
        if k == 0:
            break
        if abs(k) >= workers[i]:
            step = 1 if k > 0 else -1
            incomes[i] += step * tenth
            k -= step * workers[i]
    if k:
        absorber = next(
            (i for w in _DIVIDES_1000 for i in range(len(workers)) if workers[i] == w), None
        )
        if absorber is None:
            raise ValueError("no report has a workforce dividing 1000 to absorb the rounding")
        incomes[absorber] += Decimal(k) / (10 * workers[absorber])
    assert sum(x * w for x, w in zip(incomes, workers, strict=True)) == target * total_workers
    return incomes
