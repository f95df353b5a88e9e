"""The register against a list exported from the national registration system (SPEC §5, ``hoptac reconcile``).

The list is one CSV file (UTF-8) or the first sheet of an XLSX workbook with, at least, a code, a
name and a status column (their names are options) and optionally a unit-code column. A row matches
the organisation whose ``code`` is the row's code, else the one whose ``legacy_number`` is. National
statuses are read through ``data/national_statuses.csv``. The differences:

``missing_in_register``  a row that matches no organisation;
``missing_in_file``      an organisation existing today that no row matches;
``status``               the row's status (mapped) differs from the organisation's status today;
``name``                 the names differ (ignoring case, Unicode form and spacing);
``unit``                 the organisation's unit today does not lie in the row's unit (through the 2025
                         crosswalk: a new commune code covers the old communes that went into it).

A file that cannot be compared (unreadable, a missing column, a duplicate code, an unknown status or
unit code) raises :class:`ReconcileError` with one line per problem, naming file, row and column;
nothing is compared then.
"""

import csv
import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from python_calamine import CalamineError, CalamineWorkbook

from hoptac.core import spreadsheets
from hoptac.geo.models import Unit, UnitClosure
from hoptac.geo.search import fold
from hoptac.registry.models import GONE_STATUSES, Organization, Status

STATUS_TABLE = Path(__file__).with_name("data") / "national_statuses.csv"
# The v1 ``merged`` is a consolidation or an absorption whose form the register does not know.
SAME_STATUS = {Status.MERGED.value: {Status.CONSOLIDATED.value, Status.ABSORBED.value}}

KINDS = {
    "missing_in_register": gettext_lazy("in the file, not in the register"),
    "missing_in_file": gettext_lazy("in the register, not in the file"),
    "status": gettext_lazy("status differs"),
    "name": gettext_lazy("name differs"),
    "unit": gettext_lazy("unit differs"),
}
TAX_CODE_DIGITS = 10
COLUMNS = ("kind", "code", "row", "name", "register", "file")


class ReconcileError(Exception):
    """The file cannot be compared; ``problems`` holds one line per problem."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Difference:
    kind: str
    code: str  # the register's code, or the file's for a row missing in the register
    row: int | None  # the file's row number (header = row 1), None for an organisation missing in the file
    name: str
    register: str = ""
    file: str = ""

    @property
    def kind_label(self):
        return str(KINDS[self.kind])

    def as_row(self):
        """The difference as the cells of an export (kind as its label)."""
        return [self.kind_label, self.code, "" if self.row is None else self.row, self.name, self.register, self.file]

    def as_dict(self):
        return asdict(self)


@dataclass(frozen=True)
class Columns:
    code: str = "code"
    name: str = "name"
    status: str = "status"
    unit: str = ""  # optional; empty = compare units only when the file has a column "unit"


@cache
def status_table():
    """{folded national wording: status} from the data file, plus the register's own codes."""
    table = {fold(value): value for value in Status.values}
    with STATUS_TABLE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            status = row["status"].strip()
            if status not in Status.values:
                raise ValueError(f"{STATUS_TABLE.name}: unknown status {status!r}")
            table[fold(row["national"])] = status
    return table


def normal_name(name):
    text = unicodedata.normalize("NFC", name or "").casefold()
    return re.sub(r"\s+", " ", text).strip()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code typed as a number in Excel
    return str(value).strip()


