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

from django.utils.translation import gettext as _

from hoptac.core import numbers
from hoptac.geo.names import name_on
from hoptac.indicators.engine import CODES, SECTOR_KEYS, SHARE_SOURCE, moment_text, parse_territory
from hoptac.indicators.labels import SHARE_SOURCE_LABELS

MONEY_CODES = {"revenue.avg", "income.avg", "profit.avg"}


def format_value(code, value, lang="vi"):
    """The value of indicator ``code`` as a table shows it ("–" for null)."""
    lang = numbers.language(lang)
    if value is None:
        return "–"
    if code == SHARE_SOURCE:
        return str(SHARE_SOURCE_LABELS.get(value, value))
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
    """[(code, value)] with ``htx.by_sector`` expanded to one row per sector (0 when absent),
    and ``grdp.share_source`` after the share (None when the share is null)."""
    rows = []
    for code in CODES:
        value = values[code]
        if code == "htx.by_sector":
            rows += [(f"htx.by_sector.{s}", value.get(s, 0)) for s in SECTOR_KEYS]
        else:
            rows.append((code, value))
        if code == "grdp.share_pct":
            rows.append((SHARE_SOURCE, values.get(SHARE_SOURCE)))
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


def _territory(territory_of):
    """``{"territory_of": "YYYY-MM-DD"}`` when one was asked for, else nothing (v1's shape)."""
    territory_of = parse_territory(territory_of)
    return {"territory_of": territory_of.isoformat()} if territory_of else {}


def vintage_text(as_recorded):
    """The vintage in words: "theo dữ liệu ghi nhận đến 15/03/2021 23:59:59" (time in Việt Nam)."""
    return _("as recorded up to %(moment)s") % {"moment": moment_text(as_recorded)}



def territory_text(unit, territory_of):
    """The territory basis in words: "theo địa giới ngày 30/06/2025"."""
    return _("within its boundaries of %(date)s") % {"date": f"{parse_territory(territory_of):%d/%m/%Y}"}


def _vintage(as_recorded):
    """``{"as_recorded": ISO moment}`` when a vintage was asked for, else nothing (today's shape)."""
    return {"as_recorded": as_recorded.isoformat()} if as_recorded is not None else {}


def payload(unit, date, since, baseline_year, values, territory_of=None, as_recorded=None):
    """The JSON of a single-date computation, exactly as SPEC §5 shows it (v2: with
    ``territory_of`` when the question was asked on another territory, ``as_recorded``
    when it was asked of the register as it stood at a past moment)."""
    return {
        "unit": unit_json(unit, date),
        "date": date.isoformat(),
        "since": since.isoformat(),
        "baseline_year": baseline_year,
        **_territory(territory_of),
        **_vintage(as_recorded),
        "values": values_json(values),
    }


def _point(p):
    point = {"date": p["date"].isoformat(), "since": p["since"].isoformat()}
    if p.get("territory_changed"):
        point["territory_changed"] = True
    point["values"] = values_json(p["values"])
    return point


def series_payload(unit, baseline_year, series, territory_of=None, as_recorded=None):
    """The JSON of a series (SPEC §5); the first point after the unit's territory changed
    carries ``"territory_changed": true`` (SPEC §3 v2)."""
    return {
        "unit": unit_json(unit, series[-1]["date"] if series else None),
        "baseline_year": baseline_year,
        **_territory(territory_of),
        **_vintage(as_recorded),
        "series": [_point(p) for p in series],
    }
