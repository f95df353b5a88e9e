"""Small SVG charts drawn by hand (no plotting library, nothing fetched).

The SVG is embedded as is in the PDF (typst reads SVG) and rasterised to PNG
for Word through typst as well, so both use the same shipped serif font.
"""

from functools import lru_cache
from xml.sax.saxutils import escape

from hoptac.reports import typesetting

FONT = "Noto Serif"
PALETTE = ("#1f4e79", "#c55a11", "#7f7f7f", "#548235")


def hbar_chart(rows, series, fmt, title="", width=640):
    """A horizontal (stacked) bar chart.

    ``rows`` is a list of ``(label, [value per series])``, ``series`` the series
    labels (shown as a legend when there are several), ``fmt`` turns a number
    into its label text.
    """
    bar, gap, top = 22, 9, 34 if title else 12
    label_width = min(300, 14 + 8 * max((len(label) for label, _ in rows), default=4))
    legend = 24 if len(series) > 1 else 0
    height = top + len(rows) * (bar + gap) + legend + 10
    plot_width = width - label_width - 70
    largest = max((sum(v or 0 for v in values) for _, values in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="15">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if title:
        parts.append(f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14" '
                     f'font-weight="bold">{escape(title)}</text>')
    for i, (label, values) in enumerate(rows):
        y = top + i * (bar + gap)
        parts.append(f'<text x="{label_width - 8}" y="{y + bar - 6}" text-anchor="end">{escape(label)}</text>')
        x = label_width
        for j, value in enumerate(values):
            w = plot_width * (value or 0) / largest
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" '
                             f'fill="{PALETTE[j % len(PALETTE)]}"/>')
            x += w
        total = sum(v or 0 for v in values)
        parts.append(f'<text x="{x + 6:.1f}" y="{y + bar - 6}">{escape(fmt(total))}</text>')
    if len(series) > 1:
        y = top + len(rows) * (bar + gap) + 6
        x = label_width
        for j, name in enumerate(series):
            parts.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{PALETTE[j % len(PALETTE)]}"/>')
            parts.append(f'<text x="{x + 17}" y="{y + 13}">{escape(name)}</text>')
            x += 34 + 8 * len(name)
    parts.append(f'<line x1="{label_width}" y1="{top - 4}" x2="{label_width}" '
                 f'y2="{top + len(rows) * (bar + gap) - gap + 4}" stroke="#404040"/>')
    parts.append("</svg>")
    return "\n".join(parts)


PNG_SOURCE = b"""#set page(width: auto, height: auto, margin: 0pt)
#image(bytes(sys.inputs.svg), format: "svg", width: float(sys.inputs.width) * 1mm)
"""


@lru_cache(maxsize=32)
def svg_to_png(svg, width_mm=160, ppi=200):
    """Rasterise an SVG chart to PNG bytes (for Word), with the shipped fonts."""
    return typesetting.compile_typst(PNG_SOURCE, {"svg": svg, "width": str(width_mm)}, fmt="png", ppi=ppi)