def read_rows(path, max_bytes=None):
    """(label, header, rows) of a CSV file or of a workbook's first sheet; rows[i] is row i + 2."""
    path = Path(path)
    if not path.is_file():
        raise ReconcileError([_("%(path)s does not exist or is not a file") % {"path": path}])
    label = path.name
    if path.suffix.lower() == ".xlsx":
        try:
            spreadsheets.guard_workbook(path, max_bytes=max_bytes)
            workbook = CalamineWorkbook.from_path(str(path))
            name = workbook.sheet_names[0]
            records = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except spreadsheets.WorkbookRefused as exc:
            raise ReconcileError([f"{label}: {exc}"]) from None
        except (CalamineError, OSError, ValueError, IndexError) as exc:
            raise ReconcileError([_("%(file)s cannot be read as an Excel workbook (.xlsx): %(error)s")
                                  % {"file": label, "error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__}]) from None
        label = _("%(file)s, sheet %(sheet)s") % {"file": label, "sheet": name}
        records = [[_cell(v) for v in record] for record in records]
        header, rows = (records[0], records[1:]) if records else (None, [])
        return label, header, [r if any(r) else [] for r in rows]
    if path.suffix.lower() != ".csv":
        raise ReconcileError([_("%(file)s: give a .csv or .xlsx file") % {"file": label}])
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header, rows, ragged = spreadsheets.read_csv(handle)
    except UnicodeDecodeError:
        raise ReconcileError([_("%(file)s is not UTF-8 text (save it as “CSV UTF-8”)") % {"file": label}]) from None
    except csv.Error as exc:
        raise ReconcileError([_("%(file)s cannot be read as CSV: %(error)s") % {"file": label, "error": exc}]) from None
    if ragged:
        raise ReconcileError([_("%(file)s, row %(row)d: %(rule)s") % {"file": label, "row": r.number, "rule": r.rule}
                              for r in ragged])
    return label, header, rows


def _file_entries(label, header, rows, columns, today):
    """[(row number, code, name, status, unit or None)] of the file; ReconcileError listing every problem."""
    if header is None:
        raise ReconcileError([_("%(file)s is empty: it needs a header row") % {"file": label}])
    header = [h.strip() for h in header]
    unit_column = columns.unit or ("unit" if "unit" in header else "")
    wanted = [columns.code, columns.name, columns.status] + ([unit_column] if unit_column else [])
    missing = [c for c in wanted if c not in header]
    if missing:
        raise ReconcileError([_("%(file)s: no column %(column)s (the header has: %(header)s); name the columns with "
                                "--code-column, --name-column, --status-column, --unit-column")
                              % {"file": label, "column": f"“{c}”", "header": ", ".join(header)} for c in missing])
    at = {name: header.index(name) for name in wanted}
    table, problems, entries, seen, units = status_table(), [], [], {}, {}
    for number, row in enumerate(rows, start=2):
        if not row:
            continue

        def where(column):
            return _("%(file)s, row %(row)d, column %(column)s") % {"file": label, "row": number, "column": column}

        code, name, raw_status = (row[at[c]].strip() for c in (columns.code, columns.name, columns.status))
        if not code:
            problems.append(_("%(where)s: the code is empty") % {"where": where(columns.code)})
            continue
        if code in seen:
            problems.append(_("%(where)s: the code %(code)s is already on row %(first)d")
                            % {"where": where(columns.code), "code": code, "first": seen[code]})
            continue
        seen[code] = number
        status = table.get(fold(raw_status))
        if status is None:
            problems.append(_("%(where)s: the status “%(value)s” is not in the table of national statuses "
                              "(registry/data/national_statuses.csv)") % {"where": where(columns.status), "value": raw_status})
        unit = None
        if unit_column and row[at[unit_column]].strip():
            unit_code = row[at[unit_column]].strip()
            if unit_code not in units:
                # Today's unit with that code, else the last one that had it (a list made before the reform).
                units[unit_code] = (Unit.objects.on(today).filter(code=unit_code).first()
                                    or Unit.objects.filter(code=unit_code).order_by("-valid_to").first())
            unit = units[unit_code]
            if unit is None:
                problems.append(_("%(where)s: no unit has the code %(value)s")
                                % {"where": where(unit_column), "value": unit_code})
        entries.append((number, code, name, status, unit))
    if problems:
        raise ReconcileError(problems)
    return entries


def _status_matches(register, national):
    return register == national or national in SAME_STATUS.get(register, ())


def compare(path, columns=Columns(), organizations=None, max_bytes=None, today=None):
    """The differences between the register (``organizations``, default all) and the file at ``path``."""
    today = today or timezone.localdate()
    label, header, rows = read_rows(path, max_bytes)
    entries = _file_entries(label, header, rows, columns, today)
    organizations = Organization.objects.all() if organizations is None else organizations
    register = {o.code: o for o in organizations.select_related("unit")}
    by_legacy = {}
    for org in register.values():
        if org.legacy_number:
            by_legacy.setdefault(org.legacy_number, org)
    matched, differences = set(), []
    under = {}
    for number, code, name, status, unit in entries:
        org = register.get(code) or by_legacy.get(code)
        if org is None and code.isdigit() and len(code) < TAX_CODE_DIGITS:
            # A tax code typed as a number in a spreadsheet loses its leading zeros (0201234567 → 201234567).
            padded = code.zfill(TAX_CODE_DIGITS)
            org = register.get(padded) or by_legacy.get(padded)
        if org is None or org.pk in matched:
            differences.append(Difference("missing_in_register", code, number, name, file=code))
            continue
        matched.add(org.pk)
        if not _status_matches(org.status, status):
            differences.append(Difference("status", org.code, number, org.name,
                                          register=str(Status(org.status).label), file=str(Status(status).label)))
        if normal_name(org.name) != normal_name(name):
            differences.append(Difference("name", org.code, number, org.name, register=org.name, file=name))
        if unit is not None:
            if unit.pk not in under:
                under[unit.pk] = set(UnitClosure.objects.filter(ancestor=unit).values_list("descendant_id", flat=True))
            if org.unit_id not in under[unit.pk]:
                differences.append(Difference("unit", org.code, number, org.name,
                                              register=f"{org.unit.name} ({org.unit.code})",
                                              file=f"{unit.name} ({unit.code})"))
    for org in sorted(register.values(), key=lambda o: o.code):
        if org.pk not in matched and org.status not in GONE_STATUSES:
            differences.append(Difference("missing_in_file", org.code, None, org.name, register=org.code))
    return differences


def headings():
    return [_("difference"), _("registration number"), _("row in the file"), _("name"), _("in the register"),
            _("in the file")]


def write_csv(stream, differences):
    writer = spreadsheets.csv_writer(stream)
    writer.writerow(headings())
    for d in differences:
        writer.writerow(d.as_row())


def workbook(differences):
    """An openpyxl workbook of the differences (text cells stay text)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("differences")[:31]
    sheet.append(spreadsheets.xlsx_row(sheet, headings()))
    for d in differences:
        sheet.append(spreadsheets.xlsx_row(sheet, d.as_row()))
    return book
