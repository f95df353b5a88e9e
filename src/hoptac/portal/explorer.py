"""The indicator explorer: any indicator as a series for one or more units, side by side.

``?indicator=&unit=&unit=&from=&to=&territory_of=`` is the whole view, so the address
reproduces it; ``&format=csv``, ``svg`` and ``png`` download its table and its chart. Units
are the province, the units in force today and, after the 2025 reform, the
former districts: a former unit's series stops at its last year, a new unit's
series reaches back through the units that went into it (SPEC §3).

Territory basis (SPEC §3 v2): for a unit whose territory changed, ``territory_of`` holds
the series on one territory (today's, or the unit's on the day before the reform);
without it each year is the unit of that year and the first year after the change is
marked on the chart and in the table. For the public, figures taken from fewer than 3
annual reports are withheld (SPEC §6): "—" with the note "ít hơn 3 báo cáo".
"""

import datetime
import io
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import get_language

from hoptac.core import spreadsheets
from hoptac.geo.models import UnitNotFound
from hoptac.indicators.dictionary import INDICATORS
from hoptac.indicators.documents import SUPPRESSED_MARK, SUPPRESSED_NOTE
from hoptac.indicators.engine import IndicatorInputError
from hoptac.portal import charts, selectors
from hoptac.portal.statistics import territory_options
from hoptac.reports import typesetting

MAX_UNITS = 4  # the chart tells lines apart by dash and marker: four styles
FIRST_YEAR = 1990


@dataclass
class View:
    indicator: str
    units: list
    first: int
    last: int
    errors: list = field(default_factory=list)
    years: list = field(default_factory=list)
    lines: list = field(default_factory=list)  # [(unit, [value per year])]; WITHHELD where the public may not see
    territory_of: datetime.date | None = None  # the territory the series of a changed unit are held on
    breaks: dict = field(default_factory=dict)  # unit code -> [first years after its territory changed]

    def query(self):
        pairs = [("indicator", self.indicator)] + [("unit", u.code) for u in self.units]
        pairs += [("from", str(self.first)), ("to", str(self.last))]  # years: never grouped
        if self.territory_of:
            pairs.append(("territory_of", self.territory_of.isoformat()))
        return urlencode(pairs)

    def territory_options(self):
        """[(value, label, selected)] of the territory basis when a unit of the view changed territory:
        each year's unit (changes marked), the unit as it is today, or as it was before the change."""
        today = timezone.localdate()
        other = next((options[1] for u in self.units if (options := _unit_options(u, today))), None)
        if other is None:
            return []
        return [
            ("", _("each year as the unit was then (changes marked)"), not self.territory_of),
            (today.isoformat(), _("as it is today"), self.territory_of == today),
            (other[0], other[1], self.territory_of is not None and self.territory_of.isoformat() == other[0]),
        ]

    def territory_for(self, unit):
        """The territory date the series of ``unit`` is held on: ``territory_of`` when the unit's
        territory changed, None for a unit whose territory did not (nothing to hold)."""
        if self.territory_of and _unit_options(unit, timezone.localdate()):
            return self.territory_of
        return None

    def withheld(self):
        """Whether a figure of the view is withheld from the public."""
        return any(selectors.withheld(v) for _unit, values in self.lines for v in values)


def _unit_options(unit, today):
    """The statistics page's territory choice for ``unit`` on ``today`` ([] when its territory did not change)."""
    if not unit.in_force_on(today):
        return []
    return territory_options(unit.code, today)


def indicator_choices():
    """[(code, name)] of every indicator with one number per unit and year: the Vietnamese title,
    or the English description on the English site."""
    english = (get_language() or "vi").startswith("en")
    return [(code, description if english else title) for code, (title, description) in INDICATORS.items()
            if code not in ("htx.by_sector", "grdp.share_source")]


def _year(raw, default, name, errors):
    raw = (raw or "").strip()
    if not raw:
        return default
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= timezone.localdate().year:
        return int(raw)
    errors.append(_("%(field)s: “%(value)s” is not a year between %(first)s and %(last)s.")
                  % {"field": name, "value": raw, "first": FIRST_YEAR, "last": timezone.localdate().year})
    return default


def parse(get, portal_settings):
    """The view a query string asks for; each bad field falls back to its default with a message."""
    errors = []
    codes = dict(indicator_choices())
    indicator = (get.get("indicator") or "htx.total").strip()
    if indicator not in codes:
        errors.append(_("Indicator: “%(code)s” is not an indicator of the list.") % {"code": indicator})
        indicator = "htx.total"
    last_default = timezone.localdate().year - 1
    first = _year(get.get("from"), min(portal_settings.series_start, last_default), _("From year"), errors)
    last = _year(get.get("to"), last_default, _("To year"), errors)
    if first > last:
        errors.append(_("The first year comes after the last; they are swapped."))
        first, last = last, first
    units = []
    for raw in get.getlist("unit")[:MAX_UNITS * 2] or [portal_settings.province_code]:
        raw = raw.strip()
        if not raw or any(u.code == raw for u in units):
            continue
        try:
            units.append(selectors.directory_unit(raw))
        except UnitNotFound as exc:
            errors.append(_("Unit: %(problem)s.") % {"problem": exc})
    if len(units) > MAX_UNITS:
        errors.append(_("At most %(n)s units side by side; the first %(n)s are shown.") % {"n": MAX_UNITS})
        units = units[:MAX_UNITS]
    if not units:
        units = [selectors.directory_unit(portal_settings.province_code)]
    view = View(indicator, units, first, last, errors)
    raw = (get.get("territory_of") or "").strip()
    if raw:
        try:
            view.territory_of = selectors.parse_date(raw)
        except ValueError:
            errors.append(_("The territory date “%(value)s” is not a date; the unit as it is on the chosen date "
                            "is shown.") % {"value": raw})
        if view.territory_of and view.territory_of not in [datetime.date.fromisoformat(v) for v, _l, _s in
                                                            view.territory_options() if v]:
            errors.append(_("Territory: none of the units chosen had another territory on %(date)s; each year's "
                            "unit is shown.") % {"date": view.territory_of.strftime("%d/%m/%Y")})
            view.territory_of = None
    return view


