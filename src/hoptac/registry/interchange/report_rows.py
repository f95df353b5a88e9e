"""The cells of an ``annual_reports`` and a ``macro`` row (SPEC §4, v1 and v2 columns)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from hoptac.registry import report_checks
from hoptac.registry.interchange.schema import (
    PLAIN_DECIMAL as _PLAIN,
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


class ReportReader:
    """Reads the figures of the rows of one ``annual_reports`` table.

    Made once per table from the columns its header has: a column the table does not
    have is not looked up in each of its rows (a v1 file has nine of the thirty), and
    a check between figures whose columns the table lacks can never apply to its rows,
    so it is not run. Cells are read by :meth:`Row.get` with the usual text of a CSV
    file (digits, a plain decimal) taken on a shorter path that gives the same value.
    """

    def __init__(self, columns):
        self.counts = [c for c in COUNTS if c in columns]
        self.money = [c for c in MONEY if c in columns]
        self.flags = [c for c in report_checks.V2_FLAGS if c in columns]
        self.estimate = "is_estimate" in columns
        self.submitted = "submitted_at" in columns
        self.empty = {c: None for c in (*COUNTS, *MONEY, *report_checks.V2_FLAGS)}
        self.empty.update(is_estimate=False, first_submitted_at=None)
        # The ranges of the one rule set (report_checks): the form's, required-ness aside, as
        # (column, lowest, highest), read once: each cell is checked as it is read.
        figures = report_checks.BY_NAME
        self.count_bounds = [(c, figures[c].minimum, figures[c].maximum) for c in self.counts]
        self.money_bounds = [(c, figures[c].minimum, figures[c].maximum) for c in self.money]
        self.checks = [c for c in report_checks.applicable(severity=report_checks.ERROR)
                       if all(n in columns for n in (*c.left, c.right))]

    def values(self, row):
        """The figures of a report row, as stored (None where a cell is empty or invalid)."""
        raw = row.raw
        values = self.empty.copy()
        outside = []  # figures out of their range, reported after the cells that cannot be read, as before
        for column, lowest, highest in self.count_bounds:
            cell = raw.get(column)
            if type(cell) is str and cell.isdigit() and cell.isascii() and len(cell) < 10:
                value = int(cell)
            elif cell or cell == 0:
                value = row.get(column, parse_count)
                if value is None:
                    continue
            else:
                continue
            values[column] = value
            if not lowest <= value <= highest:
                outside.append(column)
        for column, lowest, highest in self.money_bounds:
            cell = raw.get(column)
            if type(cell) is str and _PLAIN.match(cell):
                value = Decimal(cell)
            elif cell or cell == 0:
                value = row.get(column, parse_decimal)
                if value is None:
                    continue
            else:
                continue
            values[column] = value
            if not lowest <= value <= highest:
                outside.append(column)
        for column in self.flags:
            values[column] = row.get(column, parse_answer)
        if self.estimate:
            cell = raw.get("is_estimate")
            # empty reads as 0 (v1)
            values["is_estimate"] = cell == "1" if cell == "0" or cell == "1" else row.get("is_estimate", parse_flag) or False
        if self.submitted:
            values["first_submitted_at"] = row.get("submitted_at", parse_moment)
        for column in outside:
            figure = report_checks.BY_NAME[column]
            row.fail(column, row.value(column), str(report_checks.check_value(figure, values[column], required=False)))
            values[column] = None
        return values

    def check(self, row, values, year):
        """The checks between figures that block a report (``members = official + associate``, …)."""
        if self.checks:
            check_report_values(row, values, year)


def report_values(row):
    """The figures of a report row, as stored (None where a cell is empty or invalid)."""
    return ReportReader(row.raw).values(row)


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
