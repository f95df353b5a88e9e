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
import math
import re
import zipfile
from dataclasses import dataclass, field
from itertools import chain, compress, repeat
from operator import itemgetter
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from hoptac.accounts import policy
from hoptac.audit import trail as audit
from hoptac.audit.models import Channel
from hoptac.core import numbers, spreadsheets
from hoptac.core.inserts import Inserter, bulk_load
from hoptac.registry import report_checks
from hoptac.registry.models import AnnualReport, Organization, ReportStatus
from hoptac.registry.report_checks import BY_NAME, DECIMAL_PLACES, FIELDS, FLAGS, check_value

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
    figures: dict
    report_id: int | None = None  # the latest revision, when one exists
    report_status: str = ""
    report_revision: int = 0
    before: dict | None = None
    first_submitted_at: datetime.datetime | None = None
    correction: bool = False  # an approved year changed by a new revision (workflow.replacing)


@dataclass
class Plan:
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    empty_rows: int = 0
    bad_rows: set = field(default_factory=set)

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
        return [{"row": p.row, "kind": p.kind, "code": p.code, "year": p.year,
                 "status": p.report_status, "revision": p.report_revision,
                 "figures": _json(p.figures), "before": _json(p.before),
                 "changed": [k for k in FIELDS if p.before is not None and not _equal(k, p.figures, p.before)]}
                for p in shown]


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
    parsed = _parse_rows(plan, rows, columns, progress)
    _plan_rows(plan, parsed, user, progress)
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
    """[(row number, code, year, figures)] of the filled rows, with cell-level problems recorded."""
    parsed, seen = [], {}
    total = len(rows) - 1
    max_year = timezone.localdate().year
    width = max(columns.values()) + 1
    # Per cell this loop is the cost of a large upload: the columns are looked up once, a row
    # too short is padded once, and a cell is read by its index.
    # An optional (v2) column absent from an older template is not read: the figure stays as recorded.
    figure_columns = [(key, columns[key], BY_NAME[key]) for key in NUMBER_KEYS if key in columns]
    flag_columns = [(key, columns[key]) for key in FLAGS if key in columns]
    # The bounds of each figure as floats (all of them exact), for the common case below.
    typed = [(key, index, figure, figure.integer, float(figure.minimum), float(figure.maximum))
             for key, index, figure in figure_columns]
    code_at, year_at, estimate_at = columns["org_code"], columns["year"], columns["is_estimate"]
    # Only text can hold a NUL: one pass over the sheet's cells in C, and rows are looked at one by one
    # only when some cell has one.
    every = list(chain.from_iterable(rows))
    has_nul = "\x00" in "".join(compress(every, map(isinstance, every, repeat(str))))
    for number, cells in enumerate(rows[1:], start=2):
        if progress and number % CHUNK == 0:
            progress(number, total)
        if has_nul and any(type(cell) is str and "\x00" in cell for cell in cells):
            for index, cell in enumerate(cells):
                if isinstance(cell, str) and "\x00" in cell:
                    plan.problem(number, column_letter(index), _("the cell contains a NUL character (code 0), which "
                                                                 "no text may hold; remove it"))
            continue
        if len(cells) < width:
            cells = [*cells, *[""] * (width - len(cells))]
        figures, filled = {}, False
        for key, index, figure, integer, low, high in typed:
            cell = cells[index]
            kind = type(cell)
            # The common case inline: a typed number within range (NaN and infinities are not), whole,
            # or with at most DECIMAL_PLACES decimals for money; anything else goes through _number.
            if (kind is float or kind is int) and low <= cell <= high:
                filled = True
                if kind is int:
                    figures[key] = cell if integer else Decimal(cell)
                    continue
                if cell.is_integer():
                    figures[key] = int(cell) if integer else Decimal(int(cell))
                    continue
                if not integer and round(cell, DECIMAL_PLACES) == cell:
                    figures[key] = Decimal(repr(cell))
                    continue
            if cell is None or cell == "":
                figures[key] = None
            else:
                figures[key] = _number(plan, number, index, cell, figure)
                filled = True
        for key, index in flag_columns:
            cell = cells[index]
            if cell is None or cell == "":
                figures[key] = None
            else:
                figures[key] = _answer(plan, number, index, cell)
                filled = True
        estimate = cells[estimate_at]
        filled = filled or estimate not in ("", None)
        code = _code(cells[code_at])
        if not filled:
            if code or cells[year_at] not in ("", None):
                plan.empty_rows += 1
            continue
        for key, index, figure in figure_columns:
            if figure.required and cells[index] in ("", None):
                plan.problem(number, column_letter(index), f"{figure.label}: {_('this figure is required')}")
        figures["is_estimate"] = _estimate(plan, number, estimate_at, estimate)
        year = _year(plan, number, year_at, cells[year_at], max_year)
        if not code:
            plan.problem(number, column_letter(code_at), _("the registration number is empty"))
            continue
        key = (code, year)
        if key in seen:
            plan.problem(number, column_letter(columns["org_code"]),
                         _("duplicate row: %(code)s, %(year)s is already on row %(row)s") % {
                             "code": code, "year": year, "row": seen[key]})
            continue
        seen[key] = number
        parsed.append((number, code, year, figures, columns))
    return parsed


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


