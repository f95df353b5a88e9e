"""Unit boundaries for the map: loading a GeoJSON file and drawing a choropleth in SVG.

``load(path)`` reads a FeatureCollection from any source: each feature names its
unit by a property (``code`` unless told otherwise) and has a Polygon or
MultiPolygon geometry in longitude/latitude. Every feature is checked before
anything is written; one bad feature refuses the whole file with a message naming
the file, the feature and the field. ``choropleth`` draws the units with their
values server-side: five classes, each a shade and a hatch, so that the map reads
without colour, with the value written on each unit and a table beside it.
"""

import datetime
import json
import math

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from hoptac.core import numbers
from hoptac.geo.models import Unit, UnitNotFound
from hoptac.indicators.documents import SUPPRESSED_MARK
from hoptac.portal import cache, selectors
from hoptac.portal.explorer import _value
from hoptac.portal.models import Boundary
from hoptac.portal.selectors import withheld


class BoundaryFileError(ValueError):
    """A boundary file that cannot be loaded; the message names the file, feature and field."""


def _rings(geometry):
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return geometry["coordinates"]
    return None


def _valid_coordinates(polygons):
    try:
        return all(len(ring) >= 4 and all(-180 <= float(x) <= 180 and -90 <= float(y) <= 90 for x, y, *_ in ring)
                   for polygon in polygons for ring in polygon)
    except (TypeError, ValueError):
        return False


def read(path, code_property="code", date=None):
    """[(unit, geometry)] of a GeoJSON file, or BoundaryFileError with every problem found."""
    date = date or timezone.localdate()
    name = str(path)
    try:
        with open(path, encoding="utf-8-sig") as handle:
            document = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BoundaryFileError(_("%(file)s: not a GeoJSON file that can be read (%(problem)s).")
                                % {"file": name, "problem": exc}) from None
    features = document.get("features") if isinstance(document, dict) else None
    if document.get("type") != "FeatureCollection" or not isinstance(features, list) or not features:
        raise BoundaryFileError(_("%(file)s: expected a GeoJSON FeatureCollection with at least one feature.")
                                % {"file": name})
    found, problems, seen = [], [], {}
    for number, feature in enumerate(features, start=1):
        where = _("%(file)s, feature %(n)s") % {"file": name, "n": number}
        properties = (feature or {}).get("properties") or {}
        code = str(properties.get(code_property) or "").strip()
        if not code:
            problems.append(_("%(where)s: the property “%(field)s” (the unit code) is missing.")
                            % {"where": where, "field": code_property})
            continue
        try:
            unit = Unit.objects.resolve(code, date)
        except UnitNotFound:
            problems.append(_("%(where)s: %(field)s=%(code)s names no unit on %(date)s.")
                            % {"where": where, "field": code_property, "code": code, "date": date.strftime("%d/%m/%Y")})
            continue
        geometry = (feature or {}).get("geometry") or {}
        polygons = _rings(geometry)
        if polygons is None or not _valid_coordinates(polygons):
            problems.append(_("%(where)s (%(field)s=%(code)s): the geometry must be a Polygon or MultiPolygon in "
                              "longitude and latitude.") % {"where": where, "field": code_property, "code": code})
            continue
        if code in seen:
            problems.append(_("%(where)s: %(field)s=%(code)s already has a boundary in feature %(first)s.")
                            % {"where": where, "field": code_property, "code": code, "first": seen[code]})
            continue
        seen[code] = number
        found.append((unit, {"type": geometry["type"], "coordinates": geometry["coordinates"]}))
    if problems:
        raise BoundaryFileError("\n".join(problems))
    return found


@transaction.atomic
def load(path, code_property="code", date=None):
    """Load every boundary of the file (all or nothing); returns the units loaded."""
    rows = read(path, code_property, date)
    for unit, geometry in rows:
        Boundary.objects.update_or_create(unit=unit, defaults={"geometry": geometry, "source": str(path)[:255]})
    cache.bump()
    return [unit for unit, _geometry in rows]


# --- drawing -------------------------------------------------------------------------

SHADES = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"]
HATCHES = ["", "M0,8 L8,0", "M0,4 H8", "M0,8 L8,0 M0,0 L8,8", "M0,4 H8 M4,0 V8"]
WIDTH = 720


