"""What the collection adds to the rules of a report's figures
(:mod:`hoptac.registry.report_checks`, one rule set for import, form, upload and API):
the checks between figures with numbers written the user's way, and the year-on-year
consistency warning."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from hoptac.core import numbers
from hoptac.registry import report_checks
from hoptac.registry.report_checks import BY_NAME


# Figures compared with last year's approved report.
WATCHED = ("revenue", "members")


def check_consistency(figures, *, year, kind, severity=None):
    """[(field, check, message)] for the checks between figures (SPEC §2) ``figures`` break,
    numbers written the active language's way."""
    return [(check.field, check, message)
            for check, message in report_checks.run(figures, year=year, kind=kind, severity=severity, formatter=_num)]


def change_warnings(figures, last_year, factor):
    """[(field, message)] where a watched figure moved by more than ``factor`` times
    since ``last_year`` (a mapping of last year's figures, or None)."""
    if not last_year:
        return []
    warnings = []
    for name in WATCHED:
        now, before = figures.get(name), last_year.get(name)
        if now is None or before is None:
            continue
        now, before = Decimal(now), Decimal(before)
        if before == 0 and now == 0:
            continue
        if before == 0 or now == 0 or now / before > factor or before / now > factor:
            warnings.append((name, _("%(label)s changed from %(before)s last year to %(now)s (more than ×%(factor)s)") % {
                "label": BY_NAME[name].label, "before": _num(before), "now": _num(now), "factor": _num(factor),
            }))
    return warnings


def _num(value):
    """A number for messages, with the decimals it has: 62.950 and 34,83."""
    return numbers.localized(value)
