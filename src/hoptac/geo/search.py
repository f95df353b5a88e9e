"""Finding administrative units by what a person types: a name without diacritics
("hong bang" finds Quận Hồng Bàng and Phường Hồng Bàng) or a code.

Units are reference data loaded by migrations, so their folded names are built once
per process (14,000 short strings, about 0.1 s) and searched in memory: SQLite has
no accent-insensitive match and the picker must answer while the person types.
"""

import functools
import re
import unicodedata

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hoptac.geo.models import Unit


def fold(text):
    """Lower case without diacritics: "Quận Hồng Bàng" → "quan hong bang"."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text.lower()).strip()


@functools.lru_cache(maxsize=1)
def _index():
    """{unit id: (folded "name code", code, level, folded name, valid_from, valid_to)} for every unit."""
    rows = Unit.objects.values_list("pk", "code", "name", "level", "valid_from", "valid_to")
    return {pk: (fold(f"{name} {code}"), code, level, fold(name), start, end)
            for pk, code, name, level, start, end in rows}


def validity(unit):
    """"until 30/06/2025", "from 01/07/2025" or "" for a unit always in force."""
    if unit.valid_to and not unit.valid_from:
        return _("until %(date)s") % {"date": date_format(unit.valid_to, "SHORT_DATE_FORMAT")}
    if unit.valid_from and not unit.valid_to:
        return _("from %(date)s") % {"date": date_format(unit.valid_from, "SHORT_DATE_FORMAT")}
    if unit.valid_from and unit.valid_to:
        return f"{date_format(unit.valid_from, 'SHORT_DATE_FORMAT')} – {date_format(unit.valid_to, 'SHORT_DATE_FORMAT')}"
    return ""


def label(unit):
    """"Quận Hồng Bàng (303)": the text a chosen unit shows (and that the field reads back)."""
    return f"{unit.name} ({unit.code})"


def describe(unit, date=None):
    """A unit for the picker: code, name, its kind and dates, whether it is in force on ``date``."""
    return {
        "code": unit.code, "name": unit.name, "label": label(unit),
        "kind": unit.division_type, "level": unit.level, "regime": unit.regime,
        "parent": unit.parent.name if unit.parent_id else "",
        "validity": validity(unit),
        "in_force": True if date is None else unit.in_force_on(date),
    }


def search(query, within=None, date=None, limit=20):
    """Units whose folded name or code contains every word of ``query`` (all units for an empty query).

    ``within`` is a set of unit ids to search in (None: every unit). A unit whose
    code is typed exactly comes first; then units in force on ``date``; then by
    level (province, district, commune) and name.
    """
    words = fold(query).split()
    index = _index()
    ids = index.keys() if within is None else within
    found = [pk for pk in ids if pk in index and all(w in index[pk][0] for w in words)]

    def rank(pk):
        _text, code, level, name, start, end = index[pk]
        in_force = date is None or ((start is None or start <= date) and (end is None or date <= end))
        return (code not in words, not in_force, level, name, pk)

    chosen = sorted(found, key=rank)[:limit]
    units = Unit.objects.select_related("parent").in_bulk(chosen)
    return [units[pk] for pk in chosen]
