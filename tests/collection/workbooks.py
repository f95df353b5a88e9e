"""Workbooks for upload tests: the real template, then filled or damaged with openpyxl."""

import io

from openpyxl import load_workbook

from hoptac.collection.excel import SHEET, build_template

FILLED = {"members": 120, "workers": 15, "revenue": 8000, "profit": 350, "income": 46, "value_added": 900,
          "is_estimate": 0}
COLUMNS = {"members": "D", "workers": "E", "revenue": "F", "profit": "G", "income": "H", "value_added": "I",
           "is_estimate": "J"}


def template(unit, year, organizations):
    return load_workbook(io.BytesIO(build_template(unit, year, [(o.code, o.name) for o in organizations])))


def fill(wb, row, **figures):
    ws = wb[SHEET]
    for key, value in {**FILLED, **figures}.items():
        ws[f"{COLUMNS[key]}{row}"] = value
    return wb


def save(wb, path):
    wb.save(path)
    return path
