"""Server-side SVG charts that read without colour.

Bars carry a hatch pattern and their value as text; lines differ by dash style
and marker shape and are labelled at their end. Every chart has a <title> and a
<desc> and is shown next to a table with the same numbers. No script, nothing
fetched: the SVG is inline in the page.
"""

from itertools import count

from django.utils.html import escape
from django.utils.safestring import mark_safe

from hoptac.core import numbers

_ids = count(1)

PATTERNS = [
    ("diag", '<path d="M0,8 L8,0" stroke="{c}" stroke-width="2"/>'),
    ("dots", '<circle cx="4" cy="4" r="1.8" fill="{c}"/>'),
    ("cross", '<path d="M0,4 H8 M4,0 V8" stroke="{c}" stroke-width="1.5"/>'),
    ("rdiag", '<path d="M0,0 L8,8" stroke="{c}" stroke-width="2"/>'),
]
COLOURS = ["#8b0000", "#1f4e79", "#4d4d00", "#5a2d82"]
DASHES = ["", "6 4", "2 3", "10 3 2 3"]
MARKERS = ["circle", "square", "triangle", "diamond"]


def _fmt(value):
    if value is None:
        return "–"
    return numbers.localized(value, 0 if isinstance(value, int) else 1)


def _defs(uid):
    out = []
    for i, (name, shape) in enumerate(PATTERNS):
        colour = COLOURS[i % len(COLOURS)]
        out.append(
            f'<pattern id="p{uid}-{name}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="#fff"/>{shape.format(c=colour)}</pattern>'
        )
    return "<defs>" + "".join(out) + "</defs>"


def _head(uid, width, height, title, desc):
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="c{uid}-t c{uid}-d" xmlns="http://www.w3.org/2000/svg" '
        f'preserveAspectRatio="xMinYMin meet">'
        f'<title id="c{uid}-t">{escape(title)}</title><desc id="c{uid}-d">{escape(desc)}</desc>'
    )


def bar_chart(title, items, desc=""):
    """Horizontal bars: ``items`` is [(label, value)]; values >= 0."""
    uid = next(_ids)
    label_w, bar_w, row_h, pad = 330, 300, 30, 8
    width = label_w + bar_w + 80
    height = pad * 2 + row_h * max(len(items), 1)
    top = max((v or 0) for _, v in items) if items else 0
    parts = [_head(uid, width, height, title, desc), _defs(uid)]
    for i, (label, value) in enumerate(items):
        y = pad + i * row_h
        length = 0 if not top else bar_w * (value or 0) / top
        pattern = PATTERNS[i % len(PATTERNS)][0]
        parts.append(
            f'<text x="{label_w - 8}" y="{y + row_h / 2 + 5}" text-anchor="end" class="chart-label">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{length:.1f}" height="{row_h - 10}" '
            f'fill="url(#p{uid}-{pattern})" stroke="#1a1a1a" stroke-width="1"/>'
            f'<text x="{label_w + length + 6:.1f}" y="{y + row_h / 2 + 5}" class="chart-value">{_fmt(value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _marker(kind, x, y, colour):
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f},{y - 4.5:.1f} L{x + 4.5:.1f},{y + 3.5:.1f} L{x - 4.5:.1f},{y + 3.5:.1f} Z" fill="{colour}"/>'
    return f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y:.1f} L{x:.1f},{y + 5:.1f} L{x - 5:.1f},{y:.1f} Z" fill="{colour}"/>'


def line_chart(title, years, series, desc="", breaks=(), break_label=""):
    """Lines over years: ``series`` is [(label, [value per year])]; gaps are None.

    A legend under the plot shows each line's dash and marker with its label. ``breaks``:
    indexes of the years from which a unit's territory changed, each marked by a dotted
    vertical line just before that year, with ``break_label`` written beside it.
    """
    uid = next(_ids)
    width, plot_height = 720, 280
    left, right, top_pad, bottom = 56, 16, 16, 36
    legend_row = 24
    height = plot_height + legend_row * len(series) + 8
    plot_w, plot_h = width - left - right, plot_height - top_pad - bottom
    values = [v for _, vs in series for v in vs if v is not None]
    top = max(values) if values else 0
    top = _nice(top)
    parts = [_head(uid, width, height, title, desc)]

    def x_of(i):
        return left + (plot_w * i / max(len(years) - 1, 1))

    def y_of(v):
        return top_pad + plot_h - (plot_h * float(v) / top if top else 0)

    steps = 4 if top % 4 == 0 or top > 100 else 5  # whole-number ticks for small counts
    if float(top).is_integer() and top < steps:
        steps = int(top)  # a count of at most 5: a tick per unit, never 0,4 of an organisation
    for step in range(steps + 1):
        v = top * step / steps
        y = y_of(v)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" class="chart-grid"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="chart-axis">{_fmt(int(v) if v == int(v) else v)}</text>'
        )
    for i in breaks:
        x = (x_of(i) + x_of(i - 1)) / 2 if i else x_of(i)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top_pad}" y2="{top_pad + plot_h}" class="chart-break" '
            f'stroke="#1a1a1a" stroke-width="1.5" stroke-dasharray="2 3"/>'
            f'<text x="{x - 4:.1f}" y="{top_pad + 10}" text-anchor="end" class="chart-label chart-break__label">'
            f'{escape(break_label)}</text>'
        )
    every = max(1, len(years) // 8)
    for i, year in enumerate(years):
        if i % every == 0 or i == len(years) - 1:
            parts.append(
                f'<text x="{x_of(i):.1f}" y="{plot_height - 12}" text-anchor="middle" class="chart-axis">{year}</text>'
            )
    for s, (label, vs) in enumerate(series):
        colour, dash, marker = COLOURS[s % 4], DASHES[s % 4], MARKERS[s % 4]
        points = [(x_of(i), y_of(v)) for i, v in enumerate(vs) if v is not None]
        if not points:
            continue
        path = " ".join(f"{'M' if j == 0 else 'L'}{x:.1f},{y:.1f}" for j, (x, y) in enumerate(points))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
        parts.extend(_marker(marker, x, y, colour) for x, y in points)
        y = plot_height + legend_row * s + 12
        parts.append(
            f'<line x1="{left}" x2="{left + 40}" y1="{y}" y2="{y}" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            + _marker(marker, left + 20, y, colour)
            + f'<text x="{left + 50}" y="{y + 4}" class="chart-label">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _nice(value):
    """A round upper bound for an axis."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        bound = step * magnitude
        if bound >= value:
            return bound
    return 10 * magnitude
