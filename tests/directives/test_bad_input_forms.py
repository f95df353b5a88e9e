"""Bad input in the back-office forms: one clear Vietnamese message and nothing saved."""

import datetime

import pytest

from hoptac.accounts.testing import force_verified_login
from hoptac.directives.models import Award, Document, Support, Task

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def officer(client, world):
    force_verified_login(client, world["province_officer"])
    return client


def errors_of(response):
    assert response.status_code == 200, response.status_code
    return {k: " ".join(v) for k, v in response.context["form"].errors.items()}


def test_a_document_already_recorded(officer, make_document):
    make_document(number="74-KH/TU", issuer="Ban Thường vụ Thành ủy", issued_on=D(2021, 9, 4))
    response = officer.post("/admin/directives/documents/add/", {
        "number": "74-KH/TU", "issuer": "Ban Thường vụ Thành ủy", "issued_on": "04/09/2021", "kind": "ke_hoach",
        "level": "province", "title": "Bản trùng"})
    assert "đã có văn bản cùng số, cơ quan ban hành và ngày ban hành" in " ".join(errors_of(response).values())
    assert Document.objects.count() == 1


def test_a_deadline_before_the_start(officer, make_document):
    doc = make_document()
    response = officer.post("/admin/directives/tasks/add/", {
        "code": "NV-99", "document": doc.pk, "title": "Nhiệm vụ", "lead_agency": "Sở Tài chính",
        "starts_on": "01/07/2024", "deadline": "30/06/2024", "status": "not_started"})
    assert "hạn hoàn thành trước ngày bắt đầu" in " ".join(errors_of(response).values())
    assert not Task.objects.exists()


def test_an_award_to_nobody(officer):
    response = officer.post("/admin/directives/awards/add/", {
        "decision": "15/QĐ-UBND", "decided_on": "10/01/2023", "issuer": "UBND thành phố", "kind": "Bằng khen",
        "recipient_kind": "individual", "recipient": "  ", "reason": ""})
    assert "không có ai được khen" in errors_of(response)["recipient"]
    response = officer.post("/admin/directives/awards/add/", {
        "decision": "15/QĐ-UBND", "decided_on": "10/01/2023", "issuer": "UBND thành phố", "kind": "Bằng khen",
        "recipient_kind": "organization", "org_code": "", "reason": ""})
    assert "tổ chức" in errors_of(response)["org_code"]
    assert not Award.objects.exists()


def test_a_negative_support_amount(officer, world):
    response = officer.post("/admin/directives/support/add/", {
        "org_code": world.own_org.code, "year": "2023", "kind": "credit", "amount": "-5", "programme": "Tín dụng"})
    assert "không được nhỏ hơn 0" in errors_of(response)["amount"]
    assert not Support.objects.exists()


def test_amounts_are_typed_the_vietnamese_way(officer, world):
    response = officer.post("/admin/directives/support/add/", {
        "org_code": world.own_org.code, "year": "2023", "kind": "credit", "amount": "8.438,5", "programme": "Tín dụng"})
    assert response.status_code == 302
    assert str(Support.objects.get().amount.normalize()) == "8438.5"


def test_a_document_other_records_refer_to_is_not_deleted(officer, make_task):
    task = make_task()
    response = officer.post(f"/admin/directives/documents/{task.document_id}/delete/", {}, follow=True)
    assert Document.objects.filter(pk=task.document_id).exists()
    assert "Không thể xóa" in response.content.decode()
