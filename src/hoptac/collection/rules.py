"""What the collection adds to the rules of a report's figures
(:mod:`hoptac.registry.report_checks`, one rule set for import, form, upload and API):
the checks in force between figures, and against last year's, with numbers written
the user's way."""

from hoptac.core import numbers
from hoptac.registry import report_checks


def check_consistency(figures, *, year, kind, severity=None, last_year=None):
    """[(field, check, message)] for the checks in force (SPEC §2 v2) ``figures`` break, numbers
    written the active language's way; ``last_year`` (last year's figures, or None) for the
    year-on-year checks."""
    return [(check.field, check, message)
            for check, message in report_checks.run(figures, year=year, kind=kind, severity=severity,
                                                    formatter=_num, last_year=last_year)]


def _num(value):
    """A number for messages, with the decimals it has: 62.950 and 34,83."""
    return numbers.localized(value)
