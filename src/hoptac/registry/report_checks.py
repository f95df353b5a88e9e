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

What a check computes is code (:data:`CHECKS`); how the Department applies it is
data (``registry.CheckSetting``, edited in the back office): whether it is in
force, its severity, its factor, and the legal minimums of members by kind and
date. :func:`in_force` gives the checks as configured, and every channel reads
them through it (:func:`run`, :func:`applicable`, :func:`as_data`).
"""

import datetime
import time
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from hoptac.core import numbers
from hoptac.registry.models import AnnualReport, CheckSetting, Kind, LegalMinimum

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


@dataclass(frozen=True)
class Check:
    """A rule between figures, written as data so that the server and the form's script apply the same one.

    ``op`` is ``le`` (``left`` ≤ ``right``), ``sum`` (the fields of ``left`` add up to
    ``right``), ``minimum`` (``left``, or ``right`` when ``left`` is not given, is at
    least the legal minimum of members of the organisation's kind for the report's
    year) or ``change`` (``left`` is at most ``factor`` times, and at least
    1/``factor`` of, last year's figure). The check applies only when every field it
    compares is given (for ``change``, last year's too). ``severity``, ``kinds`` (for
    ``minimum``) and ``factor`` here are the code's defaults; :func:`in_force` gives
    them as the Department set them.
    """

    code: str
    severity: str
    op: str
    left: tuple
    right: str
    field: str  # where the message is shown
    message: object  # lazy text with %(field)s placeholders (and %(minimum)s, %(year)s, %(kind)s, %(before)s, %(factor)s)
    kinds: tuple = ()  # organisation kinds it applies to; empty: every kind
    factor: Decimal = None  # ``change``: how many times last year's figure is too many
    title: object = ""  # what the check asks, for the Department's settings screen

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

    def broken(self, figures, year=None, *, minimum=None, before=None):
        """Whether ``figures`` break the check; ``minimum`` is the legal minimum in force for the
        organisation (``minimum`` checks), ``before`` last year's figure (``change`` checks)."""
        values = self.values(figures)
        if values is None:
            return False
        if self.op == "le":
            return values[self.left[0]] > values[self.right]
        if self.op == "sum":
            return sum(values[n] for n in self.left) != values[self.right]
        if self.op == "change":
            return before is not None and moved(values[self.left[0]], before, self.factor)
        if minimum is None and year is not None:
            minimum = legal_minimum_members(year)
        return minimum is not None and values[self.left[0]] < minimum


def moved(now, before, factor):
    """Whether a figure went from ``before`` to ``now`` by more than ``factor`` times (up or down);
    from or to zero counts as such a move, zero to zero does not."""
    now, before = Decimal(now), Decimal(before)
    if now == 0 and before == 0:
        return False
    return now == 0 or before == 0 or now / before > factor or before / now > factor


LEGAL_MINIMUM = "legal_minimum"
CHANGE_FACTOR = Decimal(2)  # SPEC §2 v2: "a jump of more than ×2 against last year"
CHECKS = (
    Check("members_parts", ERROR, "sum", ("members_official", "members_associate"), "members", "members",
          _("members (%(members)s) must equal official members (%(members_official)s) plus associate members "
            "(%(members_associate)s)"), title=_("members = official members + associate members")),
    Check("members_official", ERROR, "le", ("members_official",), "members", "members_official",
          _("official members (%(members_official)s) are more than the members (%(members)s)"),
          title=_("official members ≤ members")),
    Check("workers_regular", ERROR, "le", ("workers_regular",), "workers", "workers_regular",
          _("regular workers (%(workers_regular)s) are more than the workers (%(workers)s)"),
          title=_("regular workers ≤ workers")),
    Check("workers_members", ERROR, "le", ("workers_members",), "workers_regular", "workers_members",
          _("regular workers who are members (%(workers_members)s) are more than the regular workers "
            "(%(workers_regular)s)"), title=_("regular workers who are members ≤ regular workers")),
    Check("revenue_with_members", ERROR, "le", ("revenue_with_members",), "revenue", "revenue_with_members",
          _("revenue from members (%(revenue_with_members)s) is more than the revenue (%(revenue)s)"),
          title=_("revenue from members ≤ revenue")),
    Check("managers_college", ERROR, "le", ("managers_college",), "managers", "managers_college",
          _("managers with a degree (%(managers_college)s) are more than the managers (%(managers)s)"),
          title=_("managers with a degree ≤ managers")),
    Check(LEGAL_MINIMUM, WARNING, "minimum", ("members_official",), "members", "members_official",
          _("%(members_official)s official members, fewer than the legal minimum of %(minimum)s for a %(kind)s "
            "in %(year)s"),
          kinds=("htx", "lhhtx"), title=_("official members at least the legal minimum")),
    Check("revenue_change", WARNING, "change", ("revenue",), "revenue", "revenue",
          _("revenue changed from %(before)s last year to %(revenue)s (more than ×%(factor)s)"),
          factor=CHANGE_FACTOR, title=_("revenue against last year")),
    Check("members_change", WARNING, "change", ("members",), "members", "members",
          _("members changed from %(before)s last year to %(members)s (more than ×%(factor)s)"),
          factor=CHANGE_FACTOR, title=_("members against last year")),
)
BY_CODE = {c.code: c for c in CHECKS}

# The law's minimums of official members (kind, in force from, minimum, legal basis): the seeded
# defaults of the Department's settings (data migration registry 0007), and what the demo builds on.
LAW_MINIMUMS = (
    ("htx", datetime.date(2013, 7, 1), 7, "Luật Hợp tác xã 23/2012/QH13"),
    ("htx", datetime.date(2024, 7, 1), 5, "Luật Hợp tác xã 17/2023/QH15"),
    ("lhhtx", datetime.date(2013, 7, 1), 4, "Luật Hợp tác xã 23/2012/QH13"),
    ("lhhtx", datetime.date(2024, 7, 1), 3, "Luật Hợp tác xã 17/2023/QH15"),
)


def minimum_on(minimums, kind, day):
    """The minimum of ``minimums`` (``{kind: ((from, minimum), …)}``, ascending) in force for ``kind`` on ``day``,
    or None before the first date (no minimum recorded for that time)."""
    found = None
    for start, minimum in minimums.get(kind, ()):
        if start > day:
            break
        found = minimum
    return found


def _by_kind(rows):
    minimums = {}
    for kind, start, minimum in sorted(rows):
        minimums.setdefault(kind, []).append((start, minimum))
    return {kind: tuple(rows) for kind, rows in minimums.items()}


LAW = _by_kind((kind, start, minimum) for kind, start, minimum, _basis in LAW_MINIMUMS)


def law_minimum(year, kind="htx"):
    """The law's minimum of official members (not the Department's settings) on 31 December of ``year``."""
    return minimum_on(LAW, kind, datetime.date(year, 12, 31))


@dataclass(frozen=True)
class InForce:
    """The checks as the Department set them: active ones only, with their severity and parameters."""

    checks: tuple
    minimums: dict  # kind -> ((in force from, minimum), …), ascending
    stamp: tuple = ()
    _applicable: dict = field(default_factory=dict, compare=False, repr=False)  # answers already given

    def applicable(self, kind=None, severity=None):
        key = (kind, severity)
        found = self._applicable.get(key)
        if found is None:
            found = self._applicable[key] = tuple(
                c for c in self.checks if (not severity or c.severity == severity) and (not c.kinds or kind in c.kinds))
        return found

    def minimum(self, kind, year):
        """The legal minimum of official members of ``kind`` on 31 December of ``year`` (None: none in force)."""
        if kind is None or year is None:
            return None
        key = ("minimum", kind, year)
        if key not in self._applicable:
            self._applicable[key] = minimum_on(self.minimums, kind, datetime.date(year, 12, 31))
        return self._applicable[key]


STAMP_AGE = 1.0  # seconds: how long a process trusts its copy before asking the database whether it changed


class _Memo:
    rules = None
    asked = 0.0


_memo = _Memo()  # one per process: a change made in one thread is seen by the others at once


def in_force():
    """The checks in force (:class:`InForce`), as the Department set them.

    Read once and kept: the settings' stamp (their last change, their count) is
    asked again at most once a second, and the settings re-read only when it
    moved — an upload of thousands of rows runs no query per row. A change made
    through :func:`hoptac.registry.check_settings.configure` is seen at once in
    its own process, within a second in the others.
    """
    now = time.monotonic()
    rules = getattr(_memo, "rules", None)
    if rules is not None and now - _memo.asked < STAMP_AGE:
        return rules
    stamp = _stamp()
    if rules is None or rules.stamp != stamp:
        rules = _memo.rules = _load(stamp)
    _memo.asked = now
    return rules


def forget():
    """Drop this thread's copy of the settings (after a change, or a test's rollback)."""
    _memo.rules = None


def _stamp():
    found = CheckSetting.objects.aggregate(at=Max("changed_at"), n=Count("id"))
    return (found["at"], found["n"])


def _load(stamp):
    settings = {s.code: s for s in CheckSetting.objects.all()}
    if LEGAL_MINIMUM in settings:
        minimums = _by_kind(LegalMinimum.objects.filter(setting__code=LEGAL_MINIMUM)
                            .values_list("kind", "valid_from", "minimum"))
    else:  # the settings were never seeded (a database before the migration): the law's values
        minimums = LAW
    checks = []
    for check in CHECKS:
        setting = settings.get(check.code)
        if setting is None:  # a check without a settings row applies as written
            checks.append(replace(check, kinds=tuple(sorted(minimums))) if check.op == "minimum" else check)
            continue
        if not setting.active:
            continue
        checks.append(replace(
            check, severity=setting.severity,
            kinds=tuple(sorted(minimums)) if check.op == "minimum" else check.kinds,
            factor=setting.factor if setting.factor is not None else check.factor,
        ))
    return InForce(tuple(checks), minimums, stamp)


def legal_minimum_members(year, kind="htx"):
    """The legal minimum of official members of an organisation of ``kind`` on 31 December of
    ``year``, as the Department set it (seeded with the law: 7 under the Law on Cooperatives
    2012, 5 under the Law of 2023 in force 1/7/2024), or None when none is in force."""
    return in_force().minimum(kind, year)


def applicable(*, kind=None, severity=None):
    """The checks in force for an organisation of ``kind`` (None: any), of ``severity`` (None: both)."""
    return list(in_force().applicable(kind, severity))


def plain(value):
    """A factor without its trailing zeros (2, 2,5), for messages."""
    value = Decimal(value)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _extra(check, *, year, kind, minimum, before, formatter):
    """The placeholders of a message besides the figures: the year, and the minimum and kind
    (``minimum`` checks) or last year's figure and the factor (``change`` checks)."""
    extra = {"year": str(year or "")}
    if check.op == "minimum":
        extra["minimum"] = "" if minimum is None else str(minimum)
        extra["kind"] = str(Kind(kind).label) if kind in Kind.values else ""
    elif check.op == "change":
        extra["before"] = "" if before is None else formatter(before)
        extra["factor"] = formatter(plain(check.factor))
    return extra


def run(figures, *, year=None, kind=None, severity=None, formatter=str, last_year=None):
    """``[(check, message)]`` for every check in force that ``figures`` break.

    ``figures`` maps field names to numbers (None or absent: not given);
    ``last_year`` maps last year's figures (None: the year-on-year checks are not run);
    ``formatter`` writes the numbers in messages (the interchange writes them as
    in files, screens the Vietnamese way).
    """
    rules = in_force()
    minimum = rules.minimum(kind, year)
    broken = []
    for check in rules.applicable(kind, severity):
        before = None
        if check.op == "change":
            before = last_year.get(check.left[0]) if last_year else None
            if before is None:
                continue
        if check.broken(figures, year, minimum=minimum, before=before):
            shown = {k: formatter(v) for k, v in check.values(figures).items()}
            shown.update(_extra(check, year=year, kind=kind, minimum=minimum, before=before, formatter=formatter))
            broken.append((check, check.message % shown))
    return broken


def as_data(*, kind=None, year=None, last_year=None, formatter=str):
    """The checks in force for the form's script: JSON-ready, messages with ``{field}`` placeholders.

    A year-on-year check comes with last year's figure (``before``), and only when there is one.
    """
    rules = in_force()
    minimum = rules.minimum(kind, year)
    checks = []
    for check in rules.applicable(kind):
        before = None
        if check.op == "change":
            before = last_year.get(check.left[0]) if last_year else None
            if before is None:
                continue
        names = {n: "{%s}" % n for n in (*check.left, check.right)}
        names.update(_extra(check, year=year, kind=kind, minimum=minimum, before=before, formatter=formatter))
        checks.append({"code": check.code, "severity": check.severity, "op": check.op, "left": list(check.left),
                       "right": check.right, "field": check.field, "message": str(check.message % names),
                       "minimum": minimum if check.op == "minimum" else None, "before": None if before is None else float(before),
                       "factor": None if check.factor is None else float(check.factor)})
    return checks
