"""Checking and saving an uploaded annual-report workbook.

:func:`check` reads the file and returns a :class:`Plan`: every problem (sheet,
row, column, reason), the year-on-year warnings and, for each filled row, what
saving would do (new report, change, or nothing). Nothing is written. The
container is inspected by :func:`hoptac.core.spreadsheets.guard_workbook` *before*
any parsing, so an oversized, corrupt, zip-bomb or oversized-sheet file is refused
unread.

:func:`apply` checks again against the current database (the register may have
moved since the preview) and writes every row or none in one transaction. What a
row does to its year is the workflow's rule (:func:`hoptac.collection.workflow.replacing`):
new and draft or returned reports are saved as submitted, an approved report is
locked except for a user who may reopen a year (province officer), for whom it is
corrected by a new revision (the approved one stays in force), and a report under
review is refused. The first-submission moment of a year is kept (SPEC §2 v2).
"""

import datetime
import gc
import math
import re
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import compress, count, repeat
from decimal import Decimal
from operator import gt, is_, is_not, itemgetter, lt, ne

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from hoptac.accounts import policy
from hoptac.audit import trail as audit
from hoptac.audit.models import Channel
from hoptac.core import numbers, spreadsheets
from hoptac.core.inserts import Inserter, bulk_load, insert_triggers_once, quick_compression
from hoptac.registry import report_checks
from hoptac.registry.models import AnnualReport, Organization, ReportStatus
from hoptac.registry.report_checks import BY_NAME, DECIMAL_PLACES, FIELDS, FIGURES, FLAGS, check_value

from . import staging
from . import workflow
from .excel import KEYS, NUMBER_KEYS, REQUIRED_KEYS, SHEET, header_key
from .models import Action, ReportStep
from .rules import check_consistency

CHUNK = 5000  # ids per IN (...) query: below SQLite's variable limit
MAX_STORED_PROBLEMS = 5000
PREVIEW_ROWS = 300
FIRST_YEAR = 2000


@dataclass
class Planned:
    row: int
    kind: str  # "new", "changed" or "unchanged"
    organization_id: int
    code: str
    year: int
    names: tuple  # the figures of the row, in the order of ``values`` (the same for every row of a plan)
    values: tuple  # money as the text of the cell's number where the parse kept it so (see _figures_in)
    report_id: int | None = None  # the latest revision, when one exists
    report_status: str = ""
    report_revision: int = 0
    before: dict | None = None
    first_submitted_at: datetime.datetime | None = None
    correction: bool = False  # an approved year changed by a new revision (workflow.replacing)

    @property
    def figures(self):
        """``{name: value}``, money as ``Decimal``: built when asked, for the few rows that need it."""
        return _figures(self.names, self.values)


@dataclass
class Plan:
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    empty_rows: int = 0
    bad_rows: set = field(default_factory=set)
    sheet: dict | None = None  # what the rows were planned from, besides them (see reading)

    def problem(self, row, column, reason, sheet=SHEET):
        self.problems.append({"sheet": sheet, "row": row, "column": column, "reason": str(reason)})
        self.bad_rows.add(row)

    @property
    def summary(self):
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        for planned in self.rows:
            counts[planned.kind] += 1
        counts["empty"] = self.empty_rows
        return counts

    def preview(self, limit=PREVIEW_ROWS):
        shown = [p for p in self.rows if p.kind != "unchanged"][:limit]
        return [_shown(p, p.figures) for p in shown]


def _shown(planned, figures):
    """One row of the preview."""
    return {"row": planned.row, "kind": planned.kind, "code": planned.code, "year": planned.year,
            "status": planned.report_status, "revision": planned.report_revision,
            "figures": _json(figures), "before": _json(planned.before),
            "changed": [k for k in FIELDS if planned.before is not None and not _equal(k, figures, planned.before)]}


MONEY = tuple(f.name for f in FIGURES if not f.integer)


def _figures(names, values):
    """``{name: value}`` of a parsed row, money kept as text turned into ``Decimal`` (what a cell-by-cell
    parse gives: ``Decimal`` of the same text)."""
    figures = dict(zip(names, values))
    for name in MONEY:
        if type(figures.get(name)) is str:
            figures[name] = Decimal(figures[name])
    return figures


class UploadError(Exception):
    """The file cannot be read at all; ``problems`` says why."""

    def __init__(self, problems):
        super().__init__(problems[0]["reason"])
        self.problems = problems


def _fail(reason, sheet="", row=None, column=""):
    raise UploadError([{"sheet": sheet, "row": row, "column": column, "reason": str(reason)}])


# --- the container --------------------------------------------------------


def inspect_container(path):
    """Refuse oversized, non-zip, zip-bomb and oversized-sheet files before any parsing.

    Returns the parts of the workbook that hold a formula (see :func:`formula_cells`)."""
    try:
        return spreadsheets.guard_workbook(path, max_bytes=settings.HOPTAC_UPLOAD_MAX_BYTES)
    except spreadsheets.WorkbookRefused as exc:
        _fail(exc)


_CELL_WITH_FORMULA = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*?>(?:(?!</c>).){0,200}?<f[ >/]', re.S)