def _project(polygons_by_unit):
    """A function (lon, lat) -> (x, y) fitting every polygon in WIDTH, and the height."""
    points = [(float(x), float(y)) for polygons in polygons_by_unit for polygon in polygons
              for ring in polygon for x, y, *_ in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    stretch = math.cos(math.radians((north + south) / 2))  # equirectangular at the middle latitude
    span_x, span_y = max((east - west) * stretch, 1e-9), max(north - south, 1e-9)
    scale = (WIDTH - 20) / span_x
    height = int(span_y * scale) + 20

    def to_xy(lon, lat):
        return 10 + (float(lon) - west) * stretch * scale, 10 + (north - float(lat)) * scale

    return to_xy, height


def classes(values):
    """Five class bounds (equal intervals) over the values present."""
    present = [float(v) for v in values if v is not None]
    if not present:
        return []
    low, high = min(present), max(present)
    step = (high - low) / 5 or 1
    return [low + step * i for i in range(1, 5)]


def _class_of(value, bounds):
    if value is None:
        return None
    return sum(1 for b in bounds if float(value) > b)


def _shown(value, decimals):
    if withheld(value):
        return SUPPRESSED_MARK
    return "–" if value is None else numbers.localized(value, decimals)


def choropleth(title, rows, decimals=0):
    """SVG of ``rows`` [(unit, geometry, value)]: shade and hatch by class, value on each unit
    (a withheld figure is drawn as no data and written "—")."""
    shown = [(unit, geometry, _shown(value, decimals)) for unit, geometry, value in rows]
    rows = [(unit, geometry, None if withheld(value) else value) for unit, geometry, value in rows]
    polygons = [_rings(geometry) for _unit, geometry, _value in rows]
    to_xy, height = _project(polygons)
    bounds = classes([v for _u, _g, v in rows])
    legend_top = height + 10
    parts = [
        f'<svg class="chart map" viewBox="0 0 {WIDTH} {legend_top + 30 * 6}" role="img" aria-labelledby="map-t map-d" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="map-t">{escape(title)}</title>'
        f'<desc id="map-d">{escape(_("Map of the units shaded by value; the values are in the table beside it."))}</desc><defs>'
    ]
    for i, path in enumerate(HATCHES):
        if path:
            parts.append(f'<pattern id="h{i}" width="8" height="8" patternUnits="userSpaceOnUse">'
                         f'<rect width="8" height="8" fill="{SHADES[i]}"/><path d="{path}" stroke="#000" '
                         f'stroke-opacity=".35" stroke-width="1"/></pattern>')
    parts.append("</defs>")
    labels = []
    for (unit, _geometry, value), (_u, _g, text), unit_polygons in zip(rows, shown, polygons):
        k = _class_of(value, bounds)
        fill = "#e0e0e0" if k is None else (f"url(#h{k})" if HATCHES[k] else SHADES[k])
        d = " ".join("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in (to_xy(lon, lat) for lon, lat, *_ in ring)) + " Z"
                     for polygon in unit_polygons for ring in polygon)
        parts.append(f'<path d="{d}" fill="{fill}" stroke="#333" stroke-width="1" fill-rule="evenodd">'
                     f'<title>{escape(unit.name)}: {text}</title></path>')
        outer = unit_polygons[0][0]
        xs, ys = zip(*(to_xy(lon, lat) for lon, lat, *_ in outer))
        labels.append(f'<text x="{sum(xs) / len(xs):.1f}" y="{sum(ys) / len(ys):.1f}" text-anchor="middle" '
                      f'class="map-label" stroke="#fff" stroke-width="4" paint-order="stroke" font-weight="600">'
                      f'{escape(unit.name)}: {text}</text>')
    parts.extend(labels)
    edges = [None, *bounds, None]
    # Class bounds of small counts fall between whole numbers: one decimal keeps them apart.
    places = decimals if all(float(b).is_integer() for b in bounds) else max(decimals, 1)
    for i in range(5 if bounds else 0):
        y = legend_top + 30 * i
        fill = f"url(#h{i})" if HATCHES[i] else SHADES[i]
        low = "" if edges[i] is None else numbers.localized(edges[i], places)
        high = "" if edges[i + 1] is None else numbers.localized(edges[i + 1], places)
        text = (_("up to %(high)s") % {"high": high} if not low else
                _("over %(low)s") % {"low": low} if not high else f"{low} – {high}")
        parts.append(f'<rect x="10" y="{y}" width="28" height="20" fill="{fill}" stroke="#333"/>'
                     f'<text x="46" y="{y + 15}" class="chart-label">{escape(text)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def map_rows(parent, date, indicator, public=True):
    """[(unit, geometry, value)] for the units one level under ``parent`` that have a boundary;
    ``public``: a figure over fewer than 3 reports is ``selectors.WITHHELD`` (SPEC §6)."""
    children = (selectors.public_children if public else selectors.by_child_unit)(parent, date)
    shapes = dict(Boundary.objects.filter(unit__in=[u for u, _v in children]).values_list("unit_id", "geometry"))
    return [(unit, shapes[unit.pk], _value(values, indicator)) for unit, values in children if unit.pk in shapes]


def any_loaded():
    return Boundary.objects.exists()


def default_date():
    today = timezone.localdate()
    return datetime.date(today.year - 1, 12, 31)
