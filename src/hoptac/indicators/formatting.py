"""Indicator values as text and as JSON/CSV cells.

Presentation only: the engine's values are unrounded. Table text follows the
administrative habit: counts ``62.950``, money ``8.438`` or ``46,4`` (one
decimal, trailing zero dropped), percentages and ratios with two decimals
(``34,83``, ``3,09``); English uses ``62,950`` and ``34.83``. Rounding is half-up.

JSON: decimals are written as JSON numbers (the float nearest the unrounded
Decimal: 15–17 significant digits, more than any figure needs); CSV cells carry
the exact Decimal text with a ``.`` point (the interchange convention).
"""

from decimal import Decimal

from hoptac.core import numbers
from hoptac.geo.names import name_on
from hoptac.indicators.engine import CODES, SECTOR_KEYS

MONEY_CODES = {"revenue.avg", "income.avg"}


def format_value(code, value, lang="vi"):
    """The value of indicator ``code`` as a table shows it ("–" for null)."""
    lang = numbers.language(lang)
    if value is None:
        return "–"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {numbers.integer(v, lang)}" for k, v in value.items())
    if code in MONEY_CODES:
        return numbers.decimal(value, 1, lang, strip=True)
    if isinstance(value, Decimal):
        return numbers.decimal(value, 2, lang)
    return numbers.integer(value, lang)


def json_number(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def values_json(values):
    """The ``values`` object of the JSON shapes (SPEC §5)."""
    out = {}
    for code, value in values.items():
        out[code] = dict(value) if isinstance(value, dict) else json_number(value)
    return out


def flat(values):
    """[(code, value)] with ``htx.by_sector`` expanded to one row per sector (0 when absent)."""
    rows = []
    for code in CODES:
        value = values[code]
        if code == "htx.by_sector":
            rows += [(f"htx.by_sector.{s}", value.get(s, 0)) for s in SECTOR_KEYS]
        else:
            rows.append((code, value))
    return rows


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def unit_json(unit, date=None):
    """The unit as JSON, named as it was on ``date`` (SPEC §2 v2)."""
    return {"code": unit.code, "name": name_on(unit, date)}


def payload(unit, date, since, baseline_year, values):
    """The JSON of a single-date computation, exactly as SPEC §5 shows it."""
    return {
        "unit": unit_json(unit, date),
        "date": date.isoformat(),
        "since": since.isoformat(),
        "baseline_year": baseline_year,
        "values": values_json(values),
    }


def series_payload(unit, baseline_year, series):
    """The JSON of a series (SPEC §5)."""
    return {
        "unit": unit_json(unit, series[-1]["date"] if series else None),
        "baseline_year": baseline_year,
        "series": [
            {"date": p["date"].isoformat(), "since": p["since"].isoformat(), "values": values_json(p["values"])}
            for p in series
        ],
    }