def formula_cells(path, sheet_name, parts_with_formulas=None):
    """References of the cells of ``sheet_name`` that hold a formula (from the sheet's XML).

    ``parts_with_formulas`` (what :func:`inspect_container` found): when no part holds a
    formula, the workbook is not opened again."""
    if parts_with_formulas is not None and not parts_with_formulas:
        return []
    with zipfile.ZipFile(path) as archive:
        part = _sheet_part(archive, sheet_name)
        if part is None:
            return []
        data = archive.read(part)
    if b"<f>" not in data and b"<f " not in data and b"<f/>" not in data:
        return []  # the common case costs one scan
    return [ref.decode() for ref in _CELL_WITH_FORMULA.findall(data)]


def _sheet_part(archive, sheet_name):
    return spreadsheets.sheet_parts(archive).get(sheet_name)


# --- reading and checking ---------------------------------------------------


def read_sheet(path):
    """(rows, merged ranges) of the data sheet; raises :class:`UploadError` on a wrong or unreadable file."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        if SHEET not in names:
            _fail(_("The workbook has no sheet named “%(sheet)s” (it has: %(names)s). Use the template.") % {
                "sheet": SHEET, "names": ", ".join(names) or "—"}, sheet=SHEET)
        sheet = workbook.get_sheet_by_name(SHEET)
        rows = sheet.to_python(skip_empty_area=False)
        merged = sheet.merged_cell_ranges or []
    except CalamineError as exc:
        _fail(_("The file is damaged and cannot be read (%(error)s); save it again as .xlsx.") % {
            "error": type(exc).__name__})
    except (ValueError, OSError) as exc:  # the reader reports some broken parts this way
        _fail(_("The file is damaged and cannot be read (%(error)s); save it again as .xlsx.") % {"error": exc})
    return rows, merged


def column_letter(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check(path, user, *, progress=None):
    """The :class:`Plan` for the workbook at ``path`` uploaded by ``user``. Writes nothing."""
    plan = Plan()
    try:
        with_formulas = inspect_container(path)
        rows, merged = read_sheet(path)
    except UploadError as exc:
        plan.problems.extend(exc.problems)
        return plan
    for (r0, c0), (r1, c1) in merged:
        plan.problem(r0 + 1, f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}",
                     _("merged cells; unmerge them and put one value in each cell"))
    for ref in formula_cells(path, SHEET, with_formulas)[:200]:
        plan.problem(int(re.sub(r"[A-Z]", "", ref)), ref, _("a formula; type the value instead"))
    if not rows:
        plan.problem(1, "", _("the sheet is empty: the header row is missing"))
        return plan
    columns = _check_header(plan, rows[0])
    if plan.problems:
        return plan
    with cycles_left_alone():
        parsed, names, given, (suspects, unscreened) = _parse_rows(plan, rows, columns, progress)
        plan.sheet = {"names": names, "given": given, "suspects": suspects, "unscreened": unscreened,
                      "columns": columns}
        _plan_rows(plan, parsed, names, given, (suspects, unscreened), user, progress)
    return plan


def reading(plan, of_file):
    """What the rows of ``plan`` (a check without problems) were planned from, for
    :func:`plan_again` (:mod:`hoptac.collection.staging`'s reading): the staged rows carry the
    figures of the rows to write, and the reading those of the unchanged ones."""
    sheet = plan.sheet
    width = len(sheet["names"])
    return {"for": of_file, "empty": plan.empty_rows, "names": sheet["names"], "given": sorted(sheet["given"]),
            "suspects": sorted(sheet["suspects"]), "unscreened": sorted(sheet["unscreened"]),
            "columns": sheet["columns"],
            "unchanged": [[p.row, p.code, p.year, p.values[:width]] for p in plan.rows if p.kind == "unchanged"]}


def plan_again(rows, reading, user, *, progress=None):
    """The :class:`Plan` a check of the file would give now, from what its preview read of it: the
    staged ``rows`` and the ``reading`` (:mod:`hoptac.collection.staging`) planned against the
    current register, as :func:`check` plans the rows it parses. The file is not read again: its
    cells, the rules and the year are those the preview read (its :func:`staging.file_stamp`)."""
    plan = Plan(empty_rows=reading["empty"])
    names, columns = tuple(reading["names"]), reading["columns"]
    in_names = itemgetter(*map(FIELDS.index, names))  # a staged row's figures are in FIELDS order
    parsed = [(row[0], row[2], row[3], in_names(row[9]), columns) for row in rows]
    parsed += [(number, code, year, tuple(values), columns) for number, code, year, values in reading["unchanged"]]
    parsed.sort(key=itemgetter(0))
    _plan_rows(plan, parsed, names, set(reading["given"]), (set(reading["suspects"]), set(reading["unscreened"])),
               user, progress)
    return plan


def _check_header(plan, header):
    columns, seen = {}, {}
    for index, text in enumerate(header):
        if text in (None, ""):
            continue
        key = header_key(text)
        letter = column_letter(index)
        if key not in KEYS:
            plan.problem(1, letter, _("unexpected column “%(text)s”; remove it or use the template") % {"text": text})
        elif key in seen:
            plan.problem(1, letter, _("column “%(key)s” appears twice (also in %(other)s)") % {
                "key": key, "other": seen[key]})
        else:
            columns[key], seen[key] = index, letter
    for key in REQUIRED_KEYS:
        if key not in columns:
            plan.problem(1, "", _("the column “%(key)s” is missing; use the template") % {"key": key})
    return columns


def _parse_rows(plan, rows, columns, progress):
    """([(row number, code, year, values, columns)] of the filled rows, the names of the values), with
    cell-level problems recorded, and what :func:`_screen` finds. A row's values are a tuple (no dict
    per row: :func:`_figures` makes one for a row that needs it); a money column of typed numbers keeps
    each cell as the text of its number (see :func:`_figures_in`).

    The sheet is read column by column: a column of typed numbers within range (the common case) is
    checked and converted by builtins running over the whole column, and only a column holding something
    else (text, a fraction for a count, more than 4 decimals, a date…) is read cell by cell. The problems
    come out in the order of the rows, as a row-by-row reading would give them."""
    start = len(plan.problems)
    body = rows[1:]
    total = len(body)
    max_year = timezone.localdate().year
    width = max(columns.values()) + 1
    if body and min(map(len, body)) < width:
        body = [row if len(row) >= width else [*row, *[""] * (width - len(row))] for row in body]
    cells = list(zip(*body)) if body else [()] * width  # one tuple per column of the sheet
    skip = _rows_with_nul(plan, cells)
    # An optional (v2) column absent from an older template is not read: the figure stays as recorded.
    keys, values = [], []
    for key in NUMBER_KEYS:
        if key in columns:
            keys.append(key)
            values.append(_figures_in(plan, cells[columns[key]], columns[key], BY_NAME[key], skip))
    for key in FLAGS:
        if key in columns:
            keys.append(key)
            values.append(_answers_in(plan, cells[columns[key]], columns[key], skip))
    required = [(columns[k], BY_NAME[k]) for k in NUMBER_KEYS if BY_NAME[k].required and k in columns]
    code_at, year_at, estimate_at = columns["org_code"], columns["year"], columns["is_estimate"]
    code_cells, year_cells, estimate_cells = cells[code_at], cells[year_at], cells[estimate_at]
    codes = list(map(str.strip, code_cells)) if _all_of(code_cells, str) else None
    years = _whole_numbers(year_cells, FIRST_YEAR, max_year)
    estimates = [cell == 1.0 for cell in estimate_cells] if set(estimate_cells) <= {"", 0.0, 1.0} else None
    # A row is filled when one of its figures, answers or its estimate has a cell that is not empty.
    answered = [cells[columns[key]] for key in keys] + [estimate_cells]
    every_row = any("" not in column for column in answered)  # a column filled on every row
    filled = [True] * total if every_row else list(map(any, zip(*[map(ne, column, repeat("")) for column in answered])))
    # The rows lacking a required figure, found over the columns: most sheets have none.
    lacking = {i for index, _figure in required for i in _empty_cells(cells[index])}
    parsed, seen = [], {}
    if (every_row and not skip and not lacking and codes is not None and years is not None and estimates is not None
            and "" not in codes and len(set(zip(codes, years))) == total):
        # Nothing for the loop below to find (every row filled, typed and unique): the rows are zipped whole.
        parsed = list(zip(range(2, total + 2), codes, years, zip(*values, estimates), repeat(columns, total)))
    for i, figures in enumerate(() if parsed else zip(*values) if values else repeat((), total)):
        number = i + 2
        if progress and number % CHUNK == 0:
            progress(number, total)
        if number in skip:
            continue
        code = codes[i] if codes is not None else _code(code_cells[i])
        if not filled[i]:
            if code or year_cells[i] not in ("", None):
                plan.empty_rows += 1
            continue
        for index, figure in required if i in lacking else ():
            if cells[index][i] in ("", None):
                plan.problem(number, column_letter(index), f"{figure.label}: {_('this figure is required')}")
        figures = (*figures, estimates[i] if estimates is not None
                   else _estimate(plan, number, estimate_at, estimate_cells[i]))
        year = years[i] if years is not None else _year(plan, number, year_at, year_cells[i], max_year)
        if not code:
            plan.problem(number, column_letter(code_at), _("the registration number is empty"))
            continue
        key = (code, year)
        if key in seen:
            plan.problem(number, column_letter(code_at),
                         _("duplicate row: %(code)s, %(year)s is already on row %(row)s") % {
                             "code": code, "year": year, "row": seen[key]})
            continue
        seen[key] = number
        parsed.append((number, code, year, figures, columns))
    plan.problems[start:] = sorted(plan.problems[start:], key=itemgetter("row"))  # stable: a row's own order kept
    given = {key for key, column in zip(keys, values) if any(map(is_not, column, repeat(None)))}
    return parsed, (*keys, "is_estimate"), given, _screen(dict(zip(keys, values)), years)


def _rows_with_nul(plan, cells):
    """Numbers of the rows with a NUL character in some text cell, each recorded as a problem.

    Only text can hold one: one pass over each column's text in C, and rows are looked at one by
    one only when some cell has one."""
    texts = ("".join(compress(column, map(isinstance, column, repeat(str)))) for column in cells)
    if not any("\x00" in text for text in texts):
        return set()
    rows = set()
    for index, column in enumerate(cells):
        for number, cell in enumerate(column, start=2):
            if isinstance(cell, str) and "\x00" in cell:
                plan.problem(number, column_letter(index), _("the cell contains a NUL character (code 0), which "
                                                             "no text may hold; remove it"))
                rows.add(number)
    return rows


def _has_none(column):
    """Whether ``column`` holds None (by identity: ``None in`` would ask each Decimal to compare)."""
    return any(map(is_, column, repeat(None)))


def _empty_cells(column):
    """Indexes of the empty cells of ``column``."""
    if "" not in column and None not in column:
        return []
    return [i for i, cell in enumerate(column) if cell in ("", None)]


def _all_of(column, kind):
    return set(map(type, column)) <= {kind}


def _typed(column):
    """The filled cells of ``column`` when all of them are finite typed numbers (floats, as the reader
    gives them), else None."""
    filled = [cell for cell in column if cell != ""]
    if _all_of(filled, float) and all(map(math.isfinite, filled)):
        return filled
    return None


def _whole_numbers(column, low, high):
    """The column as ints when every cell is a whole typed number within [low, high], else None."""
    filled = _typed(column)
    if filled is None or len(filled) != len(column) or not filled:
        return None
    if low <= min(filled) and max(filled) <= high and all(map(float.is_integer, filled)):
        return list(map(int, filled))
    return None


def _figures_in(plan, column, index, figure, skip):
    """The values of one figure's column (None for an empty cell or one with a problem, recorded).

    Money read over the whole column is the text ``Decimal`` writes for each cell (``str(Decimal(text))``
    is ``text``): most rows are only staged for the save, which gives the database that text, so no
    ``Decimal`` is made for them. Read cell by cell, money is ``Decimal``."""
    filled = _typed(column)
    if filled is not None:
        if not filled:
            return [None] * len(column)
        if float(figure.minimum) <= min(filled) and max(filled) <= float(figure.maximum):
            if figure.integer:
                if all(map(float.is_integer, filled)):
                    return _scatter(column, filled, map(int, filled))
            else:
                # What Decimal(repr(x)) gives, a whole number without its ".0" (as Decimal(int(x)) writes it),
                # all in C: adding 0.0 turns -0.0 into 0.0. Within the figures' range (below 2^40), repr
                # writes at most 4 decimals and no exponent exactly when round(x, 4) == x: one search over
                # the column's text proves it for every cell (``tests/collection/test_upload_money.py``).
                # The text is kept: it is what Decimal writes, and what the save gives the database.
                texts = list(map(str.removesuffix, map(repr, map(float.__add__, filled, repeat(0.0))),
                                 repeat(".0")))
                if not _MORE_DECIMALS.search(" ".join(texts)):
                    return _scatter(column, filled, texts)
    return [None if cell == "" or cell is None or number in skip else _number(plan, number, index, cell, figure)
            for number, cell in enumerate(column, start=2)]


_MORE_DECIMALS = re.compile(r"\.[0-9]{%d}|e" % (DECIMAL_PLACES + 1))


def _scatter(column, filled, values):
    """``values`` (one for each of the ``filled`` cells of ``column``) in the column's places, None
    for its empty cells."""
    if len(filled) == len(column):
        return list(values)
    values = iter(values)
    return [None if cell == "" else next(values) for cell in column]


def _answers_in(plan, column, index, skip):
    """The answers of one yes/no column (SPEC §2 v2): True, False, or None for not answered."""
    if set(column) <= {"", 0.0, 1.0}:
        return [None if cell == "" else cell == 1.0 for cell in column]
    return [None if number in skip else _answer(plan, number, index, cell)
            for number, cell in enumerate(column, start=2)]


def _number(plan, row, index, value, figure):
    if value is None or value == "":
        return None  # a missing required figure is reported once the row is known to be filled
    kind = type(value)
    if (kind is int or kind is float) and math.isfinite(value) and figure.minimum <= value <= figure.maximum:
        # The common case of a typed cell within range, without the general path's conversions;
        # anything doubtful (a fraction for a count, more than 4 decimals) goes the general way.
        if value == int(value):
            return int(value) if figure.integer else Decimal(int(value))
        if not figure.integer and round(value, DECIMAL_PLACES) == value:
            return Decimal(repr(value))  # at most DECIMAL_PLACES decimals, as repr writes it
    letter = column_letter(index)
    if isinstance(value, bool) or isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        plan.problem(row, letter, _("“%(value)s” is not a number") % {"value": value})
        return None
    if isinstance(value, str):
        # A number typed as text is read the Vietnamese way (SPEC §2): 27.500, 8.438,5; 11,000 is refused.
        try:
            number = numbers.parse(value[:60], "vi")
        except numbers.NumberInputError as exc:
            plan.problem(row, letter, f"{figure.label}: {exc}")
            return None
    else:
        number = Decimal(int(value)) if float(value).is_integer() else Decimal(repr(value))
    reason = check_value(figure, number)
    if reason:
        plan.problem(row, letter, f"{figure.label}: {reason}")
        return None
    return int(number) if figure.integer else number


def _code(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value not in (None, "") else ""


def _answer(plan, row, index, value):
    """A yes/no question (SPEC §2 v2): 1, 0, or empty for not answered (None)."""
    if value in ("", None):
        return None
    if isinstance(value, str):
        value = value.strip()
    if value in (1, True, "1") or value == 1.0:
        return True
    if value in (0, False, "0") or value == 0.0:
        return False
    plan.problem(row, column_letter(index), _("type 1 (yes), 0 (no) or leave the cell empty (not answered), not "
                                              "“%(value)s”") % {"value": value})
    return None


def _estimate(plan, row, index, value):
    if value in ("", None, 0, False) or value == 0.0:
        return False
    if value in (1, True) or value == 1.0:
        return True
    plan.problem(row, column_letter(index), _("estimate must be 1 (yes) or 0 (no), not “%(value)s”") % {"value": value})
    return False


def _year(plan, row, index, value, max_year):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not FIRST_YEAR <= value <= max_year:
        plan.problem(row, column_letter(index), _("year must be a year between %(first)s and %(last)s, not “%(value)s”")
                     % {"first": FIRST_YEAR, "last": max_year, "value": value})
        return None
    return value


def _screen(values, years):
    """(row numbers where a check between figures may be broken, the codes of the checks not screened).

    The checks of :mod:`hoptac.registry.report_checks` whose operation is one of those
    :class:`~hoptac.registry.report_checks.Check` defines (``le``, ``sum``, ``minimum``) are
    worked out over the sheet's columns at once, as ``Check.broken`` does for one row (a check
    applies only when the figures it compares are given): the rows they flag are checked again
    one by one (which also applies the check's kinds and writes its message). A check of
    another operation, or on a figure the sheet lacks (taken from the recorded report), is left
    to each row (``tests/collection/test_upload_screen.py`` holds the two ways together)."""
    suspects, unscreened = set(), set()
    decimals = {}
    rules = report_checks.in_force()
    # The rows' kinds are known later: the highest minimum of any kind flags every row that may fall short.
    minimum = {year: max((m for m in (rules.minimum(kind, year) for kind in rules.minimums) if m is not None),
                         default=None) for year in set(years or ())}
    for check in rules.checks:  # in force, of every kind
        names = (*check.left, check.right)
        if any(name not in values for name in names) or (check.op == "minimum" and years is None):
            unscreened.add(check.code)
            continue
        columns = _compared(values, names, check.op, decimals)
        right = columns[check.right]
        # A column with no empty cell (the common case) is compared by builtins over the whole column.
        whole = not any(map(_has_none, (columns[name] for name in names)))
        if check.op == "le" and len(check.left) == 1 and whole:
            hits = compress(count(), map(gt, columns[check.left[0]], right))
        elif check.op == "le" and len(check.left) == 1:
            hits = (i for i, (a, b) in enumerate(zip(columns[check.left[0]], right))
                    if a is not None and b is not None and a > b)
        elif check.op == "sum" and whole:
            hits = compress(count(), map(ne, map(sum, zip(*[columns[name] for name in check.left])), right))
        elif check.op == "sum":
            parts = [columns[name] for name in check.left]
            hits = (i for i, (b, *a) in enumerate(zip(right, *parts))
                    if b is not None and all(x is not None for x in a) and sum(a) != b)
        elif check.op == "minimum" and len(check.left) == 1 and whole and None not in minimum.values():
            hits = compress(count(), map(lt, columns[check.left[0]], map(minimum.__getitem__, years)))
        elif check.op == "minimum" and len(check.left) == 1:
            hits = (i for i, (a, b, year) in enumerate(zip(columns[check.left[0]], right, years))
                    if minimum[year] is not None and (a if a is not None else b) is not None
                    and (a if a is not None else b) < minimum[year])
        else:
            unscreened.add(check.code)
            continue
        suspects.update(i + 2 for i in hits)
    return suspects, unscreened


def _compared(values, names, op, decimals):
    """The columns of ``names`` as a check compares them. A money column the parse kept as text (see
    :func:`_figures_in`) is compared as floats where only the order of such columns and of counts
    matters (``le``): the shortest text of a float orders as the float does against any float or int,
    since both are exact and rounding keeps the order. Otherwise (a sum, a legal minimum) it is
    compared as ``Decimal`` values, made once per column in ``decimals``."""
    texts = [name for name in names if any(map(isinstance, values[name], repeat(str)))]
    if not texts:
        return values
    columns = {name: values[name] for name in names}
    ordered = op == "le" and all(name in texts or BY_NAME[name].integer for name in names)
    for name in texts:
        if ordered:
            columns[name] = [None if text is None else float(text) for text in values[name]]
        else:
            if name not in decimals:
                decimals[name] = [None if text is None else Decimal(text) for text in values[name]]
            columns[name] = decimals[name]
    return columns


def _plan_rows(plan, parsed, names, given, screened, user, progress):
    """Each parsed row checked against the register and planned. ``names``: those of the rows' values;
    ``given``: the figures some row of the sheet has a value for; ``screened``: what :func:`_screen` found."""
    suspects, unscreened = screened
    codes = {code for _n, code, *_rest in parsed}
    orgs = {}
    if len(codes) > CHUNK:
        # Many codes: one pass over the register costs less than preparing their IN lists.
        orgs = {c: (pk, kind) for c, pk, kind in Organization.objects.values_list("code", "pk", "kind") if c in codes}
    for chunk in _chunks(sorted(codes) if len(codes) <= CHUNK else ()):
        orgs.update({c: (pk, kind) for c, pk, kind in
                     Organization.objects.filter(code__in=chunk).values_list("code", "pk", "kind")})
    allowed = _allowed(user, [pk for pk, _kind in orgs.values()])
    years = {year for _n, _c, year, *_rest in parsed if year}
    latest, last_year = _existing([pk for pk, _kind in orgs.values()], years)
    may_reopen = policy.can(user, policy.REOPEN_REPORT, Organization)
    rules = report_checks.in_force()  # read once for the sheet, not per row and check
    # Every row has the same figures (the sheet's columns): those it lacks are found once.
    absent = [key for key in FIELDS if key not in names]
    names = (*names, *absent)
    # A check between figures applies only when every figure it compares is given (Check.values): one
    # that no column of the sheet (nor a recorded report, for the columns it lacks) can feed never applies.
    # A row that none of the others breaks is not run through the messages.
    fed = dict.fromkeys([*given, *absent], 1)
    checks_for = {}
    code_column = column_letter(parsed[0][4]["org_code"]) if parsed else ""
    for done, (number, code, year, values, columns) in enumerate(parsed, start=1):
        if progress and done % CHUNK == 0:
            progress(done, len(parsed))
        org_id, kind = orgs.get(code, (None, None))
        if org_id is None:
            plan.problem(number, code_column, _("unknown registration number %(code)s") % {"code": code})
            continue
        if allowed is not None and org_id not in allowed:
            plan.problem(number, code_column, _("%(code)s is not an organisation of your units") % {"code": code})
            continue
        if number in plan.bad_rows:
            continue
        report = latest.get((org_id, year))
        if absent:  # columns the workbook does not have keep what is recorded
            values = (*values, *(report[key] if report is not None else None for key in absent))
        previous = last_year.get((org_id, year - 1))
        if kind not in checks_for:
            applicable = [c for c in rules.applicable(kind) if c.code in unscreened and c.values(fed) is not None]
            # A year-on-year check reads two of the row's values and last year's figure: it is tested on
            # the values (see _moved), without the row's dict. It cannot be broken without last year's
            # report: those rows skip it.
            checks_for[kind] = ([c for c in applicable if c.op != "change"],
                                [(c, *map(_index_in(names), (c.left[0], c.right))) for c in applicable if c.op == "change"])
        checks, moves = checks_for[kind]
        # The row's dict only where something reads it: most rows are only staged (see staged_rows).
        figures = _figures(names, values) if checks or report is not None or number in suspects else None
        broken = []
        if number in suspects or checks and any(
                c.broken(figures, year, minimum=rules.minimum(kind, year),
                         before=previous.get(c.left[0]) if previous else None)
                for c in checks) or previous and moves and any(_moved(move, values, previous) for move in moves):
            figures = _figures(names, values) if figures is None else figures
            broken = check_consistency(figures, year=year, kind=kind, last_year=previous)
        if broken and _inconsistent(plan, number, columns, broken, report_checks.ERROR):
            continue
        planned = Planned(number, "new", org_id, code, year, names, values)
        if report is not None:
            planned.report_id, planned.report_status, planned.report_revision = report["pk"], report["status"], report["revision"]
            planned.before = {k: report[k] for k in FIELDS}
            planned.first_submitted_at = report["first_submitted_at"]
            outcome = workflow.replacing(report["status"], may_reopen=may_reopen)
            if _same(figures, planned.before):
                planned.kind = "unchanged"  # an untouched row: saving leaves its report alone, whatever its step
            elif outcome == workflow.IN_REVIEW:
                plan.problem(number, code_column, _(
                    "the report of %(code)s for %(year)s is %(status)s and under review; it must be returned "
                    "before it can be replaced") % {"code": code, "year": year, "status": ReportStatus(report["status"]).label})
                continue
            elif outcome == workflow.LOCKED:
                plan.problem(number, code_column, _(
                    "the report of %(code)s for %(year)s is approved and locked; a province officer must reopen "
                    "the year with a reason before it can be changed") % {"code": code, "year": year})
                continue
            else:
                planned.kind = "changed"
                planned.correction = outcome == workflow.CORRECT
                if planned.correction:
                    # SPEC §2 v2: reopening a locked year is a lock exception with a reason; the
                    # confirming note the warnings ask for is that reason, kept in the audit trail.
                    plan.warnings.append({"sheet": SHEET, "row": number, "column": code_column, "reason": str(_(
                        "the report of %(code)s for %(year)s is approved and locked; saving reopens the year as a "
                        "correction revision: give the reason in the confirming note") % {"code": code, "year": year})})
        if broken and planned.kind != "unchanged":
            _inconsistent(plan, number, columns, broken, report_checks.WARNING)
        plan.rows.append(planned)


def _index_in(names):
    """``name``'s place among ``names``, None when it is not among them."""
    return lambda name: names.index(name) if name in names else None


def _moved(move, values, previous):
    """Whether a row's ``values`` break the year-on-year check of ``move`` ((check, the place of its
    figure, the place of the figure it needs given), see :func:`_plan_rows`) against ``previous``,
    last year's report: :meth:`Check.broken <hoptac.registry.report_checks.Check.broken>` on the
    row's figures, read from its values (money kept as text is the same number to ``moved``)."""
    check, at, needed = move
    if at is None or needed is None or values[at] is None or values[needed] is None:
        return False  # a figure the check compares is not given (Check.values)
    before = previous.get(check.left[0])
    return before is not None and report_checks.moved(values[at], before, check.factor)


def _inconsistent(plan, number, columns, broken, severity):
    """Record the checks of ``severity`` among ``broken`` (what :func:`check_consistency` gives for
    the row): errors as problems, warnings to confirm. True when the row has an error."""
    error = False
    for name, check, message in broken:
        if check.severity != severity:
            continue
        column = column_letter(columns[name]) if name in columns else column_letter(columns["org_code"])
        if check.severity == report_checks.ERROR:
            plan.problem(number, column, message)
            error = True
        else:
            plan.warnings.append({"sheet": SHEET, "row": number, "column": column, "reason": str(message)})
    return error


def _equal(key, figures, before):
    a, b = figures.get(key), before.get(key)
    if key == "is_estimate":
        return bool(a) == bool(b)
    return (a is None) == (b is None) and (a is None or Decimal(a) == Decimal(b))


def _same(figures, before):
    return all(_equal(key, figures, before) for key in FIELDS)


def _allowed(user, org_ids):
    """Ids among ``org_ids`` the user may report for; None when the user covers the whole province."""
    if policy.reach(user, policy.SUBMIT_REPORT) == policy.ALL:
        return None
    allowed = set()
    scope = policy.organizations_for(user, policy.SUBMIT_REPORT)
    for chunk in _chunks(org_ids):
        allowed.update(scope.filter(pk__in=chunk).values_list("pk", flat=True))
    return allowed


def _existing(org_ids, years):
    latest, last_year = {}, {}
    if not years:
        return latest, last_year
    wanted = ["pk", "organization_id", "year", "revision", "status", "in_force", "first_submitted_at", *FIELDS]
    prior = {y - 1 for y in years}
    if len(org_ids) > CHUNK:
        # Many organisations: the reports of those years, kept for them, cost less than IN lists.
        wanted_ids = set(org_ids)
        found = (r for r in AnnualReport.objects.filter(year__in=years | prior).values(*wanted)
                 if r["organization_id"] in wanted_ids)
    else:
        found = (r for chunk in _chunks(org_ids)
                 for r in AnnualReport.objects.filter(organization_id__in=chunk, year__in=years | prior).values(*wanted))
    for r in found:
        key = (r["organization_id"], r["year"])
        if r["year"] in years and (key not in latest or latest[key]["revision"] < r["revision"]):
            latest[key] = r
        if r["in_force"] and r["year"] in prior:
            last_year[key] = r
    return latest, last_year


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _json(figures):
    if figures is None:
        return None
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in figures.items()}


