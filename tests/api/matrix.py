"""Every API operation with the roles allowed to perform it.

A table the back-office permission matrix can import. Each row names the
method, a factory building the URL (and the body) from the test world
(``tests/world.World``), the roles that get a 2xx answer, and the roles
that also see personal fields in the answer. Roles:

    admin, province_officer, local_officer (district 303, the organisation's own),
    outsider (district 304: a local officer of another district), cooperative (the account of
    the organisation in 303), editor, viewer, anonymous (no token), revoked (a
    revoked token).

Refused callers get 401 when anonymous or with a revoked token, 403 otherwise.
"""

import io
import zipfile
from dataclasses import dataclass, field
from typing import Callable, Optional

ALL_ROLES = frozenset({"admin", "province_officer", "local_officer", "outsider", "cooperative",
                       "editor", "viewer", "anonymous"})  # "revoked" is refused everywhere
PUBLIC = ALL_ROLES
WRITERS_303 = frozenset({"admin", "province_officer", "local_officer"})
REPORTERS_303 = WRITERS_303 | {"cooperative"}
PROVINCE_WIDE_WRITERS = frozenset({"admin", "province_officer"})
PLAN_READERS = frozenset({"admin", "province_officer", "local_officer", "outsider", "viewer"})
READERS_303 = frozenset({"admin", "province_officer", "local_officer", "viewer"})
PERSONAL_303 = frozenset({"admin", "province_officer", "local_officer", "cooperative"})
# One organisation's annual figures (SPEC §6 v2): the organisation and the officers reaching it.
FIGURES_303 = READERS_303 | {"cooperative"}
# Lists of annual reports: every role that reads some organisation (each sees its own scope).
FIGURE_READERS = PLAN_READERS | {"cooperative"}


@dataclass(frozen=True)
class Operation:
    name: str
    method: str
    url: Callable
    allowed: frozenset
    body: Optional[Callable] = None
    files: Optional[Callable] = None
    personal: frozenset = field(default_factory=frozenset)


