"""The report as PDF through typst, with the serif font shipped from PyPI.

The document tree is handed to ``templates/reports/report.typ`` as JSON, so no
text from the register is ever interpreted as typst markup.
"""

import json
from dataclasses import asdict, fields, is_dataclass
from pathlib import Path

from hoptac.reports.document import Cell, Chart, Heading, Paragraph, Table
from hoptac.reports.typesetting import compile_typst

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "reports" / "report.typ"
TYPES = {Heading: "heading", Paragraph: "paragraph", Table: "table", Chart: "chart"}


def _plain(value):
    if isinstance(value, Cell):
        return {"text": value.text, "numeric": value.numeric}
    if is_dataclass(value):
        out = {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
        if type(value) in TYPES:
            out["type"] = TYPES[type(value)]
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def document_json(doc):
    payload = _plain(doc)
    payload.pop("metadata", None)
    return json.dumps(payload, ensure_ascii=False)


def render(doc):
    """PDF bytes for a :class:`~hoptac.reports.document.Document`."""
    return compile_typst(TEMPLATE.read_bytes(), {"doc": document_json(doc)})


__all__ = ["render", "document_json", "asdict"]
