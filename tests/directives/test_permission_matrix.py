"""Every role against every back-office view of documents, tasks, progress notes, support and awards.

Documents, tasks and progress notes: read by the province, local officers and
viewers, written only by the province (and administrators). Support and awards
follow the register: a local officer reads and writes those of their own units
("own" = Hồng Bàng), never those of another district ("foreign"); the
outsider is a local officer of Ngô Quyền, the foreign district.
"""

import datetime
from dataclasses import dataclass, field

import pytest

from hoptac.accounts.testing import force_verified_login
from hoptac.directives.models import Award, Document, Support, Task, TaskProgress
from tests.accounts.factories import unit

pytestmark = pytest.mark.django_db
D = datetime.date

ADMIN, PROVINCE, LOCAL, OUTSIDER, COOP, EDITOR, VIEWER, ANON = (
    "admin", "province_officer", "local_officer", "outsider", "cooperative", "editor", "viewer", "anonymous")
ROLES = (ADMIN, PROVINCE, LOCAL, OUTSIDER, COOP, EDITOR, VIEWER, ANON)
PLAN_READERS = {ADMIN, PROVINCE, LOCAL, OUTSIDER, VIEWER}
PLANNERS = {ADMIN, PROVINCE}
READERS = {ADMIN, PROVINCE, LOCAL, OUTSIDER, COOP, VIEWER}
WIDE_READERS = {ADMIN, PROVINCE, VIEWER}
WRITERS = {ADMIN, PROVINCE, LOCAL, OUTSIDER}


@dataclass
class Records:
    document: object
    task: object
    note: object
    support: dict
    award: dict
    world: object = None
    spare: object = None  # a document nothing refers to


def build(world):
    doc = Document.objects.create(number="45/2021/NQ-HĐND", issuer="HĐND thành phố", issued_on=D(2021, 12, 10),
                                  kind="nghi_quyet", title="Nghị quyết hỗ trợ kinh tế tập thể")
    task = Task.objects.create(code="NV-01", document=doc, title="Đào tạo cán bộ hợp tác xã",
                               lead_agency="Liên minh Hợp tác xã", starts_on=D(2022, 1, 1), deadline=D(2023, 12, 31))
    note = TaskProgress.objects.create(task=task, on=D(2022, 12, 15), note="Đã mở 4 lớp.")
    support, award = {}, {}
    for target, org in (("own", world.own_org), ("foreign", world.foreign_org)):
        support[target] = Support.objects.create(organization=org, year=2022, kind="training", amount=120,
                                                 programme=f"Đào tạo {org.code}")
        award[target] = Award.objects.create(decision="2985/QĐ-UBND", decided_on=D(2021, 10, 25), issuer="UBND",
                                             recipient_kind="organization", organization=org, unit=org.unit,
                                             reason=f"Thành tích {org.code}")
    spare = Document.objects.create(number="9/CV-UBND", issuer="UBND", issued_on=D(2022, 2, 2), kind="cong_van",
                                    title="Công văn đôn đốc")
    return Records(doc, task, note, support, award, world, spare)


@dataclass(frozen=True)
class Endpoint:
    name: str
    url: object  # (records, target) -> path
    own: set
    foreign: set = None  # None: no target object
    method: str = "get"
    data: object = field(default=None)  # (records, target) -> POST data
    written: object = None  # (records, target) -> whether the POST changed something

    def allowed(self, target):
        return self.own if target == "own" or self.foreign is None else self.foreign


def support_data(r, t):
    org = r.world.own_org if t == "own" else r.world.foreign_org
    return {"org_code": org.code, "year": "2023", "kind": "credit", "amount": "27.500", "programme": "Tín dụng mới"}


def award_data(r, t):
    org = r.world.own_org if t == "own" else r.world.foreign_org
    return {"decision": "15/QĐ-UBND", "decided_on": "2023-01-10", "issuer": "UBND thành phố", "kind": "Bằng khen",
            "recipient_kind": "organization", "org_code": org.code, "recipient": "", "reason": "Thành tích 2022"}