# --- saving ------------------------------------------------------------------


class UploadRefused(Exception):
    """The workbook no longer passes the checks; nothing was saved."""

    def __init__(self, plan):
        super().__init__(_("The file has %(n)s problems; nothing was saved.") % {"n": len(plan.problems)})
        self.plan = plan


def staged_rows(plan):
    """The rows saving ``plan`` writes (:mod:`hoptac.collection.staging`'s lists): those not unchanged,
    money as text."""
    with cycles_left_alone():
        kept = [p for p in plan.rows if p.kind != "unchanged"]
        # Every row of a plan has the same names: the values are put in FIELDS order by one getter.
        in_order = itemgetter(*map(kept[0].names.index, FIELDS)) if kept else None
        figures = _money_as_text([in_order(p.values) for p in kept])
        before = iter(_money_as_text([itemgetter(*FIELDS)(p.before) for p in kept if p.before is not None]))
        return [[p.row, p.organization_id, p.code, p.year, p.report_id, p.report_status, p.report_revision,
                 p.first_submitted_at, p.correction, values, None if p.before is None else next(before)]
                for p, values in zip(kept, figures)]


def _money_as_text(rows):
    """Each of ``rows`` (values in ``FIELDS`` order) as a list, money as text: worked over the columns,
    so that the conversion runs in builtins rather than once per cell (money the parse kept as text
    stays as it is)."""
    if not rows:
        return []
    columns = list(zip(*rows))
    for i, name in enumerate(FIELDS):
        if name in BY_NAME and not BY_NAME[name].integer:
            column = columns[i]
            columns[i] = [None if v is None else str(v) for v in column] if _has_none(column) else map(str, column)
    return list(map(list, zip(*columns)))


