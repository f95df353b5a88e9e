"""Spreadsheet files in and out: the one place where cells meet CSV and XLSX.

Every export and every workbook read goes through here, so that the rules below
hold everywhere (SPEC §4):

* **Writing text cells.** A text cell that starts with ``=``, ``+``, ``-``,
  ``@`` or ``'`` (or a tab or carriage return, which some spreadsheets skip
  before looking for a formula) is written to CSV with one leading ``'``, so
  that a spreadsheet opening the file shows text instead of running a formula;
  in XLSX every text cell is written as a text cell, never a formula (and a
  formula-like one is marked "quote prefix", so that Excel keeps it as text
  when it is edited). Numbers, dates and empty cells are written as they are.
  :func:`csv_row`, :func:`xlsx_row` and :func:`xlsx_put` are the writers.
* **Reading CSV.** :func:`read_csv` gives the header and the rows of a CSV
  file with one leading ``'`` removed from every cell (so written text reads
  back unchanged) and refuses a row that has fewer or more cells than the
  header: a cut or shifted row is a :class:`RaggedRow`, never padded.
* **Reading workbooks.** :func:`guard_workbook` inspects an XLSX file before
  any parser sees it: its size, its zip directory (a zip bomb is refused from
  the sizes it declares) and the cell references of its sheets (one cell at
  ``XFD1048576`` makes a 2 KB file ask the reader for 500 GB of memory).
  :func:`guard_archive` does the zip part for a zip of CSV files.
"""

import csv
import datetime
import functools
import re
import zipfile
from decimal import Decimal

import defusedxml.ElementTree as ET
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

FORMULA_START = ("=", "+", "-", "@", "'", "\t", "\r")
QUOTE = "'"

# The largest sheet a workbook may declare through its cell references. A sheet
# is read as a rectangle from its first to its last reference, each cell costing
# memory whether it is filled or not: 20 million cells is about 1.5 GB once read,
# and more than ten times the largest register we import (300,000 annual reports).
MAX_CELLS = 20_000_000
MAX_COLUMNS = 16_384  # XFD, the last column of Excel
MAX_ROWS = 1_048_576  # the last row of Excel
MAX_MEMBERS = 10_000
SCAN_CHUNK = 4 * 1024 * 1024


# --- writing ---------------------------------------------------------------


def csv_text(text):
    """``text`` as written in a CSV cell: one leading ``'`` when it could be read as a formula."""
    return QUOTE + text if text.startswith(FORMULA_START) else text


def csv_value(value, number=str):
    """One cell of a CSV row: text escaped, numbers through ``number``, dates in ISO form, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float, Decimal)):
        return number(value)
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    return csv_text(str(value))


def csv_row(values, number=str):
    """The cells of one CSV row (see :func:`csv_value`), for ``csv.writer(…).writerow``."""
    return [csv_value(v, number) for v in values]


def csv_writer(stream, number=str):
    """A ``csv.writer`` whose rows go through :func:`csv_row` (``\\n`` line ends)."""
    return _EscapingWriter(csv.writer(stream, lineterminator="\n"), number)


class _EscapingWriter:
    def __init__(self, writer, number=str):
        self._writer, self._number = writer, number

    def writerow(self, values):
        return self._writer.writerow(csv_row(values, self._number))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def _as_text(cell, value):
    """Make ``cell`` hold ``value`` as text (openpyxl turns strings starting with ``=`` into formulas)."""
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cell


def xlsx_cell(sheet, value):
    """A cell for ``sheet.append([...])`` (write-only or not): text stays text."""
    from openpyxl.cell.cell import Cell

    # Row and column are placeholders: append() puts the cell in its place.
    if isinstance(value, str):
        return _as_text(Cell(sheet, row=1, column=1), value)
    return Cell(sheet, row=1, column=1, value=value)


def xlsx_row(sheet, values):
    """The cells of one row for ``sheet.append``: text cells never become formulas."""
    return [xlsx_cell(sheet, v) for v in values]


def xlsx_put(sheet, row, column, value):
    """``sheet.cell(row, column, value)`` with text kept as text; returns the cell."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        return _as_text(cell, value)
    cell.value = value
    return cell


# --- reading CSV -----------------------------------------------------------


class RaggedRow:
    """A row whose number of cells differs from the header's (a cut or shifted line)."""

    def __init__(self, number, found, expected):
        self.number, self.found, self.expected = number, found, expected

    @property
    def rule(self):
        return _("%(found)d cells where the header has %(expected)d: the row is cut short or has cells too many "
                 "(nothing is read from it)") % {"found": self.found, "expected": self.expected}

    def __str__(self):
        return _("row %(row)d: %(rule)s") % {"row": self.number, "rule": self.rule}


def unquote(cell):
    """A CSV cell as written: one leading ``'`` removed."""
    return cell[1:] if cell.startswith(QUOTE) else cell