ENDPOINTS = [
    Endpoint("document list", lambda r, t: "/admin/directives/documents/", PLAN_READERS),
    Endpoint("document search", lambda r, t: "/admin/directives/documents/?q=45&kind=nghi_quyet&year=2021",
             PLAN_READERS),
    Endpoint("document add", lambda r, t: "/admin/directives/documents/add/", PLANNERS, method="post",
             data=lambda r, t: {"number": "1/KH-UBND", "issuer": "UBND", "issued_on": "2022-01-05", "kind": "ke_hoach",
                                "level": "province", "title": "Kế hoạch mới", "published": "on"},
             written=lambda r, t: Document.objects.filter(number="1/KH-UBND").exists()),
    Endpoint("document edit", lambda r, t: f"/admin/directives/documents/{r.document.pk}/edit/", PLANNERS,
             method="post",
             data=lambda r, t: {"number": r.document.number, "issuer": r.document.issuer, "issued_on": "2021-12-10",
                                "kind": "nghi_quyet", "level": "province", "title": "Tên đã sửa"},
             written=lambda r, t: Document.objects.get(pk=r.document.pk).title == "Tên đã sửa"),
    Endpoint("document delete", lambda r, t: f"/admin/directives/documents/{r.spare.pk}/delete/", PLANNERS,
             method="post", data=lambda r, t: {},
             written=lambda r, t: not Document.objects.filter(pk=r.spare.pk).exists()),
    Endpoint("task list", lambda r, t: "/admin/directives/tasks/", PLAN_READERS),
    Endpoint("overdue tasks", lambda r, t: "/admin/directives/tasks/?overdue=true", PLAN_READERS),
    Endpoint("task page", lambda r, t: f"/admin/directives/tasks/{r.task.pk}/", PLAN_READERS),
    Endpoint("task summary", lambda r, t: "/admin/directives/tasks/summary/", PLAN_READERS),
    Endpoint("task edit", lambda r, t: f"/admin/directives/tasks/{r.task.pk}/edit/", PLANNERS, method="post",
             data=lambda r, t: {"code": "NV-01", "document": r.document.pk, "title": "Đào tạo", "status": "done",
                                "lead_agency": "Liên minh", "starts_on": "2022-01-01", "deadline": "2023-12-31"},
             written=lambda r, t: Task.objects.get(pk=r.task.pk).status == "done"),
    Endpoint("progress add", lambda r, t: "/admin/directives/progress/add/", PLANNERS, method="post",
             data=lambda r, t: {"task": r.task.pk, "on": "2023-06-30", "note": "Giữa năm"},
             written=lambda r, t: TaskProgress.objects.filter(note="Giữa năm").exists()),
    Endpoint("support list", lambda r, t: "/admin/directives/support/", READERS),
    Endpoint("support edit form", lambda r, t: f"/admin/directives/support/{r.support[t].pk}/edit/",
             WRITERS - {OUTSIDER}, PLANNERS | {OUTSIDER}),
    Endpoint("support add", lambda r, t: "/admin/directives/support/add/", WRITERS - {OUTSIDER},
             PLANNERS | {OUTSIDER}, method="post", data=support_data,
             written=lambda r, t: Support.objects.filter(programme="Tín dụng mới").exists()),
    Endpoint("support delete", lambda r, t: f"/admin/directives/support/{r.support[t].pk}/delete/",
             WRITERS - {OUTSIDER}, PLANNERS | {OUTSIDER}, method="post", data=lambda r, t: {},
             written=lambda r, t: not Support.objects.filter(pk=r.support[t].pk).exists()),
    Endpoint("award list", lambda r, t: "/admin/directives/awards/?year=2021", READERS),
    Endpoint("award add", lambda r, t: "/admin/directives/awards/add/", WRITERS - {OUTSIDER},
             PLANNERS | {OUTSIDER}, method="post", data=award_data,
             written=lambda r, t: Award.objects.filter(decision="15/QĐ-UBND").exists()),
    Endpoint("award edit form", lambda r, t: f"/admin/directives/awards/{r.award[t].pk}/edit/",
             WRITERS - {OUTSIDER}, PLANNERS | {OUTSIDER}),
]

CASES = [(e, role, target) for e in ENDPOINTS for role in ROLES for target in ("own", "foreign")
         if target == "own" or e.foreign is not None]


def visible_in_list(records, role, body):
    """Support and award lists show a local officer only the rows of their own units."""
    own, foreign = records.world.own_org.code, records.world.foreign_org.code
    return own in body, foreign in body


@pytest.mark.parametrize("endpoint, role, target", CASES, ids=[f"{e.name}-{r}-{t}" for e, r, t in CASES])
def test_directives_permission_matrix(client, world, endpoint, role, target):
    records = build(world)
    if role != ANON:
        force_verified_login(client, records.world[role])
    url = endpoint.url(records, target)
    data = endpoint.data(records, target) if endpoint.data else None
    response = client.post(url, data) if endpoint.method == "post" else client.get(url)
    allowed = role in endpoint.allowed(target)
    if allowed:
        assert response.status_code in (200, 302), f"{role} refused: {response.status_code}"
        if endpoint.method == "post":
            errors = response.context["form"].errors if response.status_code == 200 else None
            assert response.status_code == 302, f"{role}: form refused: {errors}"
    elif role == ANON:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    elif endpoint.method == "post" and response.status_code == 200:
        # A local officer posting a foreign organisation's code gets a form error, not a write.
        assert "org_code" in response.context["form"].errors
    else:
        assert response.status_code in (403, 404), f"{role} got {response.status_code}"
    if endpoint.written is not None:
        assert endpoint.written(records, target) is allowed
    if endpoint.name in ("support list", "award list") and allowed:
        body = response.content.decode()
        sees_own, sees_foreign = visible_in_list(records, role, body)
        local_of = {LOCAL: (True, False), OUTSIDER: (False, True), COOP: (True, False)}
        assert (sees_own, sees_foreign) == local_of.get(role, (True, True)), role
