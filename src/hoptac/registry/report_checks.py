"""The fields of an annual report, their ranges and the checks between them (SPEC §2), as data.

One rule set for every way a report comes in (the interchange import, the online
form and its script, the Excel template and upload, the API):

- every figure's range (whole number, at most 4 decimals, minimum and maximum) holds
  for every channel: a negative revenue or 10^13 members is wrong in a file of 2015
  as much as in today's form;
- a figure is *required* only of a report submitted for review (form, upload, API):
  the import carries historic records, and a column a file lacks, or an empty cell,
  means the figure was not recorded (it is stored empty, never guessed);
- the checks between figures of severity ``error`` block a report everywhere; those of
  severity ``warning`` ask the collection's user for a confirming note (the import,
  with nobody to ask, does not run them).

A check is named by a code, has a severity, the fields it needs (it is skipped
unless all of them are given) and the field a message is attached to.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.utils.translation import gettext_lazy as _

from hoptac.core import numbers
from hoptac.registry.models import AnnualReport

ERROR, WARNING = "error", "warning"

# Whole numbers, money (million VND, 4 decimals) and yes/no answers, in the order of the interchange format.
V1_COUNTS = ("members", "workers")
V1_MONEY = ("revenue", "profit", "income", "value_added")
V2_COUNTS = ("members_official", "members_associate", "members_joined", "members_left", "workers_regular",
             "workers_members", "managers", "managers_college", "member_htx")
V2_MONEY = ("revenue_with_members", "charter_capital", "total_capital", "budget_paid")
V2_FLAGS = ("value_chain", "high_tech", "director_trained")
# The v2 columns of ``annual_reports`` in file order (SPEC §2's order of the figures).
V2_FIELDS = (
    "members_official", "members_associate", "members_joined", "members_left",
    "workers_regular", "workers_members", "revenue_with_members", "charter_capital", "total_capital",
    "budget_paid", "value_chain", "high_tech", "director_trained", "managers", "managers_college", "member_htx",
)


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
    if name in V2_COUNTS:
        return Figure(name, label, True, Decimal(0), COUNT_LIMIT, False)
    return Figure(name, label, False, Decimal(0), BIG, False)


# v2 (SPEC §2): all optional, never negative; the yes/no answers are FLAGS.
V2_FIGURES = tuple(_v2(n) for n in V2_FIELDS if n not in V2_FLAGS)
FIGURES = FIGURES + V2_FIGURES
V1_FIGURES = FIGURES[:6]
FLAGS = V2_FLAGS
BY_NAME = {f.name: f for f in FIGURES}
FIELDS = tuple(f.name for f in FIGURES) + FLAGS + ("is_estimate",)
DECIMAL_PLACES = 4


def check_value(figure, value, *, required=True):
    """The reason ``value`` (int, Decimal or None) is not acceptable for ``figure``, or None.

    ``required=False`` for a historic record (the import): a figure it lacks is not recorded.
    """
    if value is None:
        return _("this figure is required") if figure.required and required else None
    if figure.integer and value != int(value):
        return _("must be a whole number")
    if isinstance(value, Decimal) and value.as_tuple().exponent < -DECIMAL_PLACES and value != round(value, 4):
        return _("at most 4 decimal places")
    if value < 0 <= figure.minimum:
        return _("must not be negative")
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


def legal_minimum_members(year):
    """The legal minimum of official members of a cooperative on 31 December of ``year``:
    5 under the Law on Cooperatives 2023 (in force 1/7/2024), 7 under the 2012 law."""
    return 5 if year >= 2024 else 7


@dataclass(frozen=True)
class Check:
    """A rule between figures, written as data so that the server and the form's script apply the same one.

    ``op`` is ``le`` (``left`` ≤ ``right``), ``sum`` (the fields of ``left`` add up to
    ``right``) or ``minimum`` (``left``, or ``right`` when ``left`` is not given, is at
    least the legal minimum of members for the report's year). The check applies
    only when every field it compares is given.
    """

    code: str
    severity: str
    op: str
    left: tuple
    right: str
    field: str  # where the message is shown
    message: object  # lazy text with %(field)s placeholders (and %(minimum)s, %(year)s)
    kinds: tuple = ()  # organisation kinds it applies to; empty: every kind

    def values(self, figures):
        """The figures the check compares, or None when one of them is not given."""
        if self.op == "minimum":
            value = figures.get(self.left[0])
            value = figures.get(self.right) if value is None else value
            return None if value is None else {self.left[0]: value}
        names = (*self.left, self.right)
        for name in names:  # a loop, not any(): called for every check of every row of an upload
            if figures.get(name) is None:
                return None
        return {n: figures[n] for n in names}

    def broken(self, figures, year=None):
        values = self.values(figures)
        if values is None:
            return False
        if self.op == "le":
            return values[self.left[0]] > values[self.right]
        if self.op == "sum":
            return sum(values[n] for n in self.left) != values[self.right]
        return year is not None and values[self.left[0]] < legal_minimum_members(year)


CHECKS = (
    Check("members_parts", ERROR, "sum", ("members_official", "members_associate"), "members", "members",
          _("members (%(members)s) must equal official members (%(members_official)s) plus associate members "
            "(%(members_associate)s)")),
    Check("members_official", ERROR, "le", ("members_official",), "members", "members_official",
          _("official members (%(members_official)s) are more than the members (%(members)s)")),
    Check("workers_regular", ERROR, "le", ("workers_regular",), "workers", "workers_regular",
          _("regular workers (%(workers_regular)s) are more than the workers (%(workers)s)")),
    Check("workers_members", ERROR, "le", ("workers_members",), "workers_regular", "workers_members",
          _("regular workers who are members (%(workers_members)s) are more than the regular workers "
            "(%(workers_regular)s)")),
    Check("revenue_with_members", ERROR, "le", ("revenue_with_members",), "revenue", "revenue_with_members",
          _("revenue from members (%(revenue_with_members)s) is more than the revenue (%(revenue)s)")),
    Check("managers_college", ERROR, "le", ("managers_college",), "managers", "managers_college",
          _("managers with a degree (%(managers_college)s) are more than the managers (%(managers)s)")),
    Check("legal_minimum", WARNING, "minimum", ("members_official",), "members", "members_official",
          _("%(members_official)s official members, fewer than the legal minimum of %(minimum)s for a cooperative "
            "in %(year)s"),
          kinds=("htx",)),
)
BY_CODE = {c.code: c for c in CHECKS}


def applicable(*, kind=None, severity=None):
    """The checks for an organisation of ``kind`` (None: any), of ``severity`` (None: both)."""
    return [c for c in CHECKS if (not severity or c.severity == severity) and (not c.kinds or kind in c.kinds)]


@cache
def _applicable(kind, severity):
    return tuple(applicable(kind=kind, severity=severity))


def run(figures, *, year=None, kind=None, severity=None, formatter=str):
    """``[(check, message)]`` for every check ``figures`` break.

    ``figures`` maps field names to numbers (None or absent: not given);
    ``formatter`` writes the numbers in messages (the interchange writes them as
    in files, screens the Vietnamese way).
    """
    broken = []
    for check in _applicable(kind, severity):
        if check.broken(figures, year):
            shown = {k: formatter(v) for k, v in check.values(figures).items()}
            shown.update(year=str(year), minimum=str(legal_minimum_members(year)) if year else "")
            broken.append((check, check.message % shown))
    return broken


def as_data(*, kind=None, year=None):
    """The checks for the form's script: JSON-ready, messages with ``{field}`` placeholders."""
    checks = []
    for check in applicable(kind=kind):
        names = {n: "{%s}" % n for n in (*check.left, check.right)}
        names.update(year=str(year or ""), minimum=str(legal_minimum_members(year)) if year else "")
        checks.append({"code": check.code, "severity": check.severity, "op": check.op, "left": list(check.left),
                       "right": check.right, "field": check.field, "message": str(check.message % names),
                       "minimum": legal_minimum_members(year) if year else None})
    return checks
