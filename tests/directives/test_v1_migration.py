"""A v1 database keeps its documents and commendations: the migrations move them into directives."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

D = datetime.date
BEFORE = [("registry", "0001_initial"), ("directives", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_v1_documents_and_commendations_are_moved():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Unit = old.get_model("geo", "Unit")
    province = Unit.objects.filter(code="31").order_by("valid_from").first()
    district = Unit.objects.filter(code="303").order_by("valid_from").first()
    PolicyDocument = old.get_model("registry", "PolicyDocument")
    PolicyDocument.objects.create(number="13-NQ/TW", issued_on=D(2002, 3, 18), issuer="Ban Chấp hành Trung ương",
                                  kind="Nghị quyết", title="Nghị quyết Trung ương 5", unit=None)
    PolicyDocument.objects.create(number="74-KH/TU", issued_on=D(2021, 9, 4), issuer="Thành ủy", kind="Kế hoạch",
                                  title="Kế hoạch tổng kết", unit=province, summary="Tổng kết 20 năm")
    PolicyDocument.objects.create(number="5/CT-UBND", issued_on=D(2010, 1, 4), issuer="UBND huyện",
                                  kind="Chương trình", title="Chương trình huyện", unit=district)
    Organization = old.get_model("registry", "Organization")
    org = Organization.objects.create(code="HP0001", kind="htx", established_on=D(2005, 1, 1), name="HTX Một",
                                      unit=district)
    Commendation = old.get_model("registry", "Commendation")
    common = {"decision": "2985/QĐ-UBND", "awarded_on": D(2021, 10, 28), "occasion": "Tổng kết 20 năm"}
    Commendation.objects.create(recipient_kind="collective", recipient="HTX Một", organization=org, **common)
    Commendation.objects.create(recipient_kind="collective", recipient="Phòng Kinh tế quận", **common)
    Commendation.objects.create(recipient_kind="individual", recipient="Nguyễn Văn A", organization=org, **common)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from hoptac.directives.models import Award, Document

    levels = dict(Document.objects.values_list("number", "level"))
    assert levels == {"13-NQ/TW": "central", "74-KH/TU": "province", "5/CT-UBND": "local"}
    kinds = dict(Document.objects.values_list("number", "kind"))
    assert kinds == {"13-NQ/TW": "nghi_quyet", "74-KH/TU": "ke_hoach", "5/CT-UBND": "khac"}
    assert Document.objects.get(number="74-KH/TU").summary == "Tổng kết 20 năm"
    awards = {a.recipient_kind: a for a in Award.objects.all()}
    assert awards["organization"].organization.code == "HP0001" and awards["organization"].recipient == ""
    assert awards["collective"].recipient == "Phòng Kinh tế quận" and awards["collective"].organization is None
    assert awards["individual"].recipient == "Nguyễn Văn A" and awards["individual"].unit.code == "303"
    assert {a.reason for a in awards.values()} == {"Tổng kết 20 năm"}
    assert "registry_policydocument" not in connection.introspection.table_names()
