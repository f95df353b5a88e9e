"""The interchange format of SPEC §4: tables, columns and how a cell is read.

Cells come as text (CSV), as typed values (XLSX through python-calamine: floats,
dates) or as Python values (callers of ``import_tables``). Each ``parse_*``
function accepts all three and returns the stored value or raises
:class:`Invalid` with the rule broken, in words a user can act on.
"""

import datetime
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.registry.models import REPORTING_TZ
from hoptac.registry.report_checks import V2_FIELDS


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple
    required: frozenset
    # v2 columns (SPEC §4: a v1 file is a valid v2 file): read when present, and written by an
    # export only when used, so that a v1 register exports again as the v1 file it came from.
    # Per column for the figures (an answer of 0 is a value); for the register's own tables
    # ("grouped") all of them as soon as one row has a value other than empty or 0 in any of them.
    optional: frozenset = frozenset()
    grouped: bool = False

    def used_columns(self, rows):
        """The indexes of the columns to write for ``rows`` (full rows, in ``columns`` order)."""
        every = range(len(self.columns))
        if not self.optional:
            return list(every)
        optional = [i for i in every if self.columns[i] in self.optional]
        if self.grouped:
            if any(row[i] not in (None, 0) for row in rows for i in optional):
                return list(every)
            return [i for i in every if i not in optional]
        return [i for i in every if i not in optional or any(row[i] is not None for row in rows)]


def _table(name, columns, required, optional="", grouped=False):
    return Table(name, tuple(columns.split()), frozenset(required.split()), frozenset(optional.split()), grouped)


_REPORT_V2 = " ".join((*V2_FIELDS, "rating"))
_MACRO_V2 = "grdp_source grdp_share_official grdp_share_official_source population population_source"
_ORGANIZATION_V2 = "legacy_number registered_by vsic vsic_version origin public_contact"
_EVENT_V2 = "until successors"


TABLES = {
    t.name: t
    for t in (
        _table(
            "organizations",
            "code kind name unit sector established_on address phone email representative " + _ORGANIZATION_V2,
            "code kind name unit established_on",
            _ORGANIZATION_V2, grouped=True,
        ),
        _table("events", "org_code date type unit sector name document note " + _EVENT_V2, "org_code date type",
               _EVENT_V2, grouped=True),
        _table(
            "annual_reports",
            "org_code year members workers revenue profit income value_added is_estimate submitted_at " + _REPORT_V2,
            "org_code year",
            _REPORT_V2,
        ),
        # v2: every macro figure is optional (SPEC §4), each with its source.
        _table("macro", "unit year grdp " + _MACRO_V2, "unit year", _MACRO_V2),
        _table("targets", "indicator unit year op value source set_on territory_of", "indicator unit year op value",
               "set_on territory_of"),
        _table("windows", "year opens_on deadline", "year opens_on deadline"),
        # v2: directive documents, the action plan, support and awards (hoptac/directives/interchange.py).
        _table("documents", "number issuer issued_on kind level title summary implements replaces amends",
               "number issuer issued_on kind level title"),
        _table("tasks", "code document title lead_agency partners starts_on deadline status",
               "code document title lead_agency starts_on deadline"),
        _table("task_progress", "task on note", "task on note"),
        _table("support", "org_code year kind amount programme document", "org_code year kind amount"),
        _table("awards", "decision decided_on issuer kind recipient_kind org_code recipient reason",
               "decision decided_on recipient_kind"),
    )
}

# The indicator codes of SPEC §3 (a target names one of them).
INDICATOR_CODES = (
    "htx.total", "htx.active", "htx.not_operating", "htx.by_sector",
    "htx.established", "lhhtx.established", "tht.established", "qtdnd.established",
    "htx.dissolved", "qtdnd.dissolved",
    "lhhtx.total", "tht.total", "qtdnd.total",
    "members.total", "workers.total",
    "revenue.avg", "revenue.avg_vs_baseline_pct",
    "income.avg", "income.avg_vs_baseline_ratio",
    "grdp.share_pct", "reports.coverage_pct", "reports.on_time_pct",
)

# Decimal columns hold 4 decimal places and at most 20 digits (registry.models.MONEY).
DECIMAL_PLACES = 4
MONEY_LIMIT = Decimal(10) ** 16

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^[+-]?\d+$")
_PLAIN = PLAIN_DECIMAL = re.compile(r"^-?\d{1,15}(\.\d{1,4})?$")  # read as it is (parse_decimal)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class Invalid(ValueError):
    """A cell breaks a rule; the message is the rule."""


def is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def is_blank(values):
    """True when every cell of ``values`` is empty; one join for a row of text (a CSV file's)."""
    try:
        return not "".join(values).strip()
    except TypeError:  # typed cells (a workbook's, Python values): one by one
        return all(is_empty(v) for v in values)


