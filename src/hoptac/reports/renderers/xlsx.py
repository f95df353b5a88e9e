"""The report's tables as an Excel workbook (openpyxl).

The first sheet holds the header lines and the key indicators; each table of
the report gets its own sheet. Numbers are stored as numbers with a number
format (Excel shows them with the reader's separators); the provenance line
and the data-quality notes follow on a last sheet.
"""

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from hoptac.reports.document import BREAK, Heading, Paragraph

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
INVALID_SHEET_CHARS = re.compile(r"[\[\]\*\?/\\:]")


def _sheet_title(name, used):
    title = INVALID_SHEET_CHARS.sub("-", name)[:31] or "Sheet"
    base, n = title, 2
    while title in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def render(doc):
    """XLSX bytes for a :class:`~hoptac.reports.document.Document`."""
    book = Workbook()
    used = set()
    tables = doc.tables()
    summary = next((t for t in tables if t.key == "summary"), None)
    first = book.active
    first.title = _sheet_title(summary.sheet if summary else doc.title.kind.title(), used)
    row = _front_matter(first, doc)
    if summary:
        _table(first, summary, row + 1)
    else:
        for block in doc.blocks:
            if isinstance(block, Paragraph):
                row = _text(first, row + 1, block.text)
    for table in tables:
        if table is summary:
            continue
        sheet = book.create_sheet(_sheet_title(table.sheet or table.key, used))
        _table(sheet, table, 1)
    notes = book.create_sheet(_sheet_title("Ghi chú" if doc.lang == "vi" else "Notes", used))
    row = 0
    quality = _quality_notes(doc)
    for text in quality:
        row = _text(notes, row + 1, text)
    row = _text(notes, row + 2, doc.provenance, italic=True)
    notes.column_dimensions["A"].width = 120
    props = book.properties
    props.title = f"{doc.title.kind} {doc.title.subject}"
    props.creator = doc.header.issuer
    props.description = doc.provenance
    props.language = doc.lang
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _quality_notes(doc):
    """The texts of the last section (data quality), found by position: after its heading."""
    blocks = doc.blocks
    headings = [i for i, b in enumerate(blocks) if isinstance(b, Heading)]
    if not headings:
        return [b.text for b in blocks if isinstance(b, Paragraph)]
    last = headings[-1]
    return [blocks[last].text, *(b.text for b in blocks[last + 1:] if isinstance(b, Paragraph))]


def _text(sheet, row, text, bold=False, italic=False, size=12):
    cell = sheet.cell(row=row, column=1, value=text)
    cell.font = Font(name=FONT, size=size, bold=bold, italic=italic)
    cell.alignment = Alignment(wrap_text=False, vertical="top")
    return row


def _front_matter(sheet, doc):
    h = doc.header
    lines = [(h.issuer_parent, False), (h.issuer, True), (h.number, False), (h.nation, True), (h.motto, True),
             (h.place_date, False), ("", False), (doc.title.kind, True), (doc.title.subject, True)]
    for row, (text, bold) in enumerate(lines, start=1):
        if text:
            _text(sheet, row, text, bold=bold, size=13 if bold else 12)
    return len(lines) + 1


def _table(sheet, table, top):
    width = len(table.columns)
    caption = sheet.cell(row=top, column=1, value=table.caption)
    caption.font = Font(name=FONT, size=12, bold=True, italic=True)
    head = top + 1
    for c, label in enumerate(table.columns, start=1):
        cell = sheet.cell(row=head, column=c, value=label)
        cell.font = Font(name=FONT, size=11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = GRID
    rows = [*table.rows, *([table.total] if table.total else [])]
    for r, values in enumerate(rows, start=head + 1):
        bold = bool(table.total) and r == head + len(rows)
        for c, value in enumerate(values, start=1):
            if value.numeric:
                cell = sheet.cell(row=r, column=c, value=value.value)
                cell.number_format = value.number_format or "General"
                cell.alignment = Alignment(horizontal="right")
            else:
                cell = sheet.cell(row=r, column=c, value=value.text.replace(BREAK, "") or None)
                cell.alignment = Alignment(horizontal="center" if value.text == "–" else "left", wrap_text=True)
            cell.font = Font(name=FONT, size=11, bold=bold)
            cell.border = GRID
    if table.note:
        note = sheet.cell(row=head + len(rows) + 1, column=1, value=table.note)
        note.font = Font(name=FONT, size=10, italic=True)
    weights = table.widths or (1,) * width
    for c, weight in enumerate(weights, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = 6 if c == 1 else max(10, 7 * weight)
    sheet.freeze_panes = sheet.cell(row=head + 1, column=1)
    return head + len(rows) + 2
