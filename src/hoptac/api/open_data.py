"""Open data: the public register and the indicator series of a province as files.

CSV files start with their header (tools read them with default settings); the
licence (CC BY 4.0, stated in our own words), the date of the data and a Table
Schema for every file are in the Frictionless data package (``package()``,
``datapackage.json``). XLSX and JSON files also carry the licence themselves.
The register holds only public fields, from the policy's
``public_organization_fields``: never the representative, phone and email only
of organisations that agreed to publish them, and no annual figures of any one
organisation (SPEC §6 v2); the indicator files hold aggregates only.
"""

import io
import json

from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone, translation

from hoptac.accounts import policy
from hoptac.core import cache_version, spreadsheets
from hoptac.geo.models import Level, Unit
from hoptac.indicators import documents
from hoptac.registry import freshness, vocabulary
from hoptac.registry.models import (
    UNCLASSIFIED,
    AnnualReport,
    Organization,
    OrganizationState,
    Sector,
)
from hoptac.registry.signals import register_changed


LICENCE = {
    "name": "CC BY 4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "note": ("You may copy, share and adapt these data for any purpose, including commercial use, provided you "
             "name the source (hoptac, the provincial Department in charge of the collective economy) and say "
             "whether you changed the data."),
}
REGISTER_COLUMNS = ("code", "kind", "kind_label", "name", "unit", "unit_name", "sector", "sector_label", "status",
                    "status_label", "established_on", "address", "products", "phone", "email")
# A backstop for writes that do not announce themselves: files are at most this old.
CACHE_SECONDS = 10 * 60


VERSION_KEY = "hoptac-open-data:version"


def bump(**kwargs):
    """Make every cached open-data file stale (connected to ``registry.signals.register_changed``)."""
    cache_version.bump(VERSION_KEY)


def listen_to_register():
    """Make the open-data files stale on each change to the register (also from a lean command
    start, which does not run this app's ``ready()``)."""
    register_changed.connect(bump, dispatch_uid="hoptac.api.open_data.bump")


def data_version():
    """A token that changes when the register changes; files also expire after ``CACHE_SECONDS``."""
    return cache_version.current(VERSION_KEY)


def data_date():
    """The date of the data: the day of the latest change recorded in the register (cached)."""
    key = f"hoptac-open-data:date:{data_version()}"
    cached = cache.get(key)
    if cached is None:
        cached = _latest_change()
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def _latest_change():
    return freshness.latest_change()


def _label(family, code):
    """The Vietnamese name of a code (files are in Vietnamese whatever the caller's language)."""
    if not code:
        return ""
    with translation.override("vi"):
        return vocabulary.label(family, code)


def register_rows(date):
    states = OrganizationState.objects.on(date).select_related("organization", "unit").order_by("organization__code")
    for s in states.iterator(chunk_size=2000):
        org = s.organization
        fields = policy.public_organization_fields(org)
        yield {
            "code": org.code, "kind": org.kind, "kind_label": _label("kinds", org.kind), "name": s.name,
            "unit": s.unit.code, "unit_name": s.unit.name, "sector": s.sector or "",
            "sector_label": _label("sectors", s.sector), "status": s.status, "status_label": _label("statuses", s.status),
            "established_on": org.established_on.isoformat(),
            "address": fields.get("address", ""), "products": fields.get("products", ""),
            "phone": fields.get("phone", ""), "email": fields.get("email", ""),
        }


def _note(title, as_of):
    return (f"{title}. Licence: {LICENCE['name']} ({LICENCE['url']}). {LICENCE['note']} "
            f"Data as of {as_of.isoformat()}.")