@transaction.atomic
def apply(path, user, *, note="", progress=None, staged=None):
    """Save every row of the workbook, or nothing. Returns the plan's summary.

    ``staged``: (payload, stamp) the preview kept (:mod:`hoptac.collection.staging`). Its rows are
    written as they are while the stamp has not changed (the same file, register, uploader and
    rules). Otherwise the rows are planned again against the current database: from what the preview
    read of the file while the file and the rules are the same (:func:`plan_again`), else from the
    workbook checked again."""
    workflow.require(user, policy.VERIFY_REPORT, Organization)
    payload, token = staged or (None, None)
    kept = staging.decode(bytes(payload)) if payload else None
    if kept is None or not token or staging.stamp(path, user) != token:
        with cycles_left_alone():
            if kept is not None and kept[2]["for"] == staging.file_stamp(path):
                plan = plan_again(kept[0], kept[2], user, progress=progress)
            else:
                plan = check(path, user, progress=progress)
            del kept
            if plan.problems:
                raise UploadRefused(plan)
            rows, summary = staged_rows(plan), plan.summary
            del plan  # freed while the collector sleeps (see cycles_left_alone)
    else:
        rows, summary, _reading = kept
        for row in rows:
            if row[7]:
                row[7] = staging.moment(row[7])
    _write(rows, user, note)
    return summary


