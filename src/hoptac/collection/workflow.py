"""Review and approval of annual reports (SPEC §2, "Annual reports").

draft → submitted → verified (local officer) → approved (province officer); a
submitted or verified report can be returned with a comment, and a returned one
is edited and submitted again. An approved revision is locked: a correction is a
new revision (revision + 1) that goes through the same steps while the approved
one stays in force; approving the correction moves ``in_force`` in the same
transaction. Every step records who and when on the report and in
:class:`~hoptac.collection.models.ReportStep`.

v2 (SPEC §2): the moment of the first submission of any revision of a year is kept in
``first_submitted_at`` and never overwritten (on-time reporting); verification is
routed by the day it is done (:func:`verification.may_verify`); an approved year is
reopened only by a province officer, with a reason (a lock exception, audited).
Steps take ``now`` (default: the current moment) so that the day decides.

The state machine is one table, :data:`STEPS` (which right a step needs, the
statuses it starts from, the status it leads to), and one rule for new figures over
a year, :func:`replacing`; the form, the upload and the API all go through them.
Each function checks the user's right with the shared policy (verification adds the
day's local officer, :mod:`hoptac.collection.verification`), raising
``PermissionDenied``, and raises :class:`WorkflowError` with a message for the user
when the step is not possible.
Each step records one audit entry with the ``channel`` its caller names (the back
office's form, the API; direct calls default to a command).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.accounts import policy
from hoptac.audit import trail as audit
from hoptac.audit.models import Channel
from hoptac.registry import report_checks
from hoptac.registry.models import AnnualReport, ReportStatus
from hoptac.registry.report_checks import BY_NAME, FIELDS, check_figures
from hoptac.registry.signals import announce_change

from . import verification
from .models import Action, ReportStep
from .rules import check_consistency

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
UNDER_REVIEW = (ReportStatus.SUBMITTED, ReportStatus.VERIFIED)


@dataclass(frozen=True)
class Step:
    right: str  # the policy action the step needs
    sources: tuple  # the statuses it starts from
    target: str  # the status it leads to


STEPS = {
    Action.SUBMITTED: Step(policy.SUBMIT_REPORT, EDITABLE, ReportStatus.SUBMITTED),
    Action.VERIFIED: Step(policy.VERIFY_REPORT, (ReportStatus.SUBMITTED,), ReportStatus.VERIFIED),
    Action.RETURNED: Step(policy.VERIFY_REPORT, UNDER_REVIEW, ReportStatus.RETURNED),
    Action.APPROVED: Step(policy.APPROVE_REPORT, (ReportStatus.VERIFIED,), ReportStatus.APPROVED),
    # Reopening starts a new revision (a draft); the approved one stays as it is.
    Action.REOPENED: Step(policy.REOPEN_REPORT, (ReportStatus.APPROVED,), ReportStatus.DRAFT),
}

# What new figures do to a year, by the status of its latest revision (see replacing).
EDIT, CORRECT, LOCKED, IN_REVIEW = "edit", "correct", "locked", "in_review"


def replacing(status, *, may_reopen):
    """What saving new figures over a latest revision in ``status`` does.

    EDIT: a draft or returned revision takes them; CORRECT: an approved one stays in
    force and a correction revision takes them (only for a user who may reopen the
    year); LOCKED: refused, approved; IN_REVIEW: refused until it is returned.
    """
    if status in EDITABLE:
        return EDIT
    if status == ReportStatus.APPROVED:
        return CORRECT if may_reopen else LOCKED
    return IN_REVIEW


def possible(step, status):
    """Whether the step (an :class:`Action` of :data:`STEPS`) can start from ``status``."""
    return status in STEPS[step].sources


def require(user, action, organization):
    """Raise ``PermissionDenied`` unless the policy lets ``user`` take ``action`` on ``organization``."""
    if not policy.can(user, action, organization):
        raise PermissionDenied


class WorkflowError(Exception):
    """A step that cannot be taken; ``str(exc)`` is the message for the user."""


class ReportLocked(WorkflowError):
    """An approved revision was about to be changed."""


def latest_revision(organization, year, *, lock=False):
    qs = AnnualReport.objects.filter(organization=organization, year=year)
    if lock:
        qs = qs.select_for_update()
    return qs.order_by("-revision").first()


def figures_of(report):
    return {name: getattr(report, name) for name in FIELDS} if report else None


def _snapshot(report):
    data = figures_of(report)
    data.update(status=report.status, revision=report.revision, in_force=report.in_force)
    return {k: (str(v) if v is not None and not isinstance(v, (bool, int)) else v) for k, v in data.items()}


def _step(report, action, user, before, comment="", now=None):
    ReportStep.objects.create(
        report=report, action=action, status_before=before or "", status_after=report.status,
        at=now or timezone.now(), by=user, comment=comment,
    )


def _fresh(report):
    """Re-read ``report`` under a row lock: decisions are taken on the stored state."""
    return AnnualReport.objects.select_for_update().select_related("organization").get(pk=report.pk)


def _check_figures(figures, year, organization):
    """Ranges, required figures and the checks in force of severity error (SPEC §2 v2), those
    against last year's approved figures included when the Department made one an error."""
    problems = [f"{BY_NAME[name].label}: {reason}" for name, reason in check_figures(figures)]
    errors = report_checks.applicable(kind=organization.kind, severity=report_checks.ERROR)
    last_year = None
    if any(c.op == "change" for c in errors):
        last_year = figures_of(AnnualReport.objects.filter(organization=organization, year=year - 1,
                                                           in_force=True).first())
    problems += [str(message) for _field, _check, message in
                 check_consistency(figures, year=year, kind=organization.kind, severity=report_checks.ERROR,
                                   last_year=last_year)]
    if problems:
        raise WorkflowError("; ".join(problems))


