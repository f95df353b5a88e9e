"""``/api/v1/open-data/``: the index and the downloadable files."""

import datetime
from typing import Any, Literal, Optional

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from hoptac.indicators import documents

from .. import open_data
from ..access import parse_date
from ..auth import READ
from ..problems import Problem
from .common import ERRORS
from .units import resolve_unit

router = Router(tags=["open data"], auth=READ)

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
Format = Literal["csv", "xlsx", "json"]
BASE = "/api/v1/open-data"


def _file(body, as_of, filename, fmt):
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = f'<{open_data.LICENCE["url"]}>; rel="license"'
    response["X-Data-Date"] = as_of.isoformat()
    return response


def _binary(description):
    """The file in each format: CSV and XLSX as bytes, JSON as the document it is."""
    binary = {"type": "string", "format": "binary"}
    document = {"type": "object", "required": ["title", "licence", "data_date"],
                "properties": {"title": {"type": "string"}, "licence": {"type": "object"},
                               "data_date": {"type": "string", "format": "date"}}}
    return {"description": description,
            "content": {t.split(";")[0]: {"schema": document if fmt == "json" else binary}
                        for fmt, t in CONTENT_TYPES.items()}}


@router.get("/", response={200: dict[str, Any], **ERRORS}, summary="Index of the open data")
def index(request):
    """Every dataset with its formats, licence and date of the data; ``package`` is the Frictionless
    data package (``datapackage.json``) whose Table Schemas describe the CSV files."""
    as_of = open_data.data_date()
    years = open_data.default_years()
    datasets = [{
        "id": "register",
        "title": "Public register of cooperatives, unions, cooperative groups and people's credit funds",
        "description": "State of every organisation on the day of download (or ?date=): public fields only.",
        "files": {fmt: f"{BASE}/register.{fmt}" for fmt in CONTENT_TYPES},
    }]
    for unit in open_data.provinces_with_data():
        datasets.append({
            "id": f"indicators-{unit.code}",
            "title": f"Indicators of {unit.name} ({unit.code}), {years[0]}–{years[1]}",
            "description": "The official indicators on 31 December of each year (as `hoptac indicators --years`).",
            "files": {fmt: f"{BASE}/indicators/{unit.code}.{fmt}" for fmt in CONTENT_TYPES},
        })
    return {"licence": open_data.LICENCE, "data_date": as_of.isoformat(), "datasets": datasets,
            "package": "/du-lieu-mo/datapackage.json"}


@router.get("/register.{fmt}", response={200: Any, **ERRORS}, summary="The public register as a file",
            openapi_extra={"responses": {200: _binary("the register (CSV, XLSX or JSON)")}})
def register(request, fmt: Format, date: Optional[datetime.date] = None):
    when = parse_date(date)
    body, as_of = open_data.register_file(fmt, when)
    return _file(body, as_of, f"hoptac-register-{when.isoformat()}.{fmt}", fmt)


@router.get("/indicators/{code}.{fmt}", response={200: Any, **ERRORS}, summary="Indicator series of a unit as a file",
            openapi_extra={"responses": {200: _binary("the series (CSV, XLSX or JSON)")}})
def indicators(request, code: str, fmt: Format, years: Optional[str] = None):
    """``years=A-B`` (default: from the first year with annual reports to last year)."""
    span = open_data.default_years()
    if years:
        try:
            span = open_data.parse_years(years)
            if not 1900 <= span[0] <= span[1] <= 2100:
                raise ValueError
        except ValueError:
            raise Problem(422, _("years=%(years)r must be a range A-B, e.g. 2001-2025.") % {"years": years},
                          kind="validation", title="Invalid input",
                          errors=[{"field": "years", "in": "query", "message": _("expected A-B")}]) from None
    resolve_unit(code, datetime.date(span[1], 12, 31), "code")
    try:
        body, as_of = open_data.indicators_file(code, fmt, span)
    except documents.IndicatorInputError as exc:
        raise Problem(422, str(exc), kind="indicator-input", title="Invalid input") from None
    return _file(body, as_of, f"hoptac-indicators-{code}-{span[0]}-{span[1]}.{fmt}", fmt)
