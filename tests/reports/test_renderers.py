"""The three files read back: every published figure of SPEC §7 in each format."""

import io
import re
import shutil
import subprocess

import openpyxl
import pytest
from docx import Document as WordDocument
from docx.shared import Mm
from pypdf import PdfReader

from hoptac.reports.builder import build
from hoptac.reports.renderers import docx as docx_renderer
from hoptac.reports.renderers import pdf as pdf_renderer
from hoptac.reports.renderers import xlsx as xlsx_renderer

# As the running text states them (Vietnamese).
FIGURES_VI = ["549", "347", "202", "208 HTX nông nghiệp", "139 HTX công nghiệp", "99 HTX thương mại",
              "29 HTX giao thông", "40 HTX", "34 HTX", "160 HTX và 01 liên hiệp HTX", "107 HTX và 09 quỹ",
              "62.950 thành viên", "8.183 người", "8.438 triệu đồng", "34,83%", "46,4 triệu đồng", "3,09 lần",
              "khoảng 300 tổ hợp tác", "trên 500 HTX đang hoạt động", "khoảng 400 tổ hợp tác",
              "trên 600 HTX đang hoạt động", "khoảng 0,5% GRDP"]


def docx_text(data):
    word = WordDocument(io.BytesIO(data))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts), word


def pdf_text(data):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def demo_doc():
    from .conftest import make_data

    return build(make_data(), "vi")


def test_docx_states_every_published_figure(demo_doc):
    text, _ = docx_text(docx_renderer.render(demo_doc))
    flat = re.sub(r"\s+", " ", text)
    for figure in FIGURES_VI:
        assert figure in flat, figure
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text


def test_docx_uses_decree_30_page_and_font(demo_doc):
    _, word = docx_text(docx_renderer.render(demo_doc))
    section = word.sections[0]
    assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert abs(section.page_width - Mm(210)) < Mm(1)
    normal = word.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 14


