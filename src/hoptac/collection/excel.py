"""The annual-report workbook: one sheet ``annual_reports`` in the columns of
the interchange format (SPEC §4) plus the organisation's name, and a sheet of
instructions. Header cells read "label [key]": the key in brackets is what the
upload checker matches, so a workbook exported in the interchange format (bare
keys) uploads as well.
"""

import io
import re

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from hoptac.core import numbers
from hoptac.core.spreadsheets import xlsx_put
from hoptac.registry.models import AnnualReport
from hoptac.registry.report_checks import BY_NAME, FIGURES, FLAGS, V1_FIGURES, V2_FIGURES


SHEET = "annual_reports"
INSTRUCTIONS_SHEET = "huong_dan"
V1_KEYS = ("org_code", "name", "year", *[f.name for f in V1_FIGURES], "is_estimate")
# v2 (SPEC §2): optional columns, so that a workbook made from an older template still uploads.
V2_KEYS = (*[f.name for f in V2_FIGURES], *FLAGS)
KEYS = V1_KEYS + V2_KEYS
REQUIRED_KEYS = tuple(k for k in V1_KEYS if k != "name")
NUMBER_KEYS = tuple(f.name for f in FIGURES)
YES_NO_KEYS = ("is_estimate", *FLAGS)
_BRACKETED = re.compile(r"\[([a-z_]+)\]\s*$")


def labels():
    return {
        "org_code": _("registration number"),
        "name": _("name"),
        "year": _("year"),
        **{f.name: str(f.label) for f in FIGURES},
        "is_estimate": _("estimate (1 = yes, 0 = no)"),
        **{name: _("%(label)s (1 = yes, 0 = no, empty = not answered)")
           % {"label": AnnualReport._meta.get_field(name).verbose_name} for name in FLAGS},
    }


def header_key(text):
    """The column key a header cell names ("Thành viên [members]" → "members")."""
    text = str(text or "").strip()
    match = _BRACKETED.search(text)
    return match.group(1) if match else text.lower()


def build_template(unit, year, organizations, current=None, language="vi"):
    """The workbook (bytes) for ``unit`` and ``year``, one row per organisation.

    ``organizations`` is an iterable of (code, name); ``current`` maps a code to
    the figures already on record (pre-filled so that the officer corrects them).
    """
    current = current or {}
    with translation.override(language):
        wb = Workbook()
        ws = wb.active
        ws.title = SHEET
        _data_sheet(ws, year, list(organizations), current)
        _instructions(wb.create_sheet(INSTRUCTIONS_SHEET), unit, year)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _data_sheet(ws, year, organizations, current):
    names = labels()
    header_fill = PatternFill("solid", fgColor="DDE7F0")
    locked_fill = PatternFill("solid", fgColor="F2F2F2")
    for col, key in enumerate(KEYS, start=1):
        label = names[key]
        cell = xlsx_put(ws, 1, col, f"{label[:1].upper()}{label[1:]} [{key}]")
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = 38 if key == "name" else 16
    ws.row_dimensions[1].height = 48
    ws.freeze_panes = "C2"
    last = len(organizations) + 1
    for row, (code, name) in enumerate(organizations, start=2):
        figures = current.get(code, {})
        # Names and codes are text cells: a name starting with "=" must not become a formula.
        xlsx_put(ws, row, 1, code).fill = locked_fill
        xlsx_put(ws, row, 2, name).fill = locked_fill
        ws.cell(row=row, column=3, value=year).fill = locked_fill
        for col, key in enumerate(KEYS[3:], start=4):
            value = figures.get(key)
            if key == "is_estimate":
                value = int(bool(value)) if figures else None
            elif key in FLAGS:
                value = None if value is None else int(value)
            elif value is not None:
                value = float(value) if not BY_NAME[key].integer else int(value)
            cell = ws.cell(row=row, column=col, value=value)
            cell.protection = Protection(locked=False)
            if not BY_NAME.get(key) or not BY_NAME[key].integer:
                cell.number_format = "0" if key in YES_NO_KEYS else "#,##0.####"
    _validations(ws, last)
    # Header, codes, names and year are locked; only the figures can be typed in.
    ws.protection.sheet = True
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.protection.autoFilter = False


def _validations(ws, last):
    if last < 2:
        return
    for col, key in enumerate(KEYS[3:], start=4):
        letter = get_column_letter(col)
        if key in YES_NO_KEYS:
            dv = DataValidation(type="list", formula1='"0,1"', allow_blank=True)
        else:
            figure = BY_NAME[key]
            dv = DataValidation(
                type="whole" if figure.integer else "decimal", operator="between",
                formula1=str(figure.minimum), formula2=str(figure.maximum), allow_blank=True,
            )
        dv.error = _("Type a number between the limits given in the instructions sheet.")
        dv.errorTitle = _("Value not accepted")
        dv.showErrorMessage = True
        dv.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(dv)
    ws["A1"].comment = Comment(_("Do not change this row, the codes or the sheet name."), "hoptac")


def _instructions(ws, unit, year):
    ws.column_dimensions["A"].width = 110
    lines = [
        (_("Annual report of cooperatives — %(unit)s, year %(year)s") % {"unit": unit.name, "year": year}, True),
        ("", False),
        (_("1. Fill in one row per organisation on the sheet “%(sheet)s”. The registration number, name and "
           "year are filled in and locked; do not add, delete or reorder columns, and do not rename the sheet.")
         % {"sheet": SHEET}, False),
        (_("2. Money is in million VND. Type plain numbers (no text, no units, no formulas, no merged cells)."),
         False),
        (_("3. Members and workers are whole numbers; revenue is required; profit and value added may be "
           "negative."), False),
        (_("4. Estimate: type 1 when the figures are an estimate, 0 when they are final."), False),
        (_("4a. Further figures (official and associate members, regular workers, capital, managers, yes/no "
           "questions) are optional: leave a cell empty when it was not reported. Members must equal official plus "
           "associate members; revenue from members cannot exceed revenue; regular workers cannot exceed workers. "
           "For the yes/no questions type 1 (yes) or 0 (no); an empty cell means not answered."), False),
        (_("5. Leave a row empty when the organisation has not reported yet: it is skipped."), False),
        (_("6. Upload the file in the back office (Annual reports → Upload Excel). You will see what changes "
           "and every problem before anything is saved; nothing is saved until you confirm."), False),
        ("", False),
        (_("Accepted ranges:"), True),
    ]
    for figure in FIGURES:
        required = _("required") if figure.required else _("optional")
        lines.append((f"• {figure.label}: {numbers.localized(figure.minimum, 0)} … {numbers.localized(figure.maximum, 0)} ({required})", False))
    for row, (text, bold) in enumerate(lines, start=1):
        cell = xlsx_put(ws, row, 1, text)
        cell.alignment = Alignment(wrap_text=True)
        if bold:
            cell.font = Font(bold=True, size=12 if row == 1 else 11)
    ws.protection.sheet = True
