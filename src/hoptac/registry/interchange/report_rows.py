"""The cells of an ``annual_reports`` and a ``macro`` row (SPEC §4, v1 and v2 columns)."""

from django.utils.translation import gettext as _

from hoptac.registry import report_checks
from hoptac.registry.interchange.schema import (
    format_number,
    parse_answer,
    parse_count,
    parse_decimal,
    parse_flag,
    parse_moment,
)
from hoptac.registry.models import Rating

RATINGS = tuple(Rating.values)
COUNTS = report_checks.V1_COUNTS + report_checks.V2_COUNTS
MONEY = report_checks.V1_MONEY + report_checks.V2_MONEY


def report_values(row):
    """The figures of a report row, as stored (None where a cell is empty or invalid)."""
    values = {c: row.get(c, parse_count) for c in COUNTS}
    values.update({c: row.get(c, parse_decimal) for c in MONEY})
    values.update({c: row.get(c, parse_answer) for c in report_checks.V2_FLAGS})
    values["is_estimate"] = row.get("is_estimate", parse_flag) or False  # empty reads as 0 (v1)
    values["first_submitted_at"] = row.get("submitted_at", parse_moment)
    for column in report_checks.V2_MONEY:
        if values[column] is not None and values[column] < 0:
            row.fail(column, row.value(column), _("must not be negative"))
            values[column] = None
    return values


def check_report_values(row, values, year):
    """The checks between figures that block a report (``members = official + associate``, …)."""
    for check, message in report_checks.run(values, year=year, severity=report_checks.ERROR,
                                            formatter=format_number):
        row.fail(check.field, row.value(check.field), message)


MACRO_FIGURES = (("grdp", parse_decimal, "grdp_source"),
                 ("grdp_share_official", parse_decimal, "grdp_share_official_source"),
                 ("population", parse_count, "population_source"))


def macro_values(row):
    """The figures and sources of a macro row; at least one figure, each source with its figure."""
    values = {}
    for figure, parse, source in MACRO_FIGURES:
        values[figure] = row.get(figure, parse)
        values[source] = row.get(source, max_length=255) or ""
        if values[source] and values[figure] is None and not row.value(figure):
            row.fail(source, values[source], _("a source for a figure the row does not give (%(column)s)")
                     % {"column": figure})
    for figure in ("grdp", "population"):  # a share of zero GRDP or of nobody means nothing
        if values[figure] is not None and values[figure] <= 0:
            row.fail(figure, row.value(figure), _("must be positive"))
    share = values["grdp_share_official"]
    if share is not None and not 0 <= share <= 100:
        row.fail("grdp_share_official", row.value("grdp_share_official"), _("a percentage between 0 and 100"))
    if row.ok and all(values[f] is None for f, _p, _s in MACRO_FIGURES):
        row.fail("grdp", "", _("give at least one figure: grdp, grdp_share_official or population"))
    return values