def _csv(columns, rows):
    """UTF-8 (with a byte-order mark, for spreadsheet programs) and the header on the first line."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = spreadsheets.csv_writer(out)  # text cells that look like formulas get a leading "'"
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return out.getvalue().encode("utf-8")


def _xlsx(sheet, columns, rows, note, as_of):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    data = book.create_sheet(sheet)
    data.append(spreadsheets.xlsx_row(data, columns))
    for row in rows:
        data.append(spreadsheets.xlsx_row(data, [row.get(c) for c in columns]))  # text never becomes a formula
    licence = book.create_sheet("LICENCE")
    for line in (("licence", LICENCE["name"]), ("licence_title", LICENCE["title"]), ("licence_url", LICENCE["url"]),
                 ("note", note), ("data_date", as_of.isoformat())):
        licence.append(spreadsheets.xlsx_row(licence, line))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _json(payload):
    return json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")


def register_file(fmt, date=None):
    """(bytes, data date) of the public register in ``fmt`` (cached per data version)."""
    date = date or timezone.localdate()
    key = f"hoptac-open-register:{fmt}:{date}:{data_version()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    as_of = data_date()
    rows = list(register_rows(date))
    title = f"Public register of collective-economy organisations on {date.isoformat()}"
    note = _note(title, as_of)
    if fmt == "csv":
        body = _csv(REGISTER_COLUMNS, rows)
    elif fmt == "xlsx":
        body = _xlsx("register", REGISTER_COLUMNS, rows, note, as_of)
    else:
        body = _json({"title": title, "licence": LICENCE, "data_date": as_of.isoformat(), "date": date.isoformat(),
                      "columns": REGISTER_COLUMNS, "items": rows})
    result = (body, as_of)
    cache.set(key, result, CACHE_SECONDS)
    return result


def _flatten(values):
    flat = {}
    for code, value in values.items():
        if isinstance(value, dict):
            for sub, v in value.items():
                flat[f"{code}.{sub}"] = v
        else:
            flat[code] = value
    return flat


def default_years():
    """(first, last): from the first year with an annual report in force (before it, figures from
    reports would be empty) to last year; without any report, from the first establishment."""
    last = timezone.localdate().year - 1
    first = AnnualReport.objects.filter(in_force=True).aggregate(m=Min("year"))["m"]
    if first is None:
        established = Organization.objects.aggregate(m=Min("established_on"))["m"]
        first = established.year if established else last
    return min(first, last), last


def indicator_table(code, years):
    """(document, columns, rows) of the series of unit ``code`` over ``years`` (A, B), one row a year.

    Figures over fewer than 3 reports are empty, their codes in the last column ``suppressed``
    (SPEC §6). Breakdowns (``htx.by_sector``) become one column per entry; an entry absent from a year's
    breakdown is a zero (the engine omits zero entries), so every count column is whole numbers.
    """
    a, b = years
    document = json.loads(documents.series_json(code, f"{a}-{b}"))
    documents.suppress_small(code, document["series"])
    rows, columns, breakdowns = [], ["year", "date", "since"], set()
    sectors = [*Sector.values, UNCLASSIFIED]
    for point in document["series"]:
        flat = _flatten(point["values"])
        for code, value in point["values"].items():
            if isinstance(value, dict):
                breakdowns.add(f"{code}.")
                # Every sector has its column, in one order, whichever sectors the data holds.
                entries = sectors if code == "htx.by_sector" else sorted(value)
                for entry in entries:
                    if f"{code}.{entry}" not in columns:
                        columns.append(f"{code}.{entry}")
            elif code not in columns:
                columns.append(code)
        rows.append({"year": int(point["date"][:4]), "date": point["date"], "since": point["since"], **flat,
                     "suppressed": " ".join(point.get("suppressed", []))})
    columns.append("suppressed")  # SPEC §6: which figures of the row are withheld (fewer than 3 reports)
    for row in rows:
        for c in columns:
            if c not in row and any(c.startswith(prefix) for prefix in breakdowns):
                row[c] = 0
    return document, columns, rows


def indicators_file(code, fmt, years=None):
    """(bytes, data date) of the indicator series of a unit over ``years`` (A, B)."""
    a, b = years or default_years()
    key = f"hoptac-open-indicators:{code}:{fmt}:{a}-{b}:{data_version()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    as_of = data_date()
    document, columns, rows = indicator_table(code, (a, b))
    title = f"Indicators of {document['unit']['name']} ({document['unit']['code']}) on 31 December of {a}–{b}"
    note = _note(title, as_of)
    if fmt == "json":
        body = _json({"title": title, "licence": LICENCE, "data_date": as_of.isoformat(), **document})
    elif fmt == "csv":
        body = _csv(columns, rows)
    else:
        body = _xlsx("indicators", columns, rows, note, as_of)
    result = (body, as_of)
    cache.set(key, result, CACHE_SECONDS)
    return result


def provinces_with_data(on=None):
    """Provinces (in force on ``on``) under which at least one organisation is recorded."""
    on = on or timezone.localdate()
    units = Organization.objects.values("unit_id")
    return (Unit.objects.on(on).filter(level=Level.PROVINCE, closure_descendants__descendant__in=units)
            .distinct().order_by("code"))


def parse_years(text):
    a, _, b = text.partition("-")
    return int(a), int(b)



