"""The review report as a small tree, independent of any file format.

The builder produces a :class:`Document`; each renderer walks it. Table cells
keep the raw value next to its display text, so the spreadsheet stores numbers
as numbers while Word and PDF show the administrative formatting.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Header:
    """The Decree 30/2020/NĐ-CP header block."""

    issuer_parent: str  # e.g. "UBND THÀNH PHỐ HẢI PHÒNG"
    issuer: str  # e.g. "SỞ TÀI CHÍNH"
    number: str  # "Số:      /BC-STC", left for the officer
    nation: str  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str  # "Độc lập - Tự do - Hạnh phúc"
    place_date: str  # "Hải Phòng, ngày      tháng      năm 2026"


@dataclass(frozen=True)
class Title:
    kind: str  # "BÁO CÁO"
    subject: str


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body | note | bullet


BREAK = "\u200b"  # zero-width space: where a long code may wrap in Word and PDF tables


def breakable(code):
    """``income.avg_vs_baseline_ratio`` with wrapping points after each ``.`` and ``_`` (so it fits its column)."""
    return code.replace(".", "." + BREAK).replace("_", "_" + BREAK)


@dataclass(frozen=True)
class Cell:
    """One table cell: ``value`` is what a spreadsheet stores, ``text`` what is shown."""

    text: str
    value: object = None
    number_format: str = ""  # Excel number format for numeric values

    @property
    def numeric(self):
        return isinstance(self.value, (int, float)) and not isinstance(self.value, bool)


@dataclass(frozen=True)
class Table:
    key: str  # stable name, also the spreadsheet's sheet name source
    caption: str
    columns: tuple  # header labels
    rows: tuple  # tuples of Cell
    total: tuple = ()  # an optional last row of Cell, shown in bold
    note: str = ""
    widths: tuple = ()  # relative column widths
    sheet: str = ""  # short name for the spreadsheet tab (at most 31 characters)


@dataclass(frozen=True)
class Chart:
    key: str
    caption: str
    svg: str
    width_mm: int = 160


@dataclass(frozen=True)
class Signature:
    recipients_label: str
    recipients: tuple
    position: str


@dataclass
class Document:
    lang: str
    header: Header
    title: Title
    blocks: list = field(default_factory=list)
    signature: Signature | None = None
    annex: list = field(default_factory=list)  # blocks after the signature (appendix)
    provenance: str = ""
    metadata: dict = field(default_factory=dict)

    def tables(self):
        return [b for b in (*self.blocks, *self.annex) if isinstance(b, Table)]

    def charts(self):
        return [b for b in (*self.blocks, *self.annex) if isinstance(b, Chart)]

    def plain_text(self):
        """Every visible text in reading order (for tests and search)."""
        out = [self.header.issuer_parent, self.header.issuer, self.header.number, self.header.nation,
               self.header.motto, self.header.place_date, self.title.kind, self.title.subject]
        blocks = list(self.blocks)
        for block in blocks:
            if isinstance(block, (Heading, Paragraph)):
                out.append(block.text)
            elif isinstance(block, Table):
                out.append(block.caption)
                out.append(" | ".join(block.columns))
                for row in (*block.rows, block.total):
                    out.append(" | ".join(c.text for c in row))
                out.append(block.note)
            elif isinstance(block, Chart):
                out.append(block.caption)
        if self.signature:
            out += [self.signature.recipients_label, *self.signature.recipients, self.signature.position]
        out.append(self.provenance)
        for block in self.annex:
            if isinstance(block, (Heading, Paragraph)):
                out.append(block.text)
            elif isinstance(block, Table):
                out += [block.caption, " | ".join(block.columns),
                        *(" | ".join(c.text for c in row) for row in (*block.rows, block.total)), block.note]
        return "\n".join(t for t in out if t)
