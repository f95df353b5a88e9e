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
routed by the day it is done (:func:`permissions.may_verify`); an approved year is
reopened only by a province officer, with a reason (a lock exception, audited).
Steps take ``now`` (default: the current moment) so that the day decides.

Each function checks the user's right with the shared policy, through
:mod:`hoptac.collection.permissions` where the collection adds a rule (verification
by the day's local officer; reopening), raising ``PermissionDenied``, and raises
:class:`WorkflowError` with a message for the user when the step is not possible.
Each step records one audit entry with the ``channel`` its caller names (the back
office's form, the API; direct calls default to a command).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.accounts import policy
from hoptac.audit import trail as audit
from hoptac.audit.models import Channel
from hoptac.registry import report_checks
from hoptac.registry.models import AnnualReport, ReportStatus
from hoptac.registry.signals import announce_change

from . import permissions
from .models import Action, ReportStep
from .rules import BY_NAME, FIELDS, check_consistency, check_figures

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


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


def _check_figures(figures, year, kind):
    """Ranges, required figures and the checks between figures of severity error (SPEC §2 v2)."""
    problems = [f"{BY_NAME[name].label}: {reason}" for name, reason in check_figures(figures)]
    problems += [str(message) for _field, _check, message in
                 check_consistency(figures, year=year, kind=kind, severity=report_checks.ERROR)]
    if problems:
        raise WorkflowError("; ".join(problems))


@transaction.atomic
def save_draft(user, organization, year, figures, *, comment="", channel=Channel.COMMAND):
    """Create or update the editable revision of ``organization``'s report for ``year``."""
    require(user, policy.SUBMIT_REPORT, organization)
    if year > timezone.localdate().year:
        raise WorkflowError(_("A report for %(year)s is in the future; reports are for years that have begun.")
                            % {"year": year})
    _check_figures(figures, year, organization.kind)
    report = latest_revision(organization, year, lock=True)
    if report is None:
        report = AnnualReport(organization=organization, year=year, revision=1, created_by=user)
        action, before = Action.CREATED, ""
    elif report.status == ReportStatus.APPROVED:
        raise ReportLocked(_(
            "The report of %(org)s for %(year)s is approved and locked; start a correction to change it."
        ) % {"org": organization.code, "year": year})
    elif report.status not in EDITABLE:
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
    permissions.require(user, permissions.REOPEN, report.organization)
    if not reason:
        raise WorkflowError(_("Say why the year is reopened: the reason is required."))
    return _start_correction(user, report, reason, now or timezone.now(), channel)


def start_correction(user, report, *, comment="", now=None, channel=Channel.COMMAND):
    """Reopening under its v1 name (the reason is the comment)."""
    return reopen(user, report, reason=comment, now=now, channel=channel)


def _start_correction(user, report, comment, now, channel):
    if report.status != ReportStatus.APPROVED:
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


def _transition(user, report, *, permission, allowed_from, to, action, comment="", stamp=None, now=None,
                channel=Channel.COMMAND):
    report = _fresh(report)
    now = now or timezone.now()
    permissions.require(user, permission, report.organization, timezone.localdate(now))
    if report.status == ReportStatus.APPROVED:
        raise ReportLocked(_("This report is approved and locked."))
    if report.status not in allowed_from:
        raise WorkflowError(_("This report is %(status)s; it cannot be %(action)s.") % {
            "status": report.get_status_display(), "action": Action(action).label,
        })
    before, old = report.status, _snapshot(report)
    report.status = to
    setattr(report, f"{stamp}_at", now)
    setattr(report, f"{stamp}_by", user)
    if to == ReportStatus.SUBMITTED and report.first_submitted_at is None:
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
    _check_figures(figures_of(fresh), fresh.year, fresh.organization.kind)
    return _transition(user, report, permission=permissions.SUBMIT, allowed_from=EDITABLE,
                       to=ReportStatus.SUBMITTED, action=Action.SUBMITTED, comment=comment, stamp="submitted", now=now,
                       channel=channel)


@transaction.atomic
def verify(user, report, *, comment="", now=None, channel=Channel.COMMAND):
    """submitted → verified by the local officer of the organisation's unit on the day (or the province)."""
    return _transition(user, report, permission=permissions.VERIFY, allowed_from=(ReportStatus.SUBMITTED,),
                       to=ReportStatus.VERIFIED, action=Action.VERIFIED, comment=comment, stamp="verified", now=now,
                       channel=channel)


@transaction.atomic
def return_report(user, report, *, comment, now=None, channel=Channel.COMMAND):
    """submitted or verified → returned, with the reason for the sender."""
    if not (comment or "").strip():
        raise WorkflowError(_("Say why the report is returned: the comment is required."))
    return _transition(user, report, permission=permissions.RETURN,
                       allowed_from=(ReportStatus.SUBMITTED, ReportStatus.VERIFIED),
                       to=ReportStatus.RETURNED, action=Action.RETURNED, comment=comment.strip(), stamp="returned",
                       now=now, channel=channel)


@transaction.atomic
def approve(user, report, *, comment="", now=None, channel=Channel.COMMAND):
    """verified → approved; this revision becomes the one in force (the previous one stops)."""
    report = _transition(user, report, permission=permissions.APPROVE, allowed_from=(ReportStatus.VERIFIED,),
                         to=ReportStatus.APPROVED, action=Action.APPROVED, comment=comment, stamp="approved", now=now,
                         channel=channel)
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
        if not permissions.can(user, permissions.APPROVE, report.organization):
            raise PermissionDenied
        if report.status != ReportStatus.VERIFIED:
            raise WorkflowError(_(
                "The report of %(org)s for %(year)s is %(status)s, not verified; nothing was approved. "
                "Approve only verified reports."
            ) % {"org": report.organization.code, "year": report.year, "status": report.get_status_display()})
    return [approve(user, report, now=now, channel=channel) for report in reports]
