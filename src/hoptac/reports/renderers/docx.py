"""The report as an editable Word document (python-docx).

Layout of Decree 30/2020/NĐ-CP: A4, margins top/bottom 20 mm, left 30 mm,
right 15 mm; Times New Roman 14 pt body, justified, first-line indent; the
header block as a borderless two-column table; real Word tables; charts as PNG.
"""

import io
from xml.sax.saxutils import escape

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from hoptac.reports.charts import svg_to_png
from hoptac.reports.document import Chart, Heading, Paragraph, Table

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
CONTENT_WIDTH_MM = 210 - 30 - 15
NUMBER_COLUMN_MM = 11
HEADER_LEFT_MM = 66  # the right column (99 mm) holds the national name on one line
TABLE_STYLE = "hoptac table text"
TABLE_STYLE_ID = "HoptacTableText"


def render(doc):
    """DOCX bytes for a :class:`~hoptac.reports.document.Document`."""
    word = WordDocument()
    _page_setup(word)
    _styles(word)
    _header(word, doc.header)
    _title(word, doc.title)
    for block in doc.blocks:
        _block(word, block)
    if doc.signature:
        _signature(word, doc.signature)
    _paragraph(word, doc.provenance, size=11, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False,
               space_before=12)
    if doc.annex:
        word.add_page_break()
        for block in doc.annex:
            _block(word, block)
    props = word.core_properties
    props.title = f"{doc.title.kind} {doc.title.subject}"
    props.author = doc.header.issuer
    props.language = doc.lang
    props.comments = doc.provenance
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _page_setup(word):
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True  # Decree 30: no number on the first page
    _page_numbers(section)


def _page_numbers(section):
    """Page number centred in the header, as Decree 30 places it."""
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _set_font(run, 13)
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _styles(word):
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = 1.15
    # Table text: one paragraph style instead of direct formatting on every run (a district table of
    # a post-2025 province has over a thousand cells; direct formatting dominated rendering time).
    cell = word.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.style_id = TABLE_STYLE_ID
    cell.base_style = normal
    cell.font.size = Pt(TABLE_PT)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.line_spacing = 1.0


def _set_font(run, size, bold=False, italic=False, underline=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _paragraph(container, text, size=BODY_PT, bold=False, italic=False, underline=False,
               align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, space_before=0, space_after=6, keep_next=False):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Mm(10) if indent else None
    fmt.space_before, fmt.space_after = Pt(space_before), Pt(space_after)
    fmt.keep_with_next = keep_next
    if text:
        _set_font(paragraph.add_run(text), size, bold, italic, underline)
    return paragraph


def _short_rule(cell, width_mm):
    """A centred horizontal line under a header line (a bottom border on an indented empty paragraph)."""
    paragraph = cell.add_paragraph()
    fmt = paragraph.paragraph_format
    side = Mm(max(0, (_cell_width_mm(cell) - width_mm) / 2))
    fmt.left_indent = fmt.right_indent = side
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _cell_width_mm(cell):
    return cell.width.mm if cell.width else 80


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _widths(table, widths_mm):
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)


def _cell_line(cell, text, size, bold=False, italic=False, underline=False, first=False):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.first_line_indent = None
    _set_font(paragraph.add_run(text), size, bold, italic, underline)
    return paragraph


def _header(word, header):
    table = word.add_table(rows=1, cols=2)
    _no_borders(table)
    # Decree 30: the national name and the motto each on one line. Measured in Times New Roman (metrics of
    # Liberation Serif): "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" at 12 pt bold is 88,3 mm, the motto at 14 pt bold
    # 60,2 mm, "UBND THÀNH PHỐ HẢI PHÒNG" at 12 pt 61,6 mm; each cell adds 3,8 mm of margins.
    _widths(table, (HEADER_LEFT_MM, CONTENT_WIDTH_MM - HEADER_LEFT_MM))
    left, right = table.rows[0].cells
    _cell_line(left, header.issuer_parent, 12, first=True)
    _cell_line(left, header.issuer, 13, bold=True)
    _short_rule(left, 25)
    _cell_line(left, header.number, 13)
    _cell_line(right, header.nation, 12, bold=True, first=True)
    _cell_line(right, header.motto, 14, bold=True)
    _short_rule(right, 60)
    place = _cell_line(right, header.place_date, 14, italic=True)
    place.paragraph_format.space_before = Pt(6)


