from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from hoptac.collection import workflow
from hoptac.collection.models import ReportStep
from hoptac.registry.models import AnnualReport

from .factories import FIGURES

YEAR = 2021


def approved_report(world, **changes):
    report = workflow.save_draft(world["cooperative"], world.own_org, YEAR, {**FIGURES, **changes})
    report = workflow.submit(world["cooperative"], report)
    report = workflow.verify(world["local_officer"], report)
    return workflow.approve(world["province_officer"], report)


def test_a_cooperative_creates_a_draft_of_its_own_report(world):
    report = workflow.save_draft(world["cooperative"], world.own_org, YEAR, FIGURES)
    assert (report.status, report.revision, report.in_force) == ("draft", 1, False)
    assert report.created_by == world["cooperative"]
    assert report.revenue == 8000


def test_editing_a_draft_updates_the_same_revision(world):
    workflow.save_draft(world["cooperative"], world.own_org, YEAR, FIGURES)
    report = workflow.save_draft(world["cooperative"], world.own_org, YEAR, {**FIGURES, "members": 130})
    assert report.revision == 1
    assert AnnualReport.objects.get().members == 130


def test_the_full_path_records_who_and_when_at_each_step(world):
    report = approved_report(world)
    assert report.status == "approved" and report.in_force
    assert report.submitted_by == world["cooperative"] and report.submitted_at
    assert report.verified_by == world["local_officer"] and report.verified_at
    assert report.approved_by == world["province_officer"] and report.approved_at
    steps = list(ReportStep.objects.filter(report=report).values_list("action", "by__username"))
    assert steps == [("created", "htx_thuy_son"), ("submitted", "htx_thuy_son"), ("verified", "hong_bang"), ("approved", "so_tinh")]


def test_return_requires_a_comment_and_keeps_it(world):
    report = workflow.submit(world["cooperative"], workflow.save_draft(world["cooperative"], world.own_org, YEAR, FIGURES))
    with pytest.raises(workflow.WorkflowError, match="comment"):
        workflow.return_report(world["local_officer"], report, comment="  ")
    report = workflow.return_report(world["local_officer"], report, comment="Doanh thu chưa khớp sổ sách")
    assert report.status == "returned" and report.returned_by == world["local_officer"]
    assert ReportStep.objects.filter(report=report, action="returned").get().comment == "Doanh thu chưa khớp sổ sách"


def test_a_verified_report_can_be_returned_by_the_province(world):
    report = workflow.save_draft(world["cooperative"], world.own_org, YEAR, FIGURES)
    report = workflow.verify(world["local_officer"], workflow.submit(world["cooperative"], report))
    report = workflow.return_report(world["province_officer"], report, comment="Thiếu số lao động")
    assert report.status == "returned"


def test_a_returned_report_is_edited_and_submitted_again(world):
    report = workflow.submit(world["cooperative"], workflow.save_draft(world["cooperative"], world.own_org, YEAR, FIGURES))
    workflow.return_report(world["local_officer"], report, comment="Sửa doanh thu")
    report = workflow.save_draft(world["cooperative"], world.own_org, YEAR, {**FIGURES, "revenue": 8100})
    assert report.status == "draft"
    report = workflow.submit(world["cooperative"], report)
    assert report.status == "submitted" and report.revision == 1


def test_a_submitted_report_cannot_be_edited_until_returned(world):
    workflow.submit(world["cooperative"], workflow.save_draft(world["cooperative"], world.own_org, YEAR, FIGURES))
    with pytest.raises(workflow.WorkflowError, match="returned"):
        workflow.save_draft(world["cooperative"], world.own_org, YEAR, FIGURES)


def test_steps_out_of_order_are_refused(world):
    report = workflow.save_draft(world["cooperative"], world.own_org, YEAR, FIGURES)
    with pytest.raises(workflow.WorkflowError):
        workflow.verify(world["local_officer"], report)
    with pytest.raises(workflow.WorkflowError):
        workflow.approve(world["province_officer"], report)
    report = workflow.submit(world["cooperative"], report)
    with pytest.raises(workflow.WorkflowError):
        workflow.approve(world["province_officer"], report)


def test_an_approved_report_is_locked(world):
    approved_report(world)
    with pytest.raises(workflow.ReportLocked):
        workflow.save_draft(world["cooperative"], world.own_org, YEAR, {**FIGURES, "revenue": 1})
    report = AnnualReport.objects.get()
    for step, user in ((workflow.submit, world["province_officer"]), (workflow.verify, world["local_officer"]),
                       (workflow.approve, world["province_officer"])):
        with pytest.raises(workflow.ReportLocked):
            step(user, report)
    with pytest.raises(workflow.ReportLocked):
        workflow.return_report(world["province_officer"], report, comment="mở lại")
    assert AnnualReport.objects.get().revenue == 8000


