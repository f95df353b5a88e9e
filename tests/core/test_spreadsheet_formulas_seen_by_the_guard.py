"""The workbook guard notices, on its one pass over each sheet, which sheets hold a formula, so a
reader looking for formulas opens the workbook again only for those (usually none)."""

import pytest
from openpyxl import Workbook

from hoptac.core import spreadsheets


def workbook(path, formula=None):
    book = Workbook()
    book.active.title = "data"
    for n in range(300):
        book.active.append([f"HP-{n}", n, n * 2.5])
    book.create_sheet("notes").append(["ghi chú", "<f>không phải công thức</f>"])  # text: escaped, never a tag
    if formula:
        book["data"]["C150"] = formula
    book.save(path)
    return path


def test_a_workbook_without_formulas_names_no_part(tmp_path):
    assert spreadsheets.guard_workbook(workbook(tmp_path / "plain.xlsx")) == set()


@pytest.mark.parametrize("chunk", [spreadsheets.SCAN_CHUNK, 5, 2])
def test_the_sheet_holding_a_formula_is_named_even_when_its_tag_is_cut_between_chunks(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(spreadsheets, "SCAN_CHUNK", chunk)
    assert spreadsheets.guard_workbook(workbook(tmp_path / "f.xlsx", "=A1*8")) == {"xl/worksheets/sheet1.xml"}
