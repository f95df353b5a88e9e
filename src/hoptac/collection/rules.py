"""The figures of an annual report: their ranges, which are required, the checks
between them and the year-on-year consistency warning. One definition used by the
online form (and its script), the Excel template (its data validation) and the
upload checker; the checks between figures are those of
:mod:`hoptac.registry.report_checks`, which the interchange import applies too."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from hoptac.core import numbers
from hoptac.registry import report_checks
from hoptac.registry.models import AnnualReport


@dataclass(frozen=True)
class Figure:
    name: str
    label: str
    integer: bool
    minimum: Decimal
    maximum: Decimal
    required: bool


BIG = Decimal("1000000000000")  # 10^12 million VND: far above any real cooperative
FIGURES = (
    Figure("members", _("members"), True, Decimal(0), Decimal(10_000_000), True),
    Figure("workers", _("workers"), True, Decimal(0), Decimal(10_000_000), True),
    Figure("revenue", _("revenue (million VND)"), False, Decimal(0), BIG, True),
    Figure("profit", _("profit (million VND)"), False, -BIG, BIG, False),
    Figure("income", _("average income per worker (million VND/year)"), False, Decimal(0), Decimal(100_000), False),
    Figure("value_added", _("value added (million VND)"), False, -BIG, BIG, False),
)
COUNT_LIMIT = Decimal(10_000_000)


def _v2(name):
    label = AnnualReport._meta.get_field(name).verbose_name
    if name in report_checks.V2_COUNTS:
        return Figure(name, label, True, Decimal(0), COUNT_LIMIT, False)
    return Figure(name, label, False, Decimal(0), BIG, False)


# v2 (SPEC §2): all optional, never negative; the yes/no answers are FLAGS.
V2_FIGURES = tuple(_v2(n) for n in report_checks.V2_FIELDS if n not in report_checks.V2_FLAGS)
FIGURES = FIGURES + V2_FIGURES
V1_FIGURES = FIGURES[:6]
FLAGS = report_checks.V2_FLAGS
BY_NAME = {f.name: f for f in FIGURES}
FIELDS = tuple(f.name for f in FIGURES) + FLAGS + ("is_estimate",)
DECIMAL_PLACES = 4
# Figures compared with last year's approved report.
WATCHED = ("revenue", "members")


def check_value(figure, value):
    """The reason ``value`` is not acceptable for ``figure``, or None. ``value`` is int/Decimal/None."""
    if value is None:
        return _("this figure is required") if figure.required else None
    if figure.integer and value != int(value):
        return _("must be a whole number")
    if isinstance(value, Decimal) and value.as_tuple().exponent < -DECIMAL_PLACES and value != round(value, 4):
        return _("at most 4 decimal places")
    if value < figure.minimum or value > figure.maximum:
        return _("must be between %(min)s and %(max)s") % {
            "min": numbers.localized(figure.minimum, 0), "max": numbers.localized(figure.maximum, 0)
        }
    return None


def check_figures(figures):
    """[(field, reason)] for every unacceptable figure in the ``figures`` mapping."""
    problems = []
    for figure in FIGURES:
        reason = check_value(figure, figures.get(figure.name))
        if reason:
            problems.append((figure.name, reason))
    return problems


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
