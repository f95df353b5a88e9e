"""The indicators as JSON documents: values on a date, series, drill-through, targets, data quality.

``/api/v1/indicators`` answers with the same JSON as ``hoptac indicators
--format json``: the documents are built by the functions the command uses
(``formatting.payload`` / ``series_payload``) and written by its own
``write_json``, so the two cannot drift apart.
"""

import io
from decimal import Decimal

from hoptac.indicators import engine, formatting
from hoptac.indicators.drill import drill as _drill
from hoptac.indicators.management.commands._output import write_json
from hoptac.indicators.quality import quality_findings as _quality_findings
from hoptac.indicators.targets import targets_progress as _targets_progress

IndicatorInputError = engine.IndicatorInputError


def _text(document):
    out = io.StringIO()
    write_json(out, document)
    return out.getvalue()


def point_json(unit_code, date, since=None, baseline_year=None, territory_of=None, as_recorded=None):
    """JSON text of the indicators of a unit on a date (raises IndicatorInputError);
    ``as_recorded``: a moment (datetime or text), the register as it stood then."""
    as_recorded = engine.check_moment(as_recorded)
    unit, date, since, values = engine.compute_for_code(unit_code, date, since, baseline_year, territory_of,
                                                        as_recorded)
    return _text(formatting.payload(unit, date, since, engine.parse_year(baseline_year), values, territory_of,
                                    as_recorded))


def series_json(unit_code, years, baseline_year=None, territory_of=None, as_recorded=None):
    """JSON text of the series on 31 December of each year of ``years`` ("A-B")."""
    as_recorded = engine.check_moment(as_recorded)
    unit, points = engine.series_for_code(unit_code, years, baseline_year, territory_of, as_recorded)
    return _text(formatting.series_payload(unit, engine.parse_year(baseline_year), points, territory_of,
                                           as_recorded))


def suppress_small(unit_code, points):
    """SPEC §6 for public files: in each point of a series, the v2 figures taken from annual reports
    or ratings over fewer than MIN_PUBLIC_REPORTS reports become null (two queries a point)."""
    from hoptac.indicators.v2 import MIN_PUBLIC_REPORTS, V2_REPORT_CODES

    for point in points:
        date = engine.parse_date(point["date"])
        try:
            unit = engine.resolve_unit(unit_code, date)
        except engine.IndicatorInputError:
            continue  # a year before the code existed: the series used the later unit, as here
        support = engine.report_support(unit, date)
        for code in V2_REPORT_CODES:
            if point["values"].get(code) is not None and support.get(code, 0) < MIN_PUBLIC_REPORTS:
                point["values"][code] = None
    return points


def _plain(value):
    if isinstance(value, Decimal):
        return formatting.json_number(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def drill(unit, date, code, since=None, territory_of=None, as_recorded=None):
    """The organisations behind a count, with the events that put them there (public fields only)."""
    return _plain(_drill(unit, date, code, since, territory_of, as_recorded))


def targets_progress(unit, as_of, as_recorded=None):
    out = []
    for p in _targets_progress(unit, as_of, as_recorded):
        t = p.target
        out.append(_plain({
            "indicator": t.indicator, "year": t.year, "op": t.op, "value": t.value, "source": t.source,
            "latest_year": p.latest_year, "latest_value": p.latest_value, "gap": p.gap,
            "projection": p.projection, "on_track": p.on_track, "verdict": p.verdict,
            "points": [list(point) for point in p.points], "method": str(p.method),
        }))
    return out


def quality_findings(unit, year):
    return [_plain({"code": f.code, "title": str(f.title), "detail": str(f.detail), "count": len(f.organizations),
                    "organizations": f.organizations}) for f in _quality_findings(unit, year)]
