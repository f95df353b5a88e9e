"""The one writer of text cells, the one CSV reader and the one workbook guard (core.spreadsheets)."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from hoptac.core import spreadsheets
from tests.hostile_files import far_cell_workbook, workbook, zip_bomb_workbook

FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-3+4", "@SUM(A1)", "'quoted", "\t=1", "\r=1"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_formula_like_text_gets_one_quote_in_csv_and_numbers_do_not():
    assert spreadsheets.csv_row([*FORMULAS, "Hợp tác xã", -5, Decimal("-1.5"), None, True]) == [
        *("'" + f for f in FORMULAS), "Hợp tác xã", "-5", "-1.5", "", "1"]


def test_csv_cells_read_back_unchanged():
    out = io.StringIO()
    spreadsheets.csv_writer(out).writerows([["name", "profit"], *[[f, -5] for f in FORMULAS]])
    header, rows, ragged = spreadsheets.read_csv(io.StringIO(out.getvalue(), newline=""))
    assert header == ["name", "profit"] and not ragged
    assert rows == [[f, "-5"] for f in FORMULAS]


def test_text_is_never_a_formula_in_xlsx(tmp_path):
    for write_only in (True, False):
        book = Workbook(write_only=write_only)
        sheet = book.create_sheet("s")
        sheet.append(spreadsheets.xlsx_row(sheet, [*FORMULAS, 7]))
        if not write_only:
            spreadsheets.xlsx_put(sheet, 2, 1, "=1+1")
        path = tmp_path / f"{write_only}.xlsx"
        book.save(path)
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("xl/worksheets/sheet1.xml" if write_only else "xl/worksheets/sheet2.xml")
        assert b"<f>" not in xml and b"<f " not in xml
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("s").to_python()
        assert rows[0] == [*FORMULAS, 7]


def test_a_short_or_long_row_is_ragged_never_padded():
    text = "a,b,c\n1,2,3\n1,2\n\n1,2,3,4\n,,\n"
    header, rows, ragged = spreadsheets.read_csv(io.StringIO(text, newline=""))
    assert rows == [["1", "2", "3"], None, [], None, []]
    assert [(r.number, r.found, r.expected) for r in ragged] == [(3, 2, 3), (5, 4, 3)]
    assert str(ragged[0]) == ("row 3: 2 cells where the header has 3: the row is cut short or has cells too many "
                              "(nothing is read from it)")


def test_the_guard_refuses_a_sheet_reaching_the_last_cell_of_excel(tmp_path):
    for reference in ("XFD1048576", "xfd0001048576", "B5000000", "AAA30000"):
        with pytest.raises(spreadsheets.WorkbookRefused, match="reaches cell"):
            spreadsheets.guard_workbook(far_cell_workbook(tmp_path / "far.xlsx", reference=reference))


def test_the_guard_refuses_a_zip_bomb(tmp_path):
    with pytest.raises(spreadsheets.WorkbookRefused, match="possible zip bomb"):
        spreadsheets.guard_workbook(zip_bomb_workbook(tmp_path / "bomb.xlsx"))


def test_the_guard_passes_an_ordinary_workbook_and_refuses_a_large_one(tmp_path):
    book = Workbook()
    for n in range(2000):
        book.active.append([f"HP-{n}", "htx", f"HTX {n}", 303, None, "2005-01-01"] + [n] * 20)
    path = tmp_path / "ok.xlsx"
    book.save(path)
    spreadsheets.guard_workbook(path)
    with pytest.raises(spreadsheets.WorkbookRefused, match="the limit is"):
        spreadsheets.guard_workbook(path, max_bytes=1000)


def test_the_guard_reads_a_reference_cut_between_two_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(spreadsheets, "SCAN_CHUNK", 7)
    with pytest.raises(spreadsheets.WorkbookRefused, match="reaches cell"):
        spreadsheets.guard_workbook(far_cell_workbook(tmp_path / "far.xlsx", reference="XFD" + "0" * 40 + "1048576"))


def test_the_guard_refuses_a_far_row_hidden_early_in_an_ordered_sheet(tmp_path):
    # The far reference comes first and thousands of ordinary rows follow it: the rows at the end of the
    # sheet are not its extent.
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(3, 3000))
    for reference in ("A5000000", "a0005000000", "AB900000"):
        path = workbook(tmp_path / "early.xlsx", "organizations",
                        f'<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="{reference}"><v>1</v></c></row>{rows}')
        with pytest.raises(spreadsheets.WorkbookRefused, match="reaches cell"):
            spreadsheets.guard_workbook(path)


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 10**8), st.sampled_from(['"', "'"])), max_size=40),
       st.integers(0, 10**8))
def test_the_last_row_is_the_largest_reference_in_any_order_and_spelling(references, bottom):
    data = b"".join(f"<c r={quote}A{'0' * zeros}{number}{quote}><v>1</v></c>".encode()
                    for zeros, number, quote in references)
    data += b"<c r=\"B7\"/>" * 500  # ordinary references after them, more than the end that gives the candidate
    expected = max([bottom, 7, *(number for _zeros, number, _quote in references)])
    assert spreadsheets._last_row(data, bottom) == expected


def test_the_proving_search_finds_exactly_the_references_to_later_rows():
    for last in (0, 7, 9, 10, 99, 100, 109, 190, 1000, 1099, 12345, 99999, 100001):
        pattern = spreadsheets._row_after(last)
        for row in [*range(1200), 12344, 12345, 12346, 99999, 100000, 100001, 100002, 200000, 10**6]:
            for spelling in (f'r="A{row}"', f"r='ab00{row}'", f'r="XFD0{row}"'):
                assert bool(pattern.search(f"<c {spelling}/>".encode())) == (row > last), (last, spelling)
