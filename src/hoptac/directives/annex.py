"""The annex of a commendation decision (danh sách kèm theo quyết định) as Word and Excel tables.

Decree 30/2020/NĐ-CP form: the issuer's name top left, the national motto top
right, the title "DANH SÁCH" with the decision it accompanies, then two
numbered tables — collectives (organisations of the register and other
collectives) and individuals — each with the recipient, where they belong and
the reason. Fonts are Times New Roman 13–14 pt as the decree asks.
"""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hoptac.core import spreadsheets
from hoptac.directives.models import RecipientKind


@dataclass(frozen=True)
class AnnexRow:
    number: int
    name: str
    where: str
    reason: str


@dataclass(frozen=True)
class Annex:
    decision: str
    decided_on: object
    issuer: str
    kind: str
    collectives: tuple
    individuals: tuple

    @property
    def subtitle(self):
        return _("(Attached to Decision No. %(decision)s of %(date)s of %(issuer)s)") % {
            "decision": self.decision, "date": self.decided_on.strftime("%d/%m/%Y"), "issuer": self.issuer}

    @property
    def title(self):
        return _("LIST OF COLLECTIVES AND INDIVIDUALS AWARDED %(kind)s") % {"kind": self.kind.upper()}


def build(awards):
    """The annex of the awards given (one decision), in the order they were recorded."""
    awards = list(awards.select_related("organization__unit", "unit").order_by("pk"))
    if not awards:
        raise ValueError("no award")
    first = awards[0]
    collectives, individuals = [], []
    for award in awards:
        target = individuals if award.recipient_kind == RecipientKind.INDIVIDUAL else collectives
        if award.organization_id:
            where = award.organization.unit.name
        else:
            where = award.unit.name if award.unit_id else ""
        target.append(AnnexRow(len(target) + 1, award.recipient_name, where, award.reason))
    return Annex(first.decision, first.decided_on, first.issuer, first.kind or _("commendation"),
                 tuple(collectives), tuple(individuals))


def columns():
    return (_("No."), _("Name"), _("Unit"), _("Reason"))


def sections(annex):
    return ((_("I. COLLECTIVES"), annex.collectives), (_("II. INDIVIDUALS"), annex.individuals))


def to_docx(annex):
    from docx import Document as WordDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = WordDocument()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = annex.issuer.upper()
    right.text = _("SOCIALIST REPUBLIC OF VIETNAM") + "\n" + _("Independence - Freedom - Happiness")
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.bold = True
    for text, bold in ((annex.title, True), (annex.subtitle, False)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, not bold
    for heading, rows in sections(annex):
        doc.add_paragraph().add_run(heading).bold = True
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, label in zip(table.rows[0].cells, columns()):
            cell.text = label
            cell.paragraphs[0].runs[0].bold = True
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, (str(row.number), row.name, row.where, row.reason)):
                cell.text = value
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def to_xlsx(annex):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Annex")[:31]
    def put(values):
        sheet.append(spreadsheets.xlsx_row(sheet, values))  # text stays text, never a formula

    bold = Font(name="Times New Roman", bold=True, size=13)
    put([annex.issuer.upper(), None, _("SOCIALIST REPUBLIC OF VIETNAM")])
    put([None, None, _("Independence - Freedom - Happiness")])
    put([annex.title])
    put([annex.subtitle])
    for row in sheet.iter_rows(min_row=1, max_row=3):
        for cell in row:
            cell.font = bold
    for heading, rows in sections(annex):
        sheet.append([])
        put([heading])
        sheet.cell(sheet.max_row, 1).font = bold
        put(list(columns()))
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in rows:
            put([row.number, row.name, row.where, row.reason])
    for letter, width in zip("ABCD", (6, 45, 30, 50)):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
