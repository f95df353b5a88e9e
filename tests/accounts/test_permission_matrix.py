"""Every role against every back-office view, on its own unit and on a foreign one.

One row of ``ENDPOINTS`` per view: how to build its URL for a target
organisation ("own" = in Hồng Bàng, the local officer's district and the
cooperative account's organisation; "foreign" = in Ngô Quyền), the method, and
the roles allowed on each target. Everything not allowed must be refused —
403 or 404 for a signed-in user, a redirect to the sign-in page for anonymous —
and no response may carry a foreign organisation's name or a personal field the
role may not see. API operations join the same table as (url, method, allowed).
"""

from dataclasses import dataclass, field

import pytest

from hoptac.accounts.testing import force_verified_login
from hoptac.registry.models import CheckSetting, Event, Grdp, Organization, Target
from tests.accounts.factories import unit

pytestmark = pytest.mark.django_db

ADMIN, PROVINCE, LOCAL, COOP, EDITOR, VIEWER, ANON = (
    "admin", "province_officer", "local_officer", "cooperative", "editor", "viewer", "anonymous")
ROLES = (ADMIN, PROVINCE, LOCAL, COOP, EDITOR, VIEWER, ANON)
READERS = {ADMIN, PROVINCE, LOCAL, COOP, VIEWER}
WIDE_READERS = {ADMIN, PROVINCE, VIEWER}
WRITERS = {ADMIN, PROVINCE, LOCAL}
PLAN_READERS = {ADMIN, PROVINCE, LOCAL, VIEWER}
PLANNERS = {ADMIN, PROVINCE}


@dataclass(frozen=True)
class Endpoint:
    name: str
    url: object  # (world, org, target) -> path
    own: set
    foreign: set = None  # None: the view has no target object, "own" holds for both
    method: str = "get"
    data: object = field(default=None)  # (world, org) -> POST data
    per_target: bool = True
    form_refusal: set = frozenset()  # roles refused by a form error (200, nothing written) rather than 403/404

    def allowed(self, target):
        return self.own if target == "own" or self.foreign is None else self.foreign


def org_url(suffix=""):
    return lambda w, org, t: f"/admin/registry/organizations/{org.pk}/{suffix}"


def event_of(org):
    return Event.objects.filter(organization=org).first()


def target_row(w, org, t):
    return Target.objects.get_or_create(indicator="htx.active", unit=unit("31"), year=2030,
                                        defaults={"op": ">", "value": 500})[0]


def macro_row(w, org, t):
    return Grdp.objects.get_or_create(unit=unit("31"), year=2021, defaults={"population": 2072400})[0]


ENDPOINTS = [
    Endpoint("dashboard", lambda w, o, t: "/admin/", READERS | {EDITOR}),
    Endpoint("help", lambda w, o, t: "/admin/help/", READERS | {EDITOR}, per_target=False),
    Endpoint("help topic", lambda w, o, t: "/admin/help/bat-dau/", READERS | {EDITOR}, per_target=False),
    Endpoint("organisation list", lambda w, o, t: "/admin/registry/organizations/", READERS),
    Endpoint("organisation export", lambda w, o, t: "/admin/registry/organizations/?export=csv", READERS),
    Endpoint("organisation page", org_url(), READERS, WIDE_READERS),
    Endpoint("organisation edit form", org_url("edit/"), WRITERS, PLANNERS),
    Endpoint("organisation edit", org_url("edit/"), WRITERS, PLANNERS, method="post",
             data=lambda w, o: {"address": "Số 1 đường Mới", "phone": o.phone, "email": o.email,
                                "representative": o.representative, "products": ""}),
    Endpoint("organisation delete", org_url("delete/"), set(), set()),
    Endpoint("organisation register form", lambda w, o, t: "/admin/registry/organizations/add/", WRITERS),
    Endpoint("organisation register", lambda w, o, t: "/admin/registry/organizations/add/", WRITERS, PLANNERS,
             method="post", form_refusal={LOCAL},
             data=lambda w, o: {"code": "HPNEW001", "kind": "htx", "name": "HTX Dịch vụ Mới", "unit_code": o.unit.code,
                                "established_on": "2021-05-01", "sector": "trade"}),
    Endpoint("event list", lambda w, o, t: "/admin/registry/events/", READERS),
    Endpoint("event add form", lambda w, o, t: f"/admin/registry/events/add/?organization={o.code}", WRITERS),
    Endpoint("event add", lambda w, o, t: "/admin/registry/events/add/", WRITERS, PLANNERS, method="post",
             data=lambda w, o: {"organization": o.code, "type": "suspended", "date": "2021-05-01"}),
    Endpoint("event void form", lambda w, o, t: f"/admin/registry/events/{event_of(o).pk}/void/", WRITERS, PLANNERS),
    Endpoint("annual report list", lambda w, o, t: "/admin/registry/reports/", READERS),
    Endpoint("annual report page", lambda w, o, t: f"/admin/registry/reports/{o.annual_reports.first().pk}/",
             READERS, WIDE_READERS),
    Endpoint("target list", lambda w, o, t: "/admin/registry/targets/", PLAN_READERS),
    Endpoint("target add form", lambda w, o, t: "/admin/registry/targets/add/", PLANNERS),
    Endpoint("target edit form", lambda w, o, t: f"/admin/registry/targets/{target_row(w, o, t).pk}/edit/", PLANNERS),
    Endpoint("target delete", lambda w, o, t: f"/admin/registry/targets/{target_row(w, o, t).pk}/delete/",
             PLANNERS, method="post", data=lambda w, o: {}),
    Endpoint("macro data list", lambda w, o, t: "/admin/registry/macro/", PLAN_READERS),
    Endpoint("macro data add form", lambda w, o, t: "/admin/registry/macro/add/", PLANNERS),
    Endpoint("macro data edit form", lambda w, o, t: f"/admin/registry/macro/{macro_row(w, o, t).pk}/edit/", PLANNERS),
    Endpoint("macro data delete", lambda w, o, t: f"/admin/registry/macro/{macro_row(w, o, t).pk}/delete/",
             PLANNERS, method="post", data=lambda w, o: {}),
    Endpoint("unit list", lambda w, o, t: "/admin/units/?q=303", READERS | {EDITOR}),
    Endpoint("audit trail", lambda w, o, t: "/admin/audit/", PLANNERS),
    Endpoint("users and roles", lambda w, o, t: "/admin/roles/", {ADMIN}),
    Endpoint("user role edit", lambda w, o, t: f"/admin/roles/edit/{w[LOCAL].hoptac_profile.pk}/", {ADMIN}),
    # Collection v2: reopening a year, reporting windows, the work queue and bulk approval.
    Endpoint("collection report page", lambda w, o, t: f"/admin/collection/reports/{o.code}/2021/", READERS,
             WIDE_READERS),
    Endpoint("report reopen", lambda w, o, t: f"/admin/collection/reports/{o.code}/2021/", PLANNERS, PLANNERS,
             method="post", data=lambda w, o: {"action": "reopen", "reason": "Sửa số thành viên"}),
    Endpoint("reporting windows", lambda w, o, t: "/admin/collection/windows/", PLANNERS, per_target=False),
    Endpoint("reporting window set", lambda w, o, t: "/admin/collection/windows/", PLANNERS, per_target=False,
             method="post", data=lambda w, o: {"year": "2021", "opens_on": "01/01/2022", "deadline": "31/03/2022"}),
    # Checks as data (#22): the Department's settings of the checks of report figures.
    Endpoint("check settings", lambda w, o, t: "/admin/collection/checks/", PLANNERS, per_target=False),
    Endpoint("check setting form", lambda w, o, t: "/admin/collection/checks/legal_minimum/", PLANNERS,
             per_target=False),
    Endpoint("check setting change", lambda w, o, t: "/admin/collection/checks/revenue_change/", PLANNERS,
             per_target=False, method="post",
             data=lambda w, o: {"severity": "error", "active": "on", "factor": "3", "reason": "Quyết định của Sở"}),
    Endpoint("work queue", lambda w, o, t: "/admin/collection/queue/approve/", {ADMIN, PROVINCE, LOCAL, COOP},
             per_target=False),
    Endpoint("bulk approval", lambda w, o, t: "/admin/collection/queue/approve/", PLANNERS, per_target=False,
             method="post", data=lambda w, o: {"report": [o.annual_reports.first().pk], "confirm": "1"}),
]