def text(value):
    """A cell as text: what a user sees in the file (also used to quote values in problems)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def parse_date(value):
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time(0):
            raise Invalid(_("a date without a time of day is expected"))
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text(value)
    if not _DATE.match(raw):
        raise Invalid(_("not a date (write YYYY-MM-DD)"))
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise Invalid(_("impossible date")) from None


def parse_moment(value):
    """An ISO date-time (``submitted_at``); without an offset it is Asia/Ho_Chi_Minh time (SPEC §4)."""
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        raw = text(value)
        try:
            moment = datetime.datetime.fromisoformat(raw)
        except ValueError:
            raise Invalid(_("not a date-time (write YYYY-MM-DDTHH:MM:SS, optionally with an offset such as +07:00)")) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=REPORTING_TZ)
    return moment


# SPEC §4: an optional column of these files, the moment the row was recorded (kept for vintages, §3).
# Read on import, never written by an export (the format carries the register as it stands).
RECORDED_AT = "recorded_at"
RECORDED_TABLES = ("organizations", "events", "annual_reports", "macro", "targets", "windows")


def parse_recorded_at(value, now=None):
    """A ``recorded_at`` cell: an ISO date-time with its offset, not in the future."""
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        try:
            moment = datetime.datetime.fromisoformat(text(value))
        except ValueError:
            moment = None
        if moment is None or len(text(value)) <= 10:
            raise Invalid(_("not a date-time with its offset (write YYYY-MM-DDTHH:MM:SS+07:00)"))
    if moment.tzinfo is None:
        raise Invalid(_("a recording moment needs its time zone offset, e.g. 2021-03-15T09:30:00+07:00"))
    if moment > (now or timezone.now()):
        raise Invalid(_("in the future"))
    return moment


def format_moment(moment):
    """``submitted_at`` as written in files: Việt Nam time with its offset, to the second (or finer when given)."""
    return moment.astimezone(REPORTING_TZ).isoformat()


def parse_int(value):
    if type(value) is str and value.isdigit() and value.isascii():
        return int(value)  # the common case of a CSV cell, without the checks below
    if isinstance(value, bool):
        raise Invalid(_("not a whole number"))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise Invalid(_("not a whole number"))
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        raise Invalid(_("not a whole number"))
    raw = text(value)
    if not _INT.match(raw):
        raise Invalid(_("not a whole number"))
    return int(raw)


def parse_count(value):
    if type(value) is str and value.isdigit() and value.isascii() and len(value) < 10:
        return int(value)  # the common case of a large CSV file, without the checks below
    number = parse_int(value)
    if number < 0:
        raise Invalid(_("must not be negative"))
    if number > 2_000_000_000:
        raise Invalid(_("too large"))
    return number


def parse_decimal(value):
    """A number with at most 4 decimal places (money in million VND, GRDP, target values)."""
    if type(value) is str and _PLAIN.match(value):
        return Decimal(value)  # the common case of a large CSV file, without the checks below
    if isinstance(value, bool):
        raise Invalid(_("not a number"))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Invalid(_("not a number"))
        number = Decimal(repr(value))
    elif isinstance(value, (int, Decimal)):
        number = Decimal(value)
    else:
        raw = text(value)
        if not _NUMBER.match(raw):
            raise Invalid(_("not a number (use . as the decimal point, no thousands separators)"))
        try:
            number = Decimal(raw)
        except InvalidOperation:
            raise Invalid(_("not a number")) from None
    if not number.is_finite():
        raise Invalid(_("not a number"))
    if number.as_tuple().exponent < -DECIMAL_PLACES and number != round(number, DECIMAL_PLACES):
        raise Invalid(_("more than %(n)d decimal places") % {"n": DECIMAL_PLACES})
    if abs(number) >= MONEY_LIMIT:
        raise Invalid(_("too large"))
    return number


def parse_flag(value):
    """``is_estimate``: 0 or 1 (empty means 0)."""
    if value == "0" or value == "1":
        return value == "1"  # a CSV cell
    if is_empty(value):
        return False
    if isinstance(value, bool):
        return value
    raw = text(value)
    if raw in {"0", "1"}:
        return raw == "1"
    raise Invalid(_("must be 0 or 1"))


def parse_answer(value):
    """A yes/no answer of a v2 report (SPEC §4): 1, 0, or empty for "not answered" (None)."""
    if is_empty(value):
        return None
    return parse_flag(value)


def format_number(number):
    """The canonical text of a number: integers as integers, no trailing zeros, no exponent."""
    if isinstance(number, int):
        return str(number)
    number = Decimal(number)
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")
