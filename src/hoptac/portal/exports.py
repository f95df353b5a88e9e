"""Downloads of what the statistics page shows: CSV (all tables, one after the
other) and XLSX (one sheet per table, typed numbers)."""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from hoptac.core import spreadsheets
from hoptac.portal.selectors import withheld


def _number(value):
    """Machine-readable number: '.' decimals, no grouping."""
    if isinstance(value, float | Decimal):
        return f"{round(float(value), 4):g}" if abs(float(value)) < 1e15 else str(value)
    return str(value)


def _withheld(value):
    return withheld(value) or withheld(getattr(value, "value", None))


def _plain(value):
    """A cell's value: numbers stay numbers (written by :func:`_number`), the rest is text (a figure
    withheld from the public: "— (ít hơn 3 báo cáo)")."""
    if _withheld(value):
        return str(value)
    value = getattr(value, "value", value)
    return value if value is None or isinstance(value, int | float | Decimal) else str(value)


def csv_response(tables, filename):
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    writer = csv.writer(out, lineterminator="\n")
    for i, table in enumerate(tables):
        if i:
            writer.writerow([])
        # Text cells that look like formulas get a leading "'" (names are the public's data).
        writer.writerow(spreadsheets.csv_row([table.title]))
        writer.writerow(spreadsheets.csv_row([str(c) for c in table.columns]))
        for row in table.rows:
            writer.writerow(spreadsheets.csv_row([_plain(v) for v in row], _number))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _typed(value):
    if _withheld(value):
        return str(value)
    value = getattr(value, "value", value)
    return float(value) if isinstance(value, Decimal) else value


def xlsx_response(tables, filename):
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(table.slug[:31])
        sheet.append(spreadsheets.xlsx_row(sheet, [table.title]))
        sheet["A1"].font = bold
        sheet.append(spreadsheets.xlsx_row(sheet, [str(c) for c in table.columns]))
        for cell in sheet[2]:
            cell.font = bold
        for row in table.rows:
            sheet.append(spreadsheets.xlsx_row(sheet, [_typed(v) for v in row]))
        sheet.column_dimensions["A"].width = 48
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