def forbidden_strings(world, role):
    """What a role must never read in any response."""
    own, foreign = world.own_org, world.foreign_org

    def personal(org):
        return [org.representative, org.phone, org.email]

    if role in (ADMIN, PROVINCE):
        return []
    if role == VIEWER:
        return personal(own) + personal(foreign)
    if role in (LOCAL, COOP):
        return [foreign.name, foreign.code] + personal(foreign)
    return [own.name, foreign.name] + personal(own) + personal(foreign)


def build(world):
    """The one world with a 2021 report for each organisation."""
    for org in (world.own_org, world.foreign_org):
        org.annual_reports.create(year=2021, members=7, status="approved", in_force=True)
    return world


CASES = [(e, role, target) for e in ENDPOINTS for role in ROLES for target in ("own", "foreign")
         if target == "own" or e.foreign is not None or e.per_target]


@pytest.mark.parametrize("endpoint, role, target", CASES,
                         ids=[f"{e.name}-{r}-{t}" for e, r, t in CASES])
def test_permission_matrix(client, world, endpoint, role, target):
    build(world)
    org = world.own_org if target == "own" else world.foreign_org
    if role != ANON:
        force_verified_login(client, world[role])
    url = endpoint.url(world, org, target)
    data = endpoint.data(world, org) if endpoint.data else None
    response = client.post(url, data) if endpoint.method == "post" else client.get(url)
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    body = body.decode(errors="replace")
    allowed = role in endpoint.allowed(target)
    if not allowed and role in endpoint.form_refusal:
        assert response.status_code == 200 and "unit_code" in response.context["form"].errors
    elif allowed:
        assert response.status_code in (200, 302), f"{role} refused: {response.status_code}"
        if response.status_code == 302:
            assert "/login/" not in response["Location"]
    elif role == ANON:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        assert response.status_code in (403, 404), f"{role} got {response.status_code}"
    for text in forbidden_strings(world, role):
        assert text not in body, f"{role} read {text!r}"
    if endpoint.name == "event add" and not allowed:
        assert not Event.objects.filter(organization=org, type="suspended").exists()
    if endpoint.name == "organisation register":
        assert Organization.objects.filter(code="HPNEW001").exists() == allowed
    if endpoint.name == "report reopen":
        assert org.annual_reports.filter(revision=2).exists() is allowed
    if endpoint.name == "reporting window set":
        from hoptac.registry.models import ReportingWindow

        assert ReportingWindow.objects.filter(year=2021).exists() is allowed
    if endpoint.name == "check setting change":
        setting = CheckSetting.objects.get(code="revenue_change")
        assert (setting.severity == "error" and setting.factor == 3) is allowed
    if endpoint.name == "organisation edit":
        org.refresh_from_db()
        assert (org.address == "Số 1 đường Mới") is allowed