def _write(rows, user, note):
    """Write the staged ``rows``: new reports and corrections inserted, drafts and returned reports
    replaced, each with its step, and one audit entry for the upload."""
    now = timezone.now()
    new, updated = [], []
    for row in rows:
        if row[4] is None or row[8]:
            new.append(row)  # a first report, or a correction of the approved one (workflow.replacing)
        else:
            updated.append(row)  # a draft or returned report, replaced and submitted
    # The register's change stamp fires once for the upload, not once per report (SQLite).
    with cycles_left_alone(), bulk_load(), insert_triggers_once(AnnualReport):
        report_ids = _insert_reports(new, user, now)
        AnnualReport.objects.bulk_update(
            [AnnualReport(pk=row[4], status=ReportStatus.SUBMITTED, submitted_at=now, submitted_by=user,
                          first_submitted_at=row[7] or now, **dict(zip(FIELDS, row[9]))) for row in updated],
            [*FIELDS, "status", "submitted_at", "submitted_by", "first_submitted_at"], batch_size=1000,
        )
        steps = [(report_ids[(row[1], row[3], row[6] + 1)], "", row) for row in new]
        steps += [(row[4], row[5], row) for row in updated]
        _insert_steps(steps, user, now, note)
        # One entry for the upload, keeping each report's figures before and after: the fields it changes
        # (for a new report, those it gives).
        before, after = {}, {}
        for _id, _status, row in steps:
            key = f"{row[2]}/{row[3]}"
            if row[10] is None:
                before[key] = None
                after[key] = dict(compress(zip(FIELDS, row[9]), map(is_not, row[9], repeat(None))))
            else:
                changed = [i for i, name in enumerate(FIELDS) if not _equal_values(name, row[9][i], row[10][i])]
                before[key] = {FIELDS[i]: row[10][i] for i in changed}
                after[key] = {FIELDS[i]: row[9][i] for i in changed}
        with quick_compression():
            audit.record("collection.report.uploaded", AnnualReport, before=before, after=after, user=user, note=note,
                         channel=Channel.UPLOAD)


