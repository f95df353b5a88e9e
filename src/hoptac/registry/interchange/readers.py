"""Reading the interchange format: a folder of CSV files or one XLSX workbook.

A reader turns its source into ``{table: [row dict, …]}``, where the row at
index ``i`` is row ``i + 2`` of the file (the header is row 1) and a blank row
is kept as an empty dict so that the numbering stays true. CSV files are read by
:func:`hoptac.core.spreadsheets.read_csv` (a row with more or fewer cells than
the header is a problem, never padded; one leading ``'`` is removed from each
cell) and workbooks only after :func:`hoptac.core.spreadsheets.guard_workbook`. Problems with the
shape of a file (unknown file or sheet, unreadable text, duplicate columns) are
collected as :class:`Problem`; a path that cannot be read at all raises
:class:`ReadError`.
"""

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from hoptac.core import spreadsheets
from hoptac.registry.interchange.problems import Problem, ReadError
from hoptac.registry.interchange.schema import TABLES, is_blank, is_empty

EXTRA = None  # key of the values found beyond the header's last column


@dataclass
class ReadResult:
    tables: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)  # table -> how problems name its file


def _header_names(header, label, problems):
    """The header's column names (trailing unnamed ones dropped); a problem for each unnamed or repeated one."""
    names = [("" if is_empty(h) else str(h).strip()) for h in header]
    while names and not names[-1]:
        names.pop()
    seen = set()
    for position, name in enumerate(names, start=1):
        if not name:
            problems.append(Problem(label, 1, f"#{position}", "", _("a column without a name in the header")))
        elif name in seen:
            problems.append(Problem(label, 1, name, name, _("this column appears twice in the header")))
        seen.add(name)
    return names


def _row(names, record, text_cells):
    """The row dict of one record (see the module docstring)."""
    if record is None:  # a ragged row (reported by the reader): its columns, nothing in them
        return dict.fromkeys(n for n in names if n)
    if not (text_cells and record and record[0].strip()) and is_blank(record):
        return {}
    row = dict(zip(names, record))
    if not all(names):
        row.pop("", None)
    if len(record) > len(names):
        extra = [v for v in record[len(names):] if not is_empty(v)]
        if extra:
            row[EXTRA] = extra
    return row


def _rows(records, label, problems):
    """Row dicts from the header and the records that follow it (a workbook's typed cells)."""
    records = iter(records)
    header = next(records, None)
    if header is None:
        return None
    names = _header_names(header, label, problems)
    return [_row(names, record, False) for record in records]


class Records(Sequence):
    """The rows of a CSV file as the row dicts of the module docstring, each made when it is read.

    A file of 300,000 annual reports would otherwise hold 300,000 dicts that the staging of
    reports (:mod:`.staging`) never needs: it reads ``records`` (the csv module's lists, ``[]``
    for a blank row, None for a ragged one) when ``plain`` (every column named once, no cell
    beyond the header).
    """

    def __init__(self, names, width, records):
        self.names = names
        self.records = records
        self.plain = all(names) and len(set(names)) == len(names) == width

    def __len__(self):
        return len(self.records)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_row(self.names, record, True) for record in self.records[index]]
        return _row(self.names, self.records[index], True)

    def __iter__(self):
        names = self.names
        return (_row(names, record, True) for record in self.records)

    def columns(self):
        """The keys the row dicts hold together (EXTRA aside): every named column once a row is not blank."""
        if any(record is None or record for record in self.records):
            return {n for n in self.names if n}
        return set()


class CsvFolderReader:
    """A folder holding ``organizations.csv``, ``events.csv``… (any of them may be absent)."""

    suffix = ".csv"

    def __init__(self, path):
        self.path = Path(path)

    def read(self):
        if not self.path.is_dir():
            raise ReadError(_("%(path)s is not a folder (give a folder of CSV files or a .xlsx workbook)")
                            % {"path": self.path})
        result = ReadResult()
        files = sorted(p for p in self.path.iterdir() if p.suffix.lower() == self.suffix and p.is_file())
        for file in files:
            if file.stem not in TABLES:
                result.problems.append(Problem(file.name, 0, "", "", _("not a file of the interchange format (expected %(names)s)")
                                               % {"names": ", ".join(f"{n}.csv" for n in TABLES)}))
                continue
            result.labels[file.stem] = file.name
            try:
                with file.open(encoding="utf-8-sig", newline="") as handle:
                    header, records, ragged = spreadsheets.read_csv(handle)
                rows = None if header is None else Records(_header_names(header, file.name, result.problems),
                                                           len(header), records)
                result.problems.extend(Problem(file.name, r.number, "", "", r.rule) for r in ragged)
            except UnicodeDecodeError:
                result.problems.append(Problem(file.name, 0, "", "", _("not UTF-8 text (save it as “CSV UTF-8”)")))
                continue
            except (csv.Error, OSError) as exc:
                result.problems.append(Problem(file.name, 0, "", "", _("cannot be read as CSV: %(error)s") % {"error": exc}))
                continue
            if rows is not None:
                result.tables[file.stem] = rows
        if not files:
            raise ReadError(_("%(path)s holds no CSV file (expected %(names)s)")
                            % {"path": self.path, "names": ", ".join(f"{n}.csv" for n in TABLES)})
        return result


class WorkbookReader:
    """One XLSX workbook with a sheet per table, read with python-calamine once
    :func:`hoptac.core.spreadsheets.guard_workbook` has passed it."""

    def __init__(self, path, max_bytes=None):
        self.path = Path(path)
        self.max_bytes = max_bytes

    def read(self):
        if self.path.is_dir():
            raise ReadError(_("%(path)s is a folder, not an Excel workbook") % {"path": self.path})
        if not self.path.is_file():
            raise ReadError(_("%(path)s does not exist") % {"path": self.path})
        try:
            spreadsheets.guard_workbook(self.path, max_bytes=self.max_bytes)
        except spreadsheets.WorkbookRefused as exc:
            raise ReadError(f"{self.path}: {exc}") from None
        result = ReadResult()
        try:
            workbook = CalamineWorkbook.from_path(str(self.path))
            for name in workbook.sheet_names:
                label = f"{self.path.name} sheet {name}"
                if name.strip() not in TABLES:
                    result.problems.append(Problem(label, 0, "", "", _("not a sheet of the interchange format (expected %(names)s)")
                                                   % {"names": ", ".join(TABLES)}))
                    continue
                # skip_empty_area=False keeps leading blank rows, so row numbers match the sheet.
                records = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
                table = name.strip()
                result.labels[table] = label
                rows = _rows(records, label, result.problems)
                if rows is not None:
                    result.tables[table] = rows
        except (CalamineError, OSError, ValueError) as exc:
            raise ReadError(_("%(path)s cannot be read as an Excel workbook (.xlsx): %(error)s")
                            % {"path": self.path, "error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__}) from None
        return result


def reader_for(path, max_bytes=None):
    """The reader for ``path``: a workbook when it ends in ``.xlsx``, else a folder of CSV files.

    ``max_bytes`` limits the size of a workbook (None: no limit, for the operator's own files).
    """
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return WorkbookReader(path, max_bytes)
    if not path.exists():
        raise ReadError(_("%(path)s does not exist") % {"path": path})
    return CsvFolderReader(path)