def _last_year_of(unit, last):
    """A former unit's series ends with the last 31 December it was in force."""
    if unit.valid_to and unit.valid_to < datetime.date(last, 12, 31):
        return unit.valid_to.year - (0 if unit.valid_to.month == 12 and unit.valid_to.day == 31 else 1)
    return last


def _value(values, code):
    if code.startswith("htx.by_sector."):
        return (values.get("htx.by_sector") or {}).get(code.rpartition(".")[2], 0)
    return values.get(code)


def compute(view, public=True):
    """Fill ``view.years``, ``view.lines`` (one value per year, None where there is none) and
    ``view.breaks``; ``public``: figures over fewer than 3 reports are withheld (SPEC §6)."""
    view.years = list(range(view.first, view.last + 1))
    code = view.indicator.rpartition(".")[0] if view.indicator.startswith("htx.by_sector.") else view.indicator
    for unit in view.units:
        territory_of = view.territory_for(unit)
        end = view.last if territory_of else _last_year_of(unit, view.last)
        by_year = {}
        if end >= view.first:
            try:
                rows, changes = selectors.series(unit, view.first, end, territory_of=territory_of, with_changes=True)
                if public:
                    rows = selectors.public_series(unit, view.first, end, territory_of=territory_of, codes=[code])
                by_year = dict(rows)
                if changes:
                    view.breaks[unit.code] = changes
            except (IndicatorInputError, UnitNotFound) as exc:
                view.errors.append(_("%(unit)s: %(problem)s.") % {"unit": unit.name, "problem": exc})
        view.lines.append((unit, [_value(by_year[y], view.indicator) if y in by_year else None
                                  for y in view.years]))
    return view


def notes(view):
    """The sentences under the table: territory changes of each unit, and the withheld figures."""
    out = [_("%(unit)s: the unit's territory changed; the figures from %(years)s are for its new territory.")
           % {"unit": f"{unit.name} ({unit.code})", "years": ", ".join(str(y) for y in view.breaks[unit.code])}
           for unit in view.units if unit.code in view.breaks]
    if view.withheld():
        out.append(f"{SUPPRESSED_MARK}: {SUPPRESSED_NOTE}")
    return out


def title(view):
    return f"{dict(indicator_choices())[view.indicator]}, {view.first}–{view.last}"


def chart(view):
    """The lines (a withheld figure is a gap) with a mark at each year a unit's territory changed."""
    breaks = sorted({view.years.index(y) for years in view.breaks.values() for y in years if y in view.years})
    return charts.line_chart(
        title(view), [str(y) for y in view.years],
        [(f"{unit.name} ({unit.code})", [None if selectors.withheld(v) else v for v in values])
         for unit, values in view.lines],
        desc=_("Line chart; the same numbers are in the table beside it."),
        breaks=breaks, break_label=_("territory changed"),
    )


STANDALONE_STYLE = ("<style>.chart-grid{stroke:#ccc;stroke-width:1}.chart-axis,.chart-label{font:12px sans-serif;"
                    "fill:#222}</style>")


def svg_file(view):
    """The chart as a file on its own: the page's styles inside it, the XML declaration first."""
    svg = str(chart(view))
    head_end = svg.index(">") + 1
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg[:head_end] + STANDALONE_STYLE
            + svg[head_end:]).encode("utf-8")


def png_file(view, publisher):
    """The chart as a picture, for people who paste it into a document or a message.

    Rasterised by typst with the serif font the reports ship (no system font), so the
    Vietnamese labels look the same on every server.
    """
    return typesetting.compile_typst(PNG_SOURCE, {
        "svg": svg_file(view).decode("utf-8"), "title": title(view), "source": _("Source: %(publisher)s; data as of %(date)s.")
        % {"publisher": publisher, "date": formats.date_format(selectors.data_date(), "SHORT_DATE_FORMAT")},
    }, fmt="png", ppi=150)


# The picture carries its title and source, since it travels without the page.
PNG_SOURCE = b"""#set page(width: 200mm, height: auto, margin: 5mm, fill: white)
#set text(size: 11pt)
#text(weight: "bold", size: 13pt, sys.inputs.title)
#image(bytes(sys.inputs.svg), format: "svg", width: 100%)
#text(size: 9pt, fill: rgb("#444"), sys.inputs.source)
"""


def csv_file(view):
    """The table: a year per row, a unit per column (headers name and code); numbers unformatted.
    The last column, ``note``, says which cells are withheld (empty, "ít hơn 3 báo cáo") and where a
    unit's territory changed, so that the value columns stay numbers."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = spreadsheets.csv_writer(out)
    writer.writerow(["year"] + [f"{unit.name} ({unit.code})" for unit, _values in view.lines] + ["note"])
    for i, year in enumerate(view.years):
        cells, note = [], []
        for unit, values in view.lines:
            if selectors.withheld(values[i]):
                note.append(f"{unit.code}: {SUPPRESSED_MARK} {SUPPRESSED_NOTE}")
            if year in view.breaks.get(unit.code, ()):
                note.append(f"{unit.code}: {_('territory changed')}")
            cells.append("" if values[i] is None or selectors.withheld(values[i]) else values[i])
        writer.writerow([year, *cells, "; ".join(note)])
    return out.getvalue().encode("utf-8")