def _csv_zip(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("organizations.csv",
                         "code,kind,name,unit,sector,established_on,address,phone,email,representative\n"
                         "HP-IMP-1,htx,HTX Nhập khẩu,303,trade,2015-05-05,,,,\n")
    return {"file": ("register.zip", buffer.getvalue())}


OPERATIONS = [
    Operation("units.resolve", "GET", lambda w: "/api/v1/units?code=303&date=2021-12-31", PUBLIC),
    Operation("units.children", "GET", lambda w: "/api/v1/units/31/children?date=2021-12-31", PUBLIC),
    Operation("units.parents", "GET", lambda w: "/api/v1/units/303/parents?date=2021-12-31", PUBLIC),
    Operation("units.crosswalk", "GET", lambda w: "/api/v1/units/303/crosswalk?date=2021-12-31", PUBLIC),
    Operation("organizations.list", "GET", lambda w: "/api/v1/organizations?unit=303&date=2021-12-31", PUBLIC,
              personal=PERSONAL_303),
    Operation("organizations.detail", "GET", lambda w: f"/api/v1/organizations/{w.own_org.code}", PUBLIC,
              personal=PERSONAL_303),
    Operation("organizations.events", "GET", lambda w: f"/api/v1/organizations/{w.own_org.code}/events", PUBLIC),
    Operation("organizations.reports", "GET", lambda w: f"/api/v1/organizations/{w.own_org.code}/reports", FIGURES_303),
    Operation("annual_reports.list", "GET", lambda w: "/api/v1/annual-reports?year=2020&unit=31", FIGURE_READERS),
    Operation("indicators", "GET", lambda w: "/api/v1/indicators?unit=31&date=2021-12-31", PUBLIC),
    Operation("indicators.series", "GET", lambda w: "/api/v1/indicators?unit=31&years=2019-2021", PUBLIC),
    Operation("indicators.drill", "GET",
              lambda w: "/api/v1/indicators/drill?unit=303&date=2021-12-31&indicator=htx.total", PUBLIC),
    Operation("targets", "GET", lambda w: "/api/v1/targets?unit=31&as_of=2021-12-31", PLAN_READERS),
    Operation("quality", "GET", lambda w: "/api/v1/quality?unit=303&year=2021", READERS_303),
    Operation("open_data.index", "GET", lambda w: "/api/v1/open-data/", PUBLIC),
    Operation("open_data.register", "GET", lambda w: "/api/v1/open-data/register.csv", PUBLIC),
    Operation("open_data.indicators", "GET", lambda w: "/api/v1/open-data/indicators/31.json?years=2020-2021", PUBLIC),
    Operation("organizations.create", "POST", lambda w: "/api/v1/organizations", WRITERS_303,
              body=lambda w: {"code": "HP-NEW", "kind": "htx", "name": "HTX Mới", "unit": "303",
                              "sector": "trade", "established_on": "2021-06-01"}),
    Operation("events.create", "POST", lambda w: f"/api/v1/organizations/{w.own_org.code}/events", WRITERS_303,
              body=lambda w: {"type": "suspended", "date": "2021-06-01"}),
    Operation("reports.submit", "POST", lambda w: f"/api/v1/organizations/{w.own_org.code}/reports", REPORTERS_303,
              body=lambda w: {"year": 2022, "members": 12, "workers": 6, "revenue": "1200.5", "profit": "80",
                              "income": "45", "value_added": "310"}),
    Operation("imports.create", "POST", lambda w: "/api/v1/imports", PROVINCE_WIDE_WRITERS, files=_csv_zip),
    # v2: macro data (published statistics) and the Department's yearly rating (tests/api/test_ratings_and_macro.py).
    Operation("macro.list", "GET", lambda w: "/api/v1/macro?unit=31", PUBLIC),
    Operation("ratings.record", "PUT", lambda w: f"/api/v1/organizations/{w.own_org.code}/ratings/2021",
              PROVINCE_WIDE_WRITERS, body=lambda w: {"rating": "good"}),
    Operation("ratings.history", "GET", lambda w: f"/api/v1/organizations/{w.own_org.code}/ratings", FIGURES_303),
    # Directive documents, the action plan, support and awards (tests/directives/test_api.py: the rules).
    Operation("documents.list", "GET", lambda w: "/api/v1/documents", PUBLIC),
    Operation("documents.create", "POST", lambda w: "/api/v1/documents", PROVINCE_WIDE_WRITERS,
              body=lambda w: {"number": "5/KH-UBND", "issuer": "UBND", "issued_on": "2022-01-05",
                              "kind": "ke_hoach", "title": "Kế hoạch mới"}),
    Operation("tasks.list", "GET", lambda w: "/api/v1/tasks", PLAN_READERS),
    Operation("tasks.create", "POST", lambda w: _with_plan("/api/v1/tasks"), PROVINCE_WIDE_WRITERS,
              body=lambda w: {"code": "NV-01", "document": "74-KH/TU|Thành ủy|2021-09-04", "title": "Đào tạo",
                              "lead_agency": "Liên minh HTX", "starts_on": "2022-01-01", "deadline": "2025-12-31"}),
    Operation("support.figures", "GET", lambda w: "/api/v1/support?unit=303&years=2020-2021", READERS_303),
    Operation("support.create", "POST", lambda w: "/api/v1/support", WRITERS_303,
              body=lambda w: {"org_code": w.own_org.code, "year": 2021, "kind": "training", "amount": "12.5"}),
    Operation("awards.list", "GET", lambda w: "/api/v1/awards?year=2021",
              PLAN_READERS | {"cooperative"}),
    Operation("awards.create", "POST", lambda w: "/api/v1/awards", WRITERS_303,
              body=lambda w: {"decision": "15/QĐ-UBND", "decided_on": "2021-10-25", "issuer": "UBND thành phố",
                              "recipient_kind": "organization", "org_code": w.own_org.code}),
]


def _with_plan(path):
    """The path, once the plan a new task refers to is recorded."""
    import datetime

    from hoptac.directives.models import Document

    Document.objects.get_or_create(number="74-KH/TU", issuer="Thành ủy", issued_on=datetime.date(2021, 9, 4),
                                   defaults={"kind": "ke_hoach", "title": "Kế hoạch tổng kết"})
    return path