def _plan_rows(plan, parsed, user, progress):
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
    # Every row has the same figures (the sheet's columns): those it lacks are found once.
    absent = [key for key in FIELDS if key not in parsed[0][3]] if parsed else []
    for done, (number, code, year, figures, columns) in enumerate(parsed, start=1):
        if progress and done % CHUNK == 0:
            progress(done, len(parsed))
        code_column = column_letter(columns["org_code"])
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
        for key in absent:  # columns the workbook does not have keep what is recorded
            figures[key] = report[key] if report is not None else None
        broken = check_consistency(figures, year=year, kind=kind, last_year=last_year.get((org_id, year - 1)))
        if _inconsistent(plan, number, columns, broken, report_checks.ERROR):
            continue
        planned = Planned(number, "new", org_id, code, year, figures)
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
        if planned.kind != "unchanged":
            _inconsistent(plan, number, columns, broken, report_checks.WARNING)
        plan.rows.append(planned)


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


@transaction.atomic
def apply(path, user, *, note="", progress=None):
    """Check again and save every row of the workbook, or nothing. Returns the :class:`Plan`."""
    workflow.require(user, policy.VERIFY_REPORT, Organization)
    plan = check(path, user, progress=progress)
    if plan.problems:
        raise UploadRefused(plan)
    now = timezone.now()
    new, updated = [], []
    for planned in plan.rows:
        if planned.kind == "unchanged":
            continue
        if planned.report_id is None or planned.correction:
            new.append(planned)  # a first report, or a correction of the approved one
        else:
            updated.append(planned)  # a draft or returned report, replaced and submitted
    with bulk_load():
        report_ids = _insert_reports(new, user, now)
    AnnualReport.objects.bulk_update(
        [AnnualReport(pk=p.report_id, status=ReportStatus.SUBMITTED, submitted_at=now, submitted_by=user,
                      first_submitted_at=p.first_submitted_at or now,
                      **{k: p.figures[k] for k in FIELDS}) for p in updated],
        [*FIELDS, "status", "submitted_at", "submitted_by", "first_submitted_at"], batch_size=1000,
    )
    steps = [(report_ids[(p.organization_id, p.year, p.report_revision + 1)], "", p) for p in new]
    steps += [(p.report_id, p.report_status, p) for p in updated]
    _insert_steps(steps, user, now, note)
    # One entry for the upload, keeping each report's figures before and after.
    before = {f"{p.code}/{p.year}": _json(p.before) for _, _, p in steps}
    after = {f"{p.code}/{p.year}": _json({k: p.figures[k] for k in FIELDS}) for _, _, p in steps}
    audit.record("collection.report.uploaded", AnnualReport, before=before, after=after, user=user, note=note,
                 channel=Channel.UPLOAD)
    return plan


# The two inserts below are the cost of a large upload. They go through the bulk
# inserter of the interchange (COPY on PostgreSQL, one prepared executemany on SQLite,
# inside apply's transaction), which takes the columns from the model, so a figure added
# to AnnualReport is written here without a change; the values are already checked and
# typed, and date-times go through the backend's own adapter once.

def _insert_reports(planned_rows, user, now):
    """Insert submitted reports; return {(organization_id, year, revision): id}."""
    if not planned_rows:
        return {}
    adapt = connection.ops.adapt_datetimefield_value
    stamp = adapt(now)
    figures_of = itemgetter(*FIELDS)
    common = (ReportStatus.SUBMITTED.value, False, "", stamp, user.pk, stamp, user.pk)
    Inserter(AnnualReport).insert_tuples(
        ("organization_id", "year", "revision", "first_submitted_at", *FIELDS,
         "status", "in_force", "comment", "created_at", "created_by_id", "submitted_at", "submitted_by_id"),
        ((p.organization_id, p.year, p.report_revision + 1,
          adapt(p.first_submitted_at) if p.first_submitted_at else stamp, *figures_of(p.figures), *common)
         for p in planned_rows))
    wanted = {(p.organization_id, p.year, p.report_revision + 1) for p in planned_rows}
    ids = {}
    years = {p.year for p in planned_rows}
    org_ids = sorted({p.organization_id for p in planned_rows})
    if len(org_ids) > CHUNK:  # as in _existing: the reports of those years rather than IN lists
        found = AnnualReport.objects.filter(year__in=years).values_list("pk", "organization_id", "year", "revision")
    else:
        found = (row for chunk in _chunks(org_ids) for row in AnnualReport.objects.filter(
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
        ((report_id, before, template % {"file": note, "row": p.row},
          Action.UPLOADED.value, ReportStatus.SUBMITTED.value, stamp, user.pk) for report_id, before, p in steps))
