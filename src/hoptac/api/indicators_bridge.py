"""The one place the API calls the indicator engine and its JSON form.

``/api/v1/indicators`` must answer with the same JSON as ``hoptac indicators
--format json``: the document is built by the same function the command uses
(:func:`command_document`), so the two cannot drift apart.
"""

import json
from decimal import Decimal

from hoptac.indicators import engine

IndicatorInputError = engine.IndicatorInputError


def _command_module():
    try:
        from hoptac.indicators.management.commands import indicators as command
    except ImportError:
        return None
    return command


def _plain(value):
    """JSON form of an engine value (used only until the command's serializer exists)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _fallback_point(unit, date, since, baseline_year, values):
    return {"unit": {"code": unit.code, "name": unit.name}, "date": date.isoformat(), "since": since.isoformat(),
            "baseline_year": baseline_year, "values": _plain(values)}


def _fallback_series(unit, baseline_year, rows):
    return {"unit": {"code": unit.code, "name": unit.name}, "baseline_year": baseline_year,
            "series": [{"date": r["date"].isoformat(), "since": r["since"].isoformat(), "values": _plain(r["values"])}
                       for r in rows]}


def point_json(unit_code, date, since=None, baseline_year=None):
    """JSON text of the indicators of a unit on a date (raises IndicatorInputError)."""
    command = _command_module()
    if command is not None and hasattr(command, "point_json"):
        return command.point_json(unit_code, date, since, baseline_year)
    unit, date, since, values = engine.compute_for_code(unit_code, date, since, baseline_year)
    return json.dumps(_fallback_point(unit, date, since, engine.parse_year(baseline_year), values), ensure_ascii=False)


def series_json(unit_code, years, baseline_year=None):
    """JSON text of the series on 31 December of each year of ``years`` ("A-B")."""
    command = _command_module()
    if command is not None and hasattr(command, "series_json"):
        return command.series_json(unit_code, years, baseline_year)
    unit, rows = engine.series_for_code(unit_code, years, baseline_year)
    return json.dumps(_fallback_series(unit, engine.parse_year(baseline_year), rows), ensure_ascii=False)


def _engine_function(name):
    """An engine function that may still be on its way (drill, targets, quality)."""
    for module_name in ("hoptac.indicators.engine", f"hoptac.indicators.{name.split('_')[0]}"):
        try:
            module = __import__(module_name, fromlist=[name])
        except ImportError:
            continue
        if hasattr(module, name):
            return getattr(module, name)
    from .problems import Problem

    raise Problem(501, f"This hoptac installation cannot compute '{name}' yet.", kind="not-implemented",
                  title="Not implemented")


def _rows(result):
    if isinstance(result, dict):
        for key in ("organizations", "rows", "items"):
            if key in result:
                return list(result[key])
    return list(result)


def drill(unit, date, code, since=None):
    """The organisations behind a count: dicts with at least ``id``/``code``."""
    return [_plain(_as_dict(r)) for r in _rows(_engine_function("drill")(unit, date, code, since=since))]


def _as_dict(row):
    if isinstance(row, dict):
        return dict(row)
    if hasattr(row, "_asdict"):
        return row._asdict()
    if hasattr(row, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(row)
    return {"value": str(row)}


PERSONAL = ("representative", "phone", "email")


def public_row(row, personal):
    """A drill row without personal fields unless the caller may see them."""
    return {k: v for k, v in row.items() if personal or k not in PERSONAL}


def targets_progress(unit, as_of):
    return _plain([_as_dict(t) for t in _engine_function("targets_progress")(unit, as_of)])


def quality_findings(unit, year):
    result = _engine_function("quality_findings")(unit, year)
    return _plain([_as_dict(f) for f in _rows(result)])