def read_csv(handle):
    """``(header, rows, ragged)`` of an open CSV file.

    ``rows[i]`` is row ``i + 2`` of the file (the header is row 1), its cells
    unquoted. A blank line or a row of empty cells is kept as ``[]`` so the
    numbering stays true. A row with more or fewer cells than the header is
    ``None`` (nothing of it is read) and listed in ``ragged`` as a
    :class:`RaggedRow`: the caller refuses the file. Raises ``csv.Error`` and ``UnicodeDecodeError``.
    """
    records = csv.reader(handle)
    header = next(records, None)
    if header is None:
        return None, [], []
    header = [unquote(h) for h in header]
    width = len(header)
    rows, ragged = [], []
    append = rows.append
    # The loop is the cost of reading a large register: one join tells a blank row and one
    # membership test whether any cell needs its quote removed, instead of a call per cell.
    for number, record in enumerate(records, start=2):
        if len(record) != width:
            if not "".join(record).strip():
                append([])
                continue
            ragged.append(RaggedRow(number, len(record), width))
            append(None)
            continue
        joined = "".join(record)
        if not joined.strip():
            append([])
        elif QUOTE in joined:
            append([cell[1:] if cell[:1] == QUOTE else cell for cell in record])
        else:
            append(record)
    return header, rows, ragged


# --- reading workbooks -----------------------------------------------------


class WorkbookRefused(Exception):
    """The file is not read: one line saying why, in the user's language."""


def mb(size):
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def guard_archive(path, *, max_bytes=None, not_zip=None):
    """The members of the zip file at ``path`` after the checks of size, count and compression.

    Refuses (:class:`WorkbookRefused`) a file larger than ``max_bytes``, one that
    is not a zip archive, and one whose members would expand beyond
    ``HOPTAC_UPLOAD_MAX_UNCOMPRESSED_BYTES`` or are compressed more than
    ``HOPTAC_UPLOAD_MAX_RATIO`` times: from the zip directory alone. ``not_zip``
    says what the file should have been (default: an Excel workbook).
    """
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise WorkbookRefused(_("The file is %(size)s MB; the limit is %(limit)s MB.") % {
            "size": mb(size), "limit": mb(max_bytes)})
    if not zipfile.is_zipfile(path):
        raise WorkbookRefused(not_zip or _("The file is not an Excel workbook (.xlsx) or it is damaged; save it "
                                           "again as .xlsx."))
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        raise WorkbookRefused(_("The file is damaged and cannot be opened; save it again as .xlsx.")) from None
    total = sum(m.file_size for m in members)
    limit = settings.HOPTAC_UPLOAD_MAX_UNCOMPRESSED_BYTES
    if len(members) > MAX_MEMBERS or total > limit:
        raise WorkbookRefused(_("The file expands to %(size)s MB when opened (limit %(limit)s MB); it was refused "
                                "as a possible zip bomb.") % {"size": mb(total), "limit": mb(limit)})
    ratio = settings.HOPTAC_UPLOAD_MAX_RATIO
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > ratio * max(member.compress_size, 1):
            raise WorkbookRefused(_("The part %(name)s of the file is compressed more than %(ratio)s times; it was "
                                    "refused as a possible zip bomb.") % {"name": member.filename, "ratio": ratio})
    return members


def guard_workbook(path, *, max_bytes=None):
    """Check the XLSX file at ``path`` before it is parsed; raises :class:`WorkbookRefused`.

    The zip checks of :func:`guard_archive`, then every sheet's cell references:
    a sheet reaching beyond Excel's last row or column, or spanning more than
    :data:`MAX_CELLS` cells, is refused.

    Returns the names of the sheets' parts that hold a formula, noticed on the same pass,
    so that a reader looking for formulas opens only those again (usually none).
    """
    members = guard_archive(path, max_bytes=max_bytes)
    try:
        with zipfile.ZipFile(path) as archive:
            return {member.filename for member in _sheet_members(archive, members) if _check_extent(archive, member)}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise WorkbookRefused(_("The file is damaged and cannot be opened; save it again as .xlsx.")) from None


def _sheet_members(archive, members):
    """The worksheet parts: those the workbook names, and anything under xl/worksheets/."""
    names = {m.filename: m for m in members}
    wanted = {name for name in names if name.startswith("xl/worksheets/") and name.endswith(".xml")}
    wanted.update(p for p in sheet_parts(archive).values() if p in names)
    return [names[n] for n in sorted(wanted)]