@transaction.atomic
def save_draft(user, organization, year, figures, *, comment="", channel=Channel.COMMAND):
    """Create or update the editable revision of ``organization``'s report for ``year``."""
    require(user, policy.SUBMIT_REPORT, organization)
    if year > timezone.localdate().year:
        raise WorkflowError(_("A report for %(year)s is in the future; reports are for years that have begun.")
                            % {"year": year})
    _check_figures(figures, year, organization)
    report = latest_revision(organization, year, lock=True)
    # A draft never starts a correction by itself: reopening is its own step, with a reason.
    outcome = replacing(report.status, may_reopen=False) if report is not None else None
    if report is None:
        report = AnnualReport(organization=organization, year=year, revision=1, created_by=user)
        action, before = Action.CREATED, ""
    elif outcome == LOCKED:
        raise ReportLocked(_(
            "The report of %(org)s for %(year)s is approved and locked; start a correction to change it."
        ) % {"org": organization.code, "year": year})
    elif outcome == IN_REVIEW:
        raise WorkflowError(_(
            "The report of %(org)s for %(year)s is %(status)s and under review; it must be returned before it can be edited."
        ) % {"org": organization.code, "year": year, "status": report.get_status_display()})
    else:
        action, before = Action.EDITED, report.status
    old = _snapshot(report) if report.pk else None
    for name in FIELDS:
        if name in figures:
            setattr(report, name, figures[name])
    report.status = ReportStatus.DRAFT
    report.save()
    _step(report, action, user, before, comment)
    audit.record(f"collection.report.{action}", user=user, obj=report, before=old, after=_snapshot(report),
                 note=comment[:2000], channel=channel)
    return report


@transaction.atomic
def reopen(user, report, *, reason, now=None, channel=Channel.COMMAND):
    """A lock exception: a province officer reopens the approved year of one organisation.

    Starts a correction revision (a draft copying the approved figures) that follows the
    normal steps; the approved revision stays in force until the correction is approved.
    """
    reason = (reason or "").strip()
    report = _fresh(report)
    require(user, STEPS[Action.REOPENED].right, report.organization)
    if not reason:
        raise WorkflowError(_("Say why the year is reopened: the reason is required."))
    return _start_correction(user, report, reason, now or timezone.now(), channel)


def _start_correction(user, report, comment, now, channel):
    if not possible(Action.REOPENED, report.status):
        raise WorkflowError(_("Only an approved report is corrected; this one can be edited directly."))
    latest = latest_revision(report.organization, report.year, lock=True)
    if latest.pk != report.pk:
        raise WorkflowError(_("A correction of this report already exists (revision %(rev)s).") % {"rev": latest.revision})
    correction = AnnualReport(
        organization=report.organization, year=report.year, revision=report.revision + 1,
        status=ReportStatus.DRAFT, created_by=user, first_submitted_at=report.first_submitted_at,
        **figures_of(report),
    )
    correction.save()
    _step(correction, Action.REOPENED, user, "", comment, now)
    audit.record("collection.report.reopened", user=user, obj=correction, before=_snapshot(report),
                 after=_snapshot(correction), note=comment[:2000], channel=channel)
    return correction