def _equal_values(key, a, b):
    return _equal(key, {key: a}, {key: b})


@contextmanager
def cycles_left_alone():
    """The cyclic garbage collector paused while a large sheet turns into millions of objects, none
    of which form cycles: it would walk all of them again and again (a third of a 100,000-row check).
    Reference counting frees them as usual. Objects still alive when it resumes are walked then, once
    by each generation (half a second for a 100,000-row plan): a caller done with the plan drops it
    inside the pause."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# The two inserts below are the cost of a large upload. They go through the bulk
# inserter of the interchange (COPY on PostgreSQL, one prepared executemany on SQLite,
# inside apply's transaction), which takes the columns from the model, so a figure added
# to AnnualReport is written here without a change; the values are already checked and
# typed, and date-times go through the backend's own adapter once.

def _insert_reports(rows, user, now):
    """Insert submitted reports for the staged ``rows``; return {(organization_id, year, revision): id}."""
    if not rows:
        return {}
    adapt = connection.ops.adapt_datetimefield_value
    stamp = adapt(now)
    common = (ReportStatus.SUBMITTED.value, False, "", stamp, user.pk, stamp, user.pk)
    Inserter(AnnualReport).insert_tuples(
        ("organization_id", "year", "revision", "first_submitted_at", *FIELDS,
         "status", "in_force", "comment", "created_at", "created_by_id", "submitted_at", "submitted_by_id"),
        ((row[1], row[3], row[6] + 1, adapt(row[7]) if row[7] else stamp, *row[9], *common) for row in rows))
    wanted = {(row[1], row[3], row[6] + 1) for row in rows}
    ids = {}
    years = {row[3] for row in rows}
    org_ids = sorted({row[1] for row in rows})
    if len(org_ids) > CHUNK:  # as in _existing: the reports of those years rather than IN lists
        found = AnnualReport.objects.filter(year__in=years).values_list("pk", "organization_id", "year", "revision")
    else:
        found = (found for chunk in _chunks(org_ids) for found in AnnualReport.objects.filter(
            organization_id__in=chunk, year__in=years).values_list("pk", "organization_id", "year", "revision"))
    for pk, org_id, year, revision in found:
        if (org_id, year, revision) in wanted:
            ids[(org_id, year, revision)] = pk
    return ids


def _insert_steps(steps, user, now, note):
    stamp = connection.ops.adapt_datetimefield_value(now)
    template = _("%(file)s, row %(row)s")
    Inserter(ReportStep).insert_tuples(
        ("report_id", "status_before", "comment", "action", "status_after", "at", "by_id"),
        ((report_id, before, template % {"file": note, "row": row[0]},
          Action.UPLOADED.value, ReportStatus.SUBMITTED.value, stamp, user.pk) for report_id, before, row in steps))