def sheet_parts(archive):
    """``{sheet name: part name}`` from the workbook's own description (empty when it has none)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    try:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target") or "" for r in rels}
    parts = {}
    for sheet in book.iterfind("m:sheets/m:sheet", ns):
        target = targets.get(sheet.get(f"{{{ns['r']}}}id"), "")
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


# References of cells and rows (r="B12", r="12"), found in the sheet's XML with its
# whitespace removed, so that every spelling the reader accepts (r = 'b0012') is
# seen. Other attributes ending in "r" may add numbers: the scan may overestimate,
# never miss.
_WHITESPACE = b" \t\r\n"
_ROW_NUMBERS = re.compile(rb"""r=["'][A-Za-z]*([0-9]+)["']""")
_WIDE_COLUMNS = re.compile(rb"""r=["']([A-Za-z]{2,})[0-9]""")
_NARROW_COLUMNS = re.compile(rb"""r=["']([A-Za-z])[0-9]""")
_FORMULA = re.compile(rb"<f[\s>/]")  # a cell's formula element


def _column_number(letters):
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _check_extent(archive, member):
    """Refuse a sheet whose references make a larger rectangle than the limits allow.

    The rectangle is measured from A1 (an overestimate for a sheet starting
    further down, which the product's files never do). About a second per
    100 MB of sheet XML.
    """
    bottom = right = 0
    narrow = formula = False
    tail = edge = b""
    with archive.open(member) as stream:
        while chunk := stream.read(SCAN_CHUNK):
            formula = formula or bool(_FORMULA.search(edge + chunk))  # the raw XML: a tag split between chunks too
            edge = chunk[-3:]
            data = tail + chunk.translate(None, _WHITESPACE)
            tail = _unfinished(data)
            bottom = _last_row(data, bottom)
            wide = {c for c in _WIDE_COLUMNS.findall(data)}
            if wide:
                right = max(right, *map(_column_number, wide))
            else:
                narrow = narrow or bool(_NARROW_COLUMNS.search(data))
            if bottom > MAX_ROWS or right > MAX_COLUMNS:
                break
    if right < 26 and narrow:
        right = 26 if bottom * 26 <= MAX_CELLS else _narrow_width(archive, member)
    right = max(right, 1)
    if bottom > MAX_ROWS or right > MAX_COLUMNS or bottom * right > MAX_CELLS:
        raise WorkbookRefused(_(
            "A sheet of the file reaches cell %(cell)s: %(rows)s rows by %(columns)s columns is more than can be "
            "read (at most %(cells)s cells); delete the empty rows and columns at its end and save it again."
        ) % {"cell": f"{_letters(min(right, MAX_COLUMNS + 1))}{bottom}", "rows": _count(bottom),
             "columns": _count(right), "cells": _count(MAX_CELLS)})
    return formula


_UNFINISHED = re.compile(rb"""r=["'][A-Za-z]*[0-9]*""")


def _unfinished(data):
    """The end of ``data`` when a reference may go on in the next chunk (scanned again with it)."""
    if data.endswith((b"r", b"r=")):
        return data[-2:]
    start = data.rfind(b'r="')
    start = max(start, data.rfind(b"r='", max(start, 0)))  # the other quote only after it: one scan, not two
    if start < 0 or not _UNFINISHED.fullmatch(data, start):
        return b""
    if len(data) - start > 1024 * 1024:  # no reference is that long: a crafted one
        raise WorkbookRefused(_("The file is damaged and cannot be opened; save it again as .xlsx."))
    return data[start:]


def _last_row(data, bottom=0):
    """The largest row number referenced in ``data``, or ``bottom`` when none is larger.

    Spreadsheets write their rows in order, so the references at the end of ``data`` give a
    candidate, and one search, which builds nothing, proves that no reference anywhere in ``data``
    goes beyond it. Only when one does (a crafted or unordered sheet) is every reference read."""
    near_end = _ROW_NUMBERS.findall(data, max(len(data) - 4096, 0))
    candidate = max(bottom, max(map(int, near_end), default=0))
    if not _row_after(candidate).search(data):
        return candidate
    return max(bottom, max(map(int, _ROW_NUMBERS.findall(data)), default=0))


@functools.lru_cache(maxsize=64)
def _row_after(number):
    """A pattern finding a reference, spelled as :data:`_ROW_NUMBERS` reads it, to a row after ``number``:
    one with more digits than it (leading zeros aside), or as many and a larger digit after a common start.

    It is tried at every reference of the sheet (most of the guard's time): the alternatives are nested by
    their common start and the quantifiers possessive, so that an ordinary reference fails after a few
    characters instead of being read again for each digit of ``number`` (half the time)."""
    digits = str(number)
    options = "|".join(filter(None, [f"[1-9][0-9]{{{len(digits)},}}+", _larger(digits)]))
    return re.compile(rf"""r=["'][A-Za-z]*+0*+(?:{options})["']""".encode())


def _larger(digits):
    """A pattern for the numbers written with as many digits as ``digits`` that are larger; None when
    there is none (all nines)."""
    if not digits:
        return None
    first, rest = digits[0], digits[1:]
    options = [f"[{int(first) + 1}-9][0-9]{{{len(rest)}}}"] if first != "9" else []
    inner = _larger(rest)
    if inner:
        options.append(f"{first}(?:{inner})")
    return "|".join(options) or None


def _narrow_width(archive, member):
    """The last column of a sheet that uses only columns A to Z (read again: rarely needed)."""
    right = 0
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(SCAN_CHUNK):
            data = tail + chunk.translate(None, _WHITESPACE)
            tail = _unfinished(data)
            letters = set(_NARROW_COLUMNS.findall(data))
            if letters:
                right = max(right, *map(_column_number, letters))
    return right


def _count(n):
    return number_format(n, force_grouping=True)


def _letters(number):
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