def test_docx_header_holds_the_national_name_and_motto_on_one_line_each(demo_doc):
    """Decree 30: measured with Times New Roman's metrics (Liberation Serif) when the font is installed."""
    _, word = docx_text(docx_renderer.render(demo_doc))
    header = word.tables[0]
    right = header.rows[0].cells[1]
    lines = {p.text: p for p in right.paragraphs if p.text}
    nation, motto = lines["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], lines["Độc lập - Tự do - Hạnh phúc"]
    assert motto.runs[0].font.size.pt == 14 and motto.runs[0].font.bold  # the report's font size
    width_mm = header.columns[1].width.mm - 3.8  # less the cell's margins
    font = shutil.which("fc-match") and subprocess.run(["fc-match", "-f", "%{file}", "Liberation Serif:bold"],
                                                        capture_output=True, text=True).stdout
    if font and font.endswith(".ttf"):
        for paragraph in (nation, motto):
            assert text_width_mm(paragraph.text, font, paragraph.runs[0].font.size.pt) < width_mm, paragraph.text
    assert width_mm >= 92


def text_width_mm(text, font_path, size_pt):
    import unicodedata

    from fontTools.ttLib import TTFont

    font = TTFont(font_path)
    cmap, advances, em = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    total = 0
    for char in unicodedata.normalize("NFC", text):
        glyph = cmap.get(ord(char)) or cmap[ord(unicodedata.normalize("NFD", char)[0])]
        total += advances[glyph][0]
    return total / em * size_pt * 25.4 / 72


def test_long_indicator_codes_may_wrap_in_word_and_pdf_but_stay_whole_in_the_spreadsheet(demo_doc):
    annex = next(t for t in demo_doc.tables() if t.key == "summary")
    code = annex.rows[-1][-1].text
    assert code.replace("\u200b", "") == "reports.coverage_pct" and "\u200b" in code
    book = openpyxl.load_workbook(io.BytesIO(xlsx_renderer.render(demo_doc)))
    cells = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "reports.coverage_pct" in cells and not any("\u200b" in c for c in cells)


def test_docx_tables_are_word_tables(demo_doc):
    _, word = docx_text(docx_renderer.render(demo_doc))
    units = next(t for t in word.tables if t.rows[0].cells[1].text == "Đơn vị")
    assert len(units.rows) == 1 + 15 + 1
    assert [c.text for c in units.rows[-1].cells][2:] == ["549", "347", "202", "160", "107", "62.950", "8.183"]
    assert len(word.inline_shapes) == 2  # the two charts


def test_pdf_states_every_published_figure(demo_doc):
    data = pdf_renderer.render(demo_doc)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for figure in FIGURES_VI:
        assert figure in text, figure
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_pdf_embeds_the_shipped_serif_font(demo_doc):
    reader = PdfReader(io.BytesIO(pdf_renderer.render(demo_doc)))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("NotoSerif" in f for f in fonts), fonts


def test_pdf_treats_register_text_as_text_not_markup(demo_doc):
    from dataclasses import replace

    from .conftest import make_data

    data = make_data()
    data.children[0] = replace(data.children[0], name='HTX "#strong[x]" $a$ *b* _c_ \\ <d>')
    text = pdf_text(pdf_renderer.render(build(data, "vi")))
    assert '#strong[x]' in text and "$a$" in text


def test_xlsx_stores_numbers_as_numbers(demo_doc):
    book = openpyxl.load_workbook(io.BytesIO(xlsx_renderer.render(demo_doc)))
    summary = book.worksheets[0]
    values = {row[4]: (row[2], cell_format) for row, cell_format in
              ((tuple(c.value for c in r), r[2].number_format) for r in summary.iter_rows(min_row=1))
              if isinstance(row[4], str) and "." in row[4]}
    assert values["htx.total"][0] == 549 and values["htx.active"][0] == 347
    assert values["htx.not_operating"][0] == 202
    assert values["htx.established"][0] == 160 and values["lhhtx.established"][0] == 1
    assert values["htx.dissolved"][0] == 107 and values["qtdnd.dissolved"][0] == 9
    assert values["members.total"] == (62950, "#,##0") and values["workers.total"][0] == 8183
    assert round(values["revenue.avg"][0]) == 8438 and values["revenue.avg"][1] == "#,##0"
    assert round(values["revenue.avg_vs_baseline_pct"][0], 2) == 34.83
    assert round(values["income.avg"][0], 1) == 46.4 and values["income.avg"][1] == "#,##0.0"
    assert round(values["income.avg_vs_baseline_ratio"][0], 2) == 3.09


def test_xlsx_has_a_sheet_per_table(demo_doc):
    book = openpyxl.load_workbook(io.BytesIO(xlsx_renderer.render(demo_doc)))
    assert book.sheetnames == ["Chỉ tiêu chủ yếu", "Lĩnh vực", "Thành lập, giải thể", "Doanh thu, thu nhập",
                               "Mục tiêu", "Theo đơn vị", "Ghi chú"]
    sectors = {r[1]: r[2] for r in book["Lĩnh vực"].iter_rows(min_row=3, values_only=True)}
    assert sectors == {"Nông nghiệp": 208, "Công nghiệp – tiểu thủ công nghiệp": 139,
                       "Thương mại, chợ và dịch vụ": 99, "Giao thông vận tải": 29, "Khác": 40,
                       "Chưa phân loại": 34, "Tổng cộng": 549}
    targets = [r for r in book["Mục tiêu"].iter_rows(min_row=3, values_only=True) if isinstance(r[2], int)]
    assert {(r[1], r[2], r[3]) for r in targets} == {
        ("Tổ hợp tác", 2030, "khoảng 300"), ("HTX đang hoạt động", 2030, "trên 500"),
        ("Tỷ trọng đóng góp vào GRDP (%)", 2030, "khoảng 0,5%"), ("Tổ hợp tác", 2045, "khoảng 400"),
        ("HTX đang hoạt động", 2045, "trên 600"), ("Tỷ trọng đóng góp vào GRDP (%)", 2045, "khoảng 0,5%")}
    units = list(book["Theo đơn vị"].iter_rows(min_row=3, values_only=True))
    total = next(r for r in units if r[1] == "Tổng cộng")
    assert total[2:] == (549, 347, 202, 160, 107, 62950, 8183)
    notes = [r[0] for r in book["Ghi chú"].iter_rows(values_only=True) if r[0]]
    assert any("34 HTX chưa được ghi nhận lĩnh vực" in n for n in notes)
    assert notes[-1].startswith("Số liệu tính đến ngày 31/12/2021")


def test_empty_report_renders_in_every_format(empty_data):
    doc = build(empty_data, "vi")
    assert "chưa có số liệu để báo cáo" in pdf_text(pdf_renderer.render(doc))
    assert "chưa có số liệu để báo cáo" in docx_text(docx_renderer.render(doc))[0]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_renderer.render(doc)))
    cells = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c]
    assert any("chưa có số liệu để báo cáo" in str(c) for c in cells)


def test_english_files(demo_data):
    doc = build(demo_data, "en")
    assert "62,950 members" in pdf_text(pdf_renderer.render(doc))
    assert "3.09 times" in docx_text(docx_renderer.render(doc))[0]
    assert openpyxl.load_workbook(io.BytesIO(xlsx_renderer.render(doc))).sheetnames[0] == "Key indicators"


LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
def test_libreoffice_converts_the_docx_without_error(demo_doc, tmp_path):
    source = tmp_path / "report.docx"
    source.write_bytes(docx_renderer.render(demo_doc))
    profile = tmp_path / "profile"
    result = subprocess.run(
        [LIBREOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    converted = tmp_path / "report.pdf"
    assert converted.exists()
    text = pdf_text(converted.read_bytes())
    assert "62.950" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
