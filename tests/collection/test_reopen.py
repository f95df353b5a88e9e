"""Lock exceptions (SPEC §2 v2): a province officer reopens one organisation's approved year
with a reason; a correction revision follows the normal steps; the reopening is audited."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from hoptac.audit.models import AuditEntry
from hoptac.collection import workflow
from hoptac.collection.models import ReportStep
from hoptac.registry.models import AnnualReport

from . import factories as f

YEAR = 2021


def approved(world, org=None):
    org = org or world.own_org
    report = workflow.submit(world["cooperative"], workflow.save_draft(world["cooperative"], org, YEAR, f.FIGURES))
    return workflow.approve(world["province_officer"], workflow.verify(world["local_officer"], report))


def url(org):
    return reverse("collection:report", kwargs={"code": org.code, "year": YEAR})


def test_the_province_reopens_a_year_with_a_reason(world):
    report = approved(world)
    correction = workflow.reopen(world["province_officer"], report, reason="Doanh thu ghi nhầm đơn vị")
    assert (correction.revision, correction.status, correction.in_force) == (2, "draft", False)
    assert AnnualReport.objects.get(revision=1).in_force
    step = ReportStep.objects.get(report=correction)
    assert (step.action, step.by, step.comment) == ("reopened", world["province_officer"], "Doanh thu ghi nhầm đơn vị")
    entry = AuditEntry.objects.get(action="collection.report.reopened")
    assert (entry.actor, entry.note, entry.before["revision"], entry.after["revision"]) == (
        "so_tinh", "Doanh thu ghi nhầm đơn vị", 1, 2)
    # The correction follows the normal steps.
    correction = workflow.save_draft(world["cooperative"], world.own_org, YEAR, {**f.FIGURES, "revenue": 800})
    correction = workflow.verify(world["local_officer"], workflow.submit(world["cooperative"], correction))
    workflow.approve(world["province_officer"], correction)
    assert AnnualReport.objects.get(in_force=True).revision == 2


def test_a_reopen_without_a_reason_is_refused_and_nothing_changes(world):
    report = approved(world)
    for reason in ("", "   "):
        with pytest.raises(workflow.WorkflowError, match="reason is required"):
            workflow.reopen(world["province_officer"], report, reason=reason)
    assert AnnualReport.objects.count() == 1
    assert not AuditEntry.objects.filter(action="collection.report.reopened").exists()


@pytest.mark.parametrize("who", ["local_officer", "cooperative", "outsider", "viewer"])
def test_only_the_province_reopens(world, who):
    report = approved(world)
    with pytest.raises(PermissionDenied):
        workflow.reopen(world[who], report, reason="Sửa số liệu")
    assert AnnualReport.objects.count() == 1


def test_reopen_through_the_page(client, world):
    approved(world)
    client.force_login(world["province_officer"])
    page = client.get(url(world.own_org))
    assert b'value="reopen"' in page.content
    response = client.post(url(world.own_org), {"action": "reopen", "reason": ""}, follow=True)
    assert "Hãy ghi lý do mở lại: bắt buộc nhập lý do." in response.content.decode()  # pages speak Vietnamese
    assert AnnualReport.objects.count() == 1
    client.post(url(world.own_org), {"action": "reopen", "reason": "Sửa số thành viên"})
    assert AnnualReport.objects.filter(revision=2, status="draft").exists()


@pytest.mark.parametrize("who, status", [("local_officer", 403), ("outsider", 404), ("cooperative", 403)])
def test_the_page_refuses_a_reopen_by_others(client, world, who, status):
    approved(world)
    client.force_login(world[who])
    assert b'value="reopen"' not in client.get(url(world.own_org)).content
    response = client.post(url(world.own_org), {"action": "reopen", "reason": "Sửa"})
    assert response.status_code == status
    assert AnnualReport.objects.count() == 1


def test_anonymous_cannot_reopen(client, world):
    approved(world)
    response = client.post(url(world.own_org), {"action": "reopen", "reason": "Sửa"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert AnnualReport.objects.count() == 1
