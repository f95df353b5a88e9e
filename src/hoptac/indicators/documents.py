"""The indicators as JSON documents: values on a date, series, drill-through, targets, data quality.

``/api/v1/indicators`` answers with the same JSON as ``hoptac indicators
--format json``: the documents are built by the functions the command uses
(``formatting.payload`` / ``series_payload``) and written by its own
``write_json``, so the two cannot drift apart.
"""

import io
from decimal import Decimal

from django.utils.translation import get_language, pgettext_lazy

from hoptac.accounts import policy
from hoptac.indicators import answers, engine, formatting
from hoptac.indicators.drill import drill as _drill
from hoptac.indicators.management.commands._output import write_json
from hoptac.indicators.quality import quality_findings as _quality_findings
from hoptac.indicators.targets import targets_progress as _targets_progress
from hoptac.indicators.v2 import MIN_PUBLIC_REPORTS, support as _support

IndicatorInputError = engine.IndicatorInputError


def _text(document):
    out = io.StringIO()
    write_json(out, document)
    return out.getvalue()


def point_json(unit_code, date, since=None, baseline_year=None, territory_of=None, as_recorded=None, public=None):
    """JSON text of the indicators of a unit on a date (raises IndicatorInputError).

    ``as_recorded``: a moment (datetime or text), the register as it stood then (SPEC §3 vintages).
    ``public`` is a function of the resolved unit telling whether the caller reads as the public:
    then figures over fewer than 3 reports are null and listed in ``suppressed`` (SPEC §6); with
    nothing to withhold the answer is exactly the command's."""
    as_recorded = engine.check_moment(as_recorded)
    unit, date, since, values = engine.compute_for_code(unit_code, date, since, baseline_year, territory_of,
                                                        as_recorded)
    document = formatting.payload(unit, date, since, engine.parse_year(baseline_year), values, territory_of,
                                  as_recorded)
    if public is not None and public(unit):
        public_values, codes = suppress_point(unit, date, values, engine.parse_territory(territory_of), as_recorded)
        if codes:  # otherwise exactly the command's JSON
            document["values"] = formatting.values_json(public_values)
            document["suppressed"] = codes
    return _text(document)


def series_json(unit_code, years, baseline_year=None, territory_of=None, as_recorded=None, public=None):
    """JSON text of the series on 31 December of each year of ``years`` ("A-B"); ``as_recorded`` and
    ``public`` as for :func:`point_json`, each point then listing its withheld figures in ``suppressed``."""
    as_recorded = engine.check_moment(as_recorded)
    unit, points = engine.series_for_code(unit_code, years, baseline_year, territory_of, as_recorded)
    document = formatting.series_payload(unit, engine.parse_year(baseline_year), points, territory_of, as_recorded)
    if public is not None and public(unit):
        suppress_small(unit_code, document["series"], territory_of, as_recorded)
    return _text(document)


# SPEC §6: what a public page shows in place of an aggregate over fewer than 3 reports, and why.
SUPPRESSED_MARK = "—"
SUPPRESSED_NOTE = pgettext_lazy("suppressed", "fewer than 3 reports")
# The figures taken from annual reports or ratings (v1's and v2's): those that can be withheld.
REPORT_BASED = frozenset(_support({}, None))


def suppressed_codes(values, support):
    """The codes of ``values`` the public may not see (SPEC §6): figures taken from annual reports
    or ratings (``support`` from ``engine.report_support``) over fewer than MIN_PUBLIC_REPORTS
    reports. An official GRDP share is a published figure and stays; so do v1's sums over no report
    at all (zero: nothing to protect, and pages say "no data yet")."""
    out = []
    for code, n in support.items():
        if values.get(code) is None or not 0 < n < MIN_PUBLIC_REPORTS:
            continue
        if code == "grdp.share_pct" and values.get(engine.SHARE_SOURCE) == "official":
            continue
        out.append(code)
    return out


def suppress(values, support):
    """(``values`` with the codes of :func:`suppressed_codes` set to None, those codes); the share's
    source goes with a suppressed share (it is absent when the share is null)."""
    codes = suppressed_codes(values, support)
    if not codes:
        return values, []
    out = {**values, **dict.fromkeys(codes)}
    if "grdp.share_pct" in codes:
        out.pop(engine.SHARE_SOURCE, None)
    return out, codes


def sees_small_figures(user, unit):
    """Whether ``user`` may see aggregates over fewer than 3 reports of ``unit``: officers and
    viewers whose reach covers it (SPEC §6); the anonymous public, editors and cooperatives may not."""
    if unit is engine.NATIONAL:
        return policy.reach(user, policy.READ) == policy.ALL
    return policy.covers_unit(user, policy.READ, unit)


def suppress_point(unit, date, values, territory_of=None, as_recorded=None):
    """(public values, suppressed codes) of one date's ``values`` of ``unit`` (two queries)."""
    return suppress(values, engine.report_support(unit, date, territory_of, as_recorded))


def suppress_small(unit_code, points, territory_of=None, as_recorded=None):
    """SPEC §6 for public files and the anonymous API: in each point of a series of ``unit_code``,
    the figures taken from annual reports or ratings over fewer than MIN_PUBLIC_REPORTS reports
    become null and are listed in the point's ``suppressed`` (two queries per unit of the series).
    ``points`` are JSON points (``date`` as text) or the engine's."""
    if not points:
        return points
    years = [engine.parse_date(p["date"]).year for p in points]
    support = engine.series_support(unit_code, min(years), max(years), engine.parse_territory(territory_of),
                                    as_recorded)
    for point, year in zip(points, years):
        point["values"], codes = suppress(point["values"], support.get(year, {}))
        if codes:
            point["suppressed"] = codes
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
    """Progress of every target of ``unit`` as plain JSON values; remembered under the register's
    change stamp (the targets are register rows) and the language of the method's text, except
    as recorded at a past moment."""
    if as_recorded is not None:
        return _targets_document(unit, as_of, as_recorded)
    return answers.remember("targets", (unit.pk, as_of, get_language()),
                            lambda: _targets_document(unit, as_of, None))


def _targets_document(unit, as_of, as_recorded):
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