def _transition(user, report, action, *, comment="", now=None, channel=Channel.COMMAND):
    """Take the step ``action`` of :data:`STEPS`; the report's ``<action>_at``/``_by`` record it."""
    report = _fresh(report)
    now = now or timezone.now()
    step = STEPS[action]
    if action == Action.VERIFIED:  # routed by the day (SPEC §2 v2)
        if not verification.may_verify(user, report.organization, timezone.localdate(now)):
            raise PermissionDenied
    else:
        require(user, step.right, report.organization)
    if report.status == ReportStatus.APPROVED:
        raise ReportLocked(_("This report is approved and locked."))
    if report.status not in step.sources:
        raise WorkflowError(_("This report is %(status)s; it cannot be %(action)s.") % {
            "status": report.get_status_display(), "action": Action(action).label,
        })
    before, old = report.status, _snapshot(report)
    report.status = step.target
    setattr(report, f"{action}_at", now)
    setattr(report, f"{action}_by", user)
    if step.target == ReportStatus.SUBMITTED and report.first_submitted_at is None:
        report.first_submitted_at = first_submission(report) or now
    if comment:
        report.comment = comment
    report.save()
    _step(report, action, user, before, comment, now)
    audit.record(f"collection.report.{action}", user=user, obj=report, before=old, after=_snapshot(report),
                 channel=channel)
    return report


def first_submission(report):
    """The earliest first-submission moment among the revisions of ``report``'s year, or None."""
    return (AnnualReport.objects.filter(organization_id=report.organization_id, year=report.year,
                                        first_submitted_at__isnull=False)
            .order_by("first_submitted_at").values_list("first_submitted_at", flat=True).first())


@transaction.atomic
def submit(user, report, *, comment="", now=None, channel=Channel.COMMAND):
    """draft or returned → submitted; the required figures must be there."""
    fresh = _fresh(report)
    _check_figures(figures_of(fresh), fresh.year, fresh.organization)
    return _transition(user, report, Action.SUBMITTED, comment=comment, now=now, channel=channel)


@transaction.atomic
def verify(user, report, *, comment="", now=None, channel=Channel.COMMAND):
    """submitted → verified by the local officer of the organisation's unit on the day (or the province)."""
    return _transition(user, report, Action.VERIFIED, comment=comment, now=now, channel=channel)


@transaction.atomic
def return_report(user, report, *, comment, now=None, channel=Channel.COMMAND):
    """submitted or verified → returned, with the reason for the sender."""
    if not (comment or "").strip():
        raise WorkflowError(_("Say why the report is returned: the comment is required."))
    return _transition(user, report, Action.RETURNED, comment=comment.strip(), now=now, channel=channel)


@transaction.atomic
def approve(user, report, *, comment="", now=None, channel=Channel.COMMAND):
    """verified → approved; this revision becomes the one in force (the previous one stops)."""
    report = _transition(user, report, Action.APPROVED, comment=comment, now=now, channel=channel)
    # Two statements in one transaction: the partial unique index allows one row in force.
    # The replaced revision keeps the moment it stopped being in force (vintages, SPEC §3).
    (AnnualReport.objects.select_for_update()
     .filter(organization_id=report.organization_id, year=report.year, in_force=True)
     .exclude(pk=report.pk).update(in_force=False, superseded_at=report.approved_at))
    report.in_force = True
    report.save(update_fields=["in_force"])
    announce_change([report.organization_id], reason="report-approved")
    return report


@transaction.atomic
def approve_many(user, report_ids, *, now=None, channel=Channel.COMMAND):
    """Approve every listed report in one go, or none: any that is not verified (or not the
    user's to approve) stops the whole batch with a message naming it."""
    reports = list(AnnualReport.objects.select_for_update().select_related("organization")
                   .filter(pk__in=report_ids).order_by("organization__code", "year"))
    if not reports or len(reports) != len(set(report_ids)):
        raise WorkflowError(_("Select the verified reports to approve."))
    for report in reports:
        require(user, STEPS[Action.APPROVED].right, report.organization)
        if not possible(Action.APPROVED, report.status):
            raise WorkflowError(_(
                "The report of %(org)s for %(year)s is %(status)s, not verified; nothing was approved. "
                "Approve only verified reports."
            ) % {"org": report.organization.code, "year": report.year, "status": report.get_status_display()})
    return [approve(user, report, now=now, channel=channel) for report in reports]