def test_a_correction_is_a_new_revision_and_the_approved_one_stays_in_force(world):
    approved = approved_report(world)
    correction = workflow.reopen(world["province_officer"], approved, reason="Sai doanh thu")
    assert (correction.revision, correction.status, correction.in_force) == (2, "draft", False)
    correction = workflow.save_draft(world["cooperative"], world.own_org, YEAR, {**FIGURES, "revenue": 9000})
    assert correction.revision == 2
    correction = workflow.verify(world["local_officer"], workflow.submit(world["cooperative"], correction))
    in_force = AnnualReport.objects.get(organization=world.own_org, year=YEAR, in_force=True)
    assert (in_force.revision, in_force.revenue) == (1, Decimal(8000))
    workflow.approve(world["province_officer"], correction)
    in_force = AnnualReport.objects.get(organization=world.own_org, year=YEAR, in_force=True)
    assert (in_force.revision, in_force.revenue) == (2, Decimal(9000))
    first = AnnualReport.objects.get(revision=1)
    assert first.status == "approved"  # history stays
    # ... with the moment it stopped being in force: the approval of the correction (for vintages).
    assert first.superseded_at == in_force.approved_at and in_force.superseded_at is None


def test_only_one_correction_at_a_time(world):
    approved = approved_report(world)
    workflow.reopen(world["province_officer"], approved, reason="Sai doanh thu")
    with pytest.raises(workflow.WorkflowError, match="revision 2"):
        workflow.reopen(world["province_officer"], approved, reason="Sai doanh thu")


def test_figures_out_of_range_are_refused(world):
    with pytest.raises(workflow.WorkflowError, match="members"):
        workflow.save_draft(world["cooperative"], world.own_org, YEAR, {**FIGURES, "members": -1})
    with pytest.raises(workflow.WorkflowError, match="required"):
        workflow.save_draft(world["cooperative"], world.own_org, YEAR, {**FIGURES, "revenue": None})
    assert not AnnualReport.objects.exists()


def test_a_cooperative_cannot_touch_another_organisation(world):
    with pytest.raises(PermissionDenied):
        workflow.save_draft(world["cooperative"], world.foreign_org, YEAR, FIGURES)


def test_a_cooperative_cannot_verify_or_approve_its_own_report(world):
    report = workflow.submit(world["cooperative"], workflow.save_draft(world["cooperative"], world.own_org, YEAR, FIGURES))
    with pytest.raises(PermissionDenied):
        workflow.verify(world["cooperative"], report)
    report = workflow.verify(world["local_officer"], report)
    with pytest.raises(PermissionDenied):
        workflow.approve(world["cooperative"], report)


def test_a_local_officer_acts_only_in_their_units_and_cannot_approve(world):
    report = workflow.submit(world["cooperative"], workflow.save_draft(world["cooperative"], world.own_org, YEAR, FIGURES))
    with pytest.raises(PermissionDenied):
        workflow.verify(world["outsider"], report)
    report = workflow.verify(world["local_officer"], report)
    with pytest.raises(PermissionDenied):
        workflow.approve(world["local_officer"], report)


def test_a_viewer_cannot_write(world):
    with pytest.raises(PermissionDenied):
        workflow.save_draft(world["viewer"], world.own_org, YEAR, FIGURES)


@pytest.mark.parametrize(("status", "may_reopen", "outcome"), [
    ("draft", False, workflow.EDIT),
    ("returned", True, workflow.EDIT),
    ("submitted", True, workflow.IN_REVIEW),
    ("verified", False, workflow.IN_REVIEW),
    ("approved", False, workflow.LOCKED),
    ("approved", True, workflow.CORRECT),
])
def test_one_rule_says_what_new_figures_do_to_a_year(status, may_reopen, outcome):
    """The form (never reopening by itself), the upload and the API all ask workflow.replacing."""
    assert workflow.replacing(status, may_reopen=may_reopen) == outcome


def test_the_steps_start_only_from_the_statuses_of_the_state_machine():
    starts = {str(step): sorted(str(s) for s in workflow.STEPS[step].sources) for step in workflow.STEPS}
    assert starts == {"submitted": ["draft", "returned"], "verified": ["submitted"],
                      "returned": ["submitted", "verified"], "approved": ["verified"], "reopened": ["approved"]}
    assert [workflow.possible(step, None) for step in workflow.STEPS] == [False] * 5
