"""The API of documents, tasks, support and awards: who may read and write, and bad input refused whole."""

import datetime
import json

import pytest

from hoptac.directives.models import Award, Document, Support, Task

pytestmark = pytest.mark.django_db
D = datetime.date
KH74 = "74-KH/TU|Ban Thường vụ Thành ủy|2021-09-04"


def post(client, path, body):
    return client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json")


@pytest.fixture
def plan(world):
    doc = Document.objects.create(number="74-KH/TU", issuer="Ban Thường vụ Thành ủy", issued_on=D(2021, 9, 4),
                                  kind="ke_hoach", title="Kế hoạch tổng kết")
    Document.objects.create(number="1/CV-UBND", issuer="UBND", issued_on=D(2021, 1, 4), kind="cong_van",
                            title="Công văn nội bộ", published=False)
    Task.objects.create(code="NV-01", document=doc, title="Đào tạo", lead_agency="Liên minh HTX",
                        starts_on=D(2020, 1, 1), deadline=D(2020, 12, 31))
    for org in (world.own_org, world.foreign_org):
        Support.objects.create(organization=org, year=2021, kind="credit", amount=100)
        Award.objects.create(decision="2985/QĐ-UBND", decided_on=D(2021, 10, 25), recipient_kind="organization",
                             organization=org, unit=org.unit)
    return doc


def test_the_public_reads_published_documents_only(world, plan):
    public = [d["number"] for d in world.client("anonymous").get("/api/v1/documents").json()]
    assert public == ["74-KH/TU"]
    officer = [d["number"] for d in world.client("viewer").get("/api/v1/documents").json()]
    assert officer == ["1/CV-UBND", "74-KH/TU"]


def test_reading_tasks_support_and_awards_needs_a_role(world, plan):
    assert world.client("anonymous").get("/api/v1/tasks").status_code == 401
    assert world.client("cooperative").get("/api/v1/tasks").status_code == 403
    overdue = world.client("local_officer").get("/api/v1/tasks?overdue=true").json()
    assert [t["code"] for t in overdue] == ["NV-01"] and overdue[0]["overdue"]
    own = world.client("local_officer").get("/api/v1/awards").json()
    assert [a["org_code"] for a in own] == ["HP-0001"]
    assert len(world.client("province_officer").get("/api/v1/awards").json()) == 2
    figures = world.client("local_officer").get("/api/v1/support?unit=303&years=2021-2021").json()
    assert (figures["organizations"], figures["amount"]) == (1, "100")  # Decimal as a JSON string
    assert world.client("local_officer").get("/api/v1/support?unit=304&years=2021-2021").status_code == 403
    assert world.client("anonymous").get("/api/v1/support?unit=31&years=2021-2021").status_code == 401


def test_only_the_province_writes_documents_and_tasks(world, plan):
    body = {"number": "5/KH-UBND", "issuer": "UBND", "issued_on": "2022-01-05", "kind": "ke_hoach",
            "title": "Kế hoạch mới", "implements": [KH74]}
    assert post(world.client("local_officer"), "/documents", body).status_code == 403
    assert post(world.client("anonymous"), "/documents", body).status_code == 401
    created = post(world.client("province_officer"), "/documents", body)
    assert created.status_code == 201 and created.json()["implements"] == [KH74]
    task = {"code": "NV-02", "document": KH74, "title": "Tín dụng", "lead_agency": "Ngân hàng",
            "starts_on": "2022-01-01", "deadline": "2025-12-31"}
    assert post(world.client("viewer"), "/tasks", task).status_code == 403
    assert post(world.client("province_officer"), "/tasks", task).status_code == 201


def test_a_local_officer_records_support_of_their_own_units_only(world, plan):
    body = {"org_code": "HP-0002", "year": 2022, "kind": "training", "amount": "12.5"}
    assert post(world.client("local_officer"), "/support", body).status_code == 403
    unknown = post(world.client("local_officer"), "/support", {**body, "org_code": "HP-9999"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "org_code"
    assert post(world.client("local_officer"), "/support", {**body, "org_code": "HP-0001"}).status_code == 201
    assert Support.objects.filter(year=2022).count() == 1


@pytest.mark.parametrize("path, body, field, message", [
    ("/documents", {"number": "74-KH/TU", "issuer": "Ban Thường vụ Thành ủy", "issued_on": "2021-09-04",
                    "kind": "ke_hoach", "title": "Bản trùng"},
     "", "a document with this number, issuer and date is already recorded"),
    ("/documents", {"number": "6/KH-UBND", "issuer": "UBND", "issued_on": "2022-01-05", "kind": "ke_hoach",
                    "title": "Liên kết hỏng", "amends": ["9/QĐ-UBND|UBND|2019-01-01"]},
     "amends", "no document with this number, issuer and date: 9/QĐ-UBND|UBND|2019-01-01"),
    ("/tasks", {"code": "NV-03", "document": KH74, "title": "Ngược hạn", "lead_agency": "Sở Tài chính",
                "starts_on": "2024-07-01", "deadline": "2024-06-30"},
     "deadline", "the deadline is before the task's start"),
    ("/awards", {"decision": "15/QĐ-UBND", "decided_on": "2023-01-10", "issuer": "UBND", "recipient_kind": "individual",
                 "recipient": " "}, "recipient", "an award names its recipient: nobody is named"),
    ("/awards", {"decision": "15/QĐ-UBND", "decided_on": "2023-01-10", "issuer": "UBND",
                 "recipient_kind": "organization"},
     "org_code", "an award to an organisation names the organisation"),
    ("/support", {"org_code": "HP-0001", "year": 2022, "kind": "credit", "amount": "-1"},
     "amount", "the amount of support cannot be below zero"),
])
def test_bad_input_is_refused_and_nothing_is_saved(world, plan, path, body, field, message):
    counts = [m.objects.count() for m in (Document, Task, Support, Award)]
    response = post(world.client("province_officer"), path, body)
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert {"field": field, "message": message} in errors, errors
    assert [m.objects.count() for m in (Document, Task, Support, Award)] == counts


def test_messages_are_vietnamese_for_a_vietnamese_caller(world, plan):
    client = world.client("province_officer")
    response = client.post("/api/v1/support", json.dumps({"org_code": "HP-0001", "year": 2022, "kind": "credit",
                                                          "amount": "-1"}),
                           content_type="application/json", HTTP_ACCEPT_LANGUAGE="vi")
    assert "số tiền hỗ trợ không được nhỏ hơn 0" in response.json()["detail"]
