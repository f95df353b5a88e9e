"""The work queue at the top of every back-office home page (SPEC §2 v2).

For one user: reports to submit (drafts, and while a reporting window is open the
organisations due for its year that have not started a report), to verify, to approve,
returned ones, organisations late for the last closed reporting window, and uploads
waiting for confirmation.
Each entry counts what the user may act on (the same permission rules as the steps)
and links to the list where it is done. Only the latest revision of each
organisation-year counts. Costs: one aggregate query per entry.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoptac.accounts import policy
from hoptac.registry.models import (
    GONE_STATUSES,
    AnnualReport,
    Organization,
    OrganizationState,
    ReportingWindow,
    ReportStatus,
)

from . import verification
from .models import Upload, UploadStatus

REPORTING_KINDS = ("htx", "lhhtx")
ROLES = (policy.ADMIN, policy.PROVINCE, policy.LOCAL, policy.COOPERATIVE)  # who has a queue

LABELS = {
    "submit": _("reports to submit"),
    "verify": _("reports to verify"),
    "approve": _("reports to approve"),
    "returned": _("returned reports"),
    "late": _("late: no report by the deadline"),
    "uploads": _("uploads waiting for your confirmation"),
}


@dataclass
class Entry:
    key: str
    label: str
    count: int
    url: str


def latest_reports():
    """Reports that are the latest revision of their organisation-year."""
    newer = AnnualReport.objects.filter(organization=OuterRef("organization"), year=OuterRef("year"),
                                        revision__gt=OuterRef("revision"))
    return AnnualReport.objects.filter(~Exists(newer))


def reports(user, key, now=None):
    """The latest revisions behind the queue entry ``key`` for ``user`` (a queryset)."""
    now = now or timezone.now()
    latest = latest_reports()
    if key == "submit":
        return latest.filter(status=ReportStatus.DRAFT,
                             organization__in=policy.organizations_for(user, policy.SUBMIT_REPORT))
    if key == "returned":
        return latest.filter(status=ReportStatus.RETURNED,
                             organization__in=policy.organizations_for(user, policy.SUBMIT_REPORT))
    if key == "verify":
        if not policy.can(user, policy.VERIFY_REPORT, Organization):
            return latest.none()
        return latest.filter(status=ReportStatus.SUBMITTED,
                             organization__in=verification.verifiable_organizations(user, timezone.localdate(now)))
    if key == "approve":
        return latest.filter(status=ReportStatus.VERIFIED,
                             organization__in=policy.organizations_for(user, policy.APPROVE_REPORT))
    raise KeyError(key)


def open_window(now=None):
    """The reporting window open on ``now``'s day (opened, deadline not passed), or None."""
    today = timezone.localdate(now or timezone.now())
    return ReportingWindow.objects.filter(opens_on__lte=today, deadline__gte=today).order_by("-year").first()


def _due(window):
    """States on 31 December of the window's year of the organisations that must report for it."""
    return (OrganizationState.objects.on(datetime.date(window.year, 12, 31)).filter(kind__in=REPORTING_KINDS)
            .exclude(status__in=GONE_STATUSES))


def not_started(user, now=None):
    """(window, organisations the user may report for that are due for the open window's year and
    have no report for it at all) — (None, empty) while no window is open."""
    window = open_window(now)
    orgs = policy.organizations_for(user, policy.SUBMIT_REPORT)
    if window is None or not policy.can(user, policy.SUBMIT_REPORT, Organization):
        return window, orgs.none()
    started = AnnualReport.objects.filter(organization=OuterRef("pk"), year=window.year)
    return window, orgs.filter(pk__in=_due(window).values("organization_id")).exclude(Exists(started))


def late_window(now=None):
    """The most recent reporting window whose deadline has passed, or None."""
    now = now or timezone.now()
    for window in ReportingWindow.objects.order_by("-year")[:5]:
        if window.cutoff <= now:
            return window
    return None


def late_organizations(user, now=None):
    """(window, organisations of the user's scope that should have reported for the window's
    year and have no submission at all) — (None, empty) without a closed window."""
    window = late_window(now)
    orgs = policy.organizations_for(user, policy.READ)
    if window is None or policy.role_of(user) in (None, policy.EDITOR):
        return window, orgs.none()
    existing = _due(window)
    submitted = AnnualReport.objects.filter(organization=OuterRef("pk"), year=window.year, first_submitted_at__isnull=False)
    late = orgs.filter(pk__in=existing.values("organization_id")).exclude(Exists(submitted))
    return window, late


def uploads(user):
    return Upload.objects.filter(uploaded_by=user, status=UploadStatus.READY)


def entries(user, now=None):
    """The queue of ``user``: entries with their counts (zero entries kept, so the queue reads the same)."""
    if policy.role_of(user) not in ROLES:
        return []
    out = []
    for key in ("submit", "verify", "approve", "returned"):
        if key == "submit" and not policy.can(user, policy.SUBMIT_REPORT, Organization):
            continue
        if key == "verify" and not policy.can(user, policy.VERIFY_REPORT, Organization):
            continue
        if key == "approve" and not policy.can(user, policy.APPROVE_REPORT, Organization):
            continue
        count = reports(user, key, now).count()
        if key == "submit":
            count += not_started(user, now)[1].count()
        out.append(Entry(key, LABELS[key], count, reverse("collection:queue", kwargs={"key": key})))
    window, late = late_organizations(user, now)
    if window is not None:
        out.append(Entry("late", LABELS["late"], late.count(), reverse("collection:queue", kwargs={"key": "late"})))
    if policy.can(user, policy.VERIFY_REPORT, Organization):
        out.append(Entry("uploads", LABELS["uploads"], uploads(user).count(), reverse("collection:upload_new")))
    return out