def _title(word, title):
    _paragraph(word, title.kind, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_before=18,
               space_after=0, keep_next=True)
    _paragraph(word, title.subject, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=12)


def _block(word, block):
    if isinstance(block, Heading):
        align = WD_ALIGN_PARAGRAPH.CENTER if block.level == 0 else WD_ALIGN_PARAGRAPH.LEFT
        _paragraph(word, block.text, bold=True, align=align, indent=block.level != 0, space_before=6,
                   keep_next=True)
    elif isinstance(block, Paragraph):
        if block.style == "note":
            _paragraph(word, block.text, size=13, italic=True)
        else:
            _paragraph(word, block.text)
    elif isinstance(block, Table):
        _table(word, block)
    elif isinstance(block, Chart):
        _chart(word, block)


def _table(word, block):
    _paragraph(word, block.caption, size=13, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER,
               indent=False, space_before=6, keep_next=True)
    rows = [*block.rows, *([block.total] if block.total else [])]
    table = word.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    weights = block.widths or (1,) * len(block.columns)
    # The first column holds the row number: a fixed narrow width, the rest shared by weight.
    rest = CONTENT_WIDTH_MM - NUMBER_COLUMN_MM
    widths = [Mm(NUMBER_COLUMN_MM), *(Mm(rest * w / sum(weights[1:])) for w in weights[1:])]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header = table.rows[0]
    for cell, label, width in zip(header.cells, block.columns, widths, strict=True):
        cell.width = width
        paragraph = cell.paragraphs[0]
        paragraph._p.style = TABLE_STYLE_ID  # by id: setting .style by name looks the style up each time
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run(label).bold = True
    _repeat_header(header)
    keep_together = len(rows) <= 10  # Word keeps a table on one page when every row but the last keeps with next
    twips = [round(w.mm * 1440 / 25.4) for w in widths]
    for r, values in enumerate(rows, start=1):
        bold = bool(block.total) and r == len(rows)
        keep = keep_together and r < len(rows)
        table._tbl.append(parse_xml(_row_xml(values, twips, bold, keep)))
    if block.note:
        _paragraph(word, block.note, size=12, italic=True, space_before=3)
    else:
        _paragraph(word, "", size=6, space_after=0)


def _row_xml(values, twips, bold, keep):
    """One body row as WordprocessingML. Written directly: python-docx's object API costs about a
    millisecond per cell, and the table of a post-2025 province has over a thousand cells."""
    cells = []
    for c, (value, width) in enumerate(zip(values, twips, strict=True)):
        if value.numeric and c > 0:
            align = "right"
        elif c == 0 or value.text in ("–", ""):
            align = "center"
        else:
            align = "left"
        ppr = (f'<w:pPr><w:pStyle w:val="{TABLE_STYLE_ID}"/>{"<w:keepNext/>" if keep else ""}'
               f'<w:jc w:val="{align}"/></w:pPr>')
        run = ""
        if value.text:
            rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
            run = f'<w:r>{rpr}<w:t xml:space="preserve">{escape(value.text)}</w:t></w:r>'
        cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p>{ppr}{run}</w:p></w:tc>')
    return f'<w:tr {nsdecls("w")}>{"".join(cells)}</w:tr>'


def _repeat_header(row):
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _chart(word, block):
    paragraph = word.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(svg_to_png(block.svg, block.width_mm)), width=Mm(block.width_mm))
    _paragraph(word, block.caption, size=13, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER,
               indent=False, space_after=12)


def _signature(word, signature):
    table = word.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (85, CONTENT_WIDTH_MM - 85))
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    first.paragraph_format.space_before = Pt(12)
    _set_font(first.add_run(signature.recipients_label), 12, bold=True, italic=True)
    for line in signature.recipients:
        paragraph = left.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        _set_font(paragraph.add_run(line), 11)
    position = _cell_line(right, signature.position, 14, bold=True, first=True)
    position.paragraph_format.space_before = Pt(12)
