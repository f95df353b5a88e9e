"""Writing rows as JSON, CSV or an aligned text table (shared by the commands)."""

import json
import unicodedata

from hoptac.core import spreadsheets
from hoptac.indicators import formatting


def write_json(stream, data):
    stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write_csv(stream, header, rows):
    """Rows of typed values: numbers as in :func:`formatting.csv_cell`, text cells that look
    like formulas (organisation names) with a leading "'"."""
    writer = spreadsheets.csv_writer(stream, number=formatting.csv_cell)
    writer.writerow(header)
    writer.writerows(rows)


def _width(text):
    return sum(0 if unicodedata.combining(ch) else 1 for ch in unicodedata.normalize("NFC", text))


def write_table(stream, header, rows, right=()):
    """Columns padded to their widest cell; columns in ``right`` are right-aligned."""
    rows = [[str(c) for c in row] for row in rows]
    widths = [max(_width(str(h)), *(_width(r[i]) for r in rows)) if rows else _width(str(h)) for i, h in enumerate(header)]

    def line(cells):
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - _width(cell))
            out.append(pad + cell if i in right else cell + pad)
        return "  ".join(out).rstrip()

    stream.write(line([str(h) for h in header]) + "\n")
    stream.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        stream.write(line(row) + "\n")
