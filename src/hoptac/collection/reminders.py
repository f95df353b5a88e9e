"""Reminders by e-mail before and after a reporting deadline (SPEC §2 v2).

:func:`send` looks at every reporting window: from ``HOPTAC_REMINDER_DAYS_BEFORE`` days
before its deadline until the deadline it sends "before" reminders, from the day after
the deadline (for 30 days) "after" reminders. Recipients:

- cooperative accounts whose organisation (a cooperative or union that must report)
  has not submitted a report for the year;
- local officers, for the organisations they verify on the day that have not
  submitted, or whose report waits for their verification.

Each recipient gets one message per year and kind (:class:`~.models.Reminder` records
it, so a second run sends nothing twice). ``HOPTAC_REMINDERS=0`` turns them off.
Messages are in Vietnamese, sent with Django's e-mail (SMTP settings from the environment).
A message the mail server refuses (or a server that cannot be reached) is not recorded, so
the next run sends it again; the others still go (:class:`Outcome` says which failed).
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hoptac.accounts import policy
from hoptac.registry.models import GONE_STATUSES, AnnualReport, Organization, OrganizationState, ReportingWindow, ReportStatus

from . import verification
from .models import Reminder, ReminderKind
from .queue import REPORTING_KINDS, latest_reports

logger = logging.getLogger(__name__)
AFTER_DAYS = 30


def _kind(window, today):
    before = settings.HOPTAC_REMINDER_DAYS_BEFORE
    if window.opens_on <= today <= window.deadline and (window.deadline - today).days <= before:
        return ReminderKind.BEFORE
    if window.deadline < today <= window.deadline + datetime.timedelta(days=AFTER_DAYS):
        return ReminderKind.AFTER
    return None


def _due(window):
    """Organisations that must report for the window's year."""
    states = (OrganizationState.objects.on(datetime.date(window.year, 12, 31)).filter(kind__in=REPORTING_KINDS)
              .exclude(status__in=GONE_STATUSES))
    return Organization.objects.filter(pk__in=states.values("organization_id"))


def _not_submitted(orgs, year):
    submitted = AnnualReport.objects.filter(organization=OuterRef("pk"), year=year, first_submitted_at__isnull=False)
    return orgs.exclude(Exists(submitted))


def _recipients(window, today):
    """[(user, [organisations])] for the window's year on ``today``."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="").select_related("hoptac_profile")
    due = _due(window)
    out = []
    for user in users.filter(hoptac_profile__role=policy.COOPERATIVE).order_by("pk"):
        orgs = list(_not_submitted(due.filter(pk=user.hoptac_profile.organization_id), window.year))
        if orgs:
            out.append((user, orgs))
    for user in users.filter(hoptac_profile__role=policy.LOCAL).order_by("pk"):
        mine = due.filter(pk__in=verification.verifiable_organizations(user, today).values("pk"))
        waiting = latest_reports().filter(year=window.year, status=ReportStatus.SUBMITTED).values("organization_id")
        orgs = list((_not_submitted(mine, window.year) | mine.filter(pk__in=waiting)).distinct().order_by("code"))
        if orgs:
            out.append((user, orgs))
    return out


class Outcome(list):
    """The :class:`Reminder` rows written by a run (a list), and ``failed``: [(address, reason)]
    of the messages the mail server did not take (sent again by the next run)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.failed = []


def send(now=None):
    """Send the reminders due at ``now``; returns the :class:`Reminder` rows written (an :class:`Outcome`)."""
    sent = Outcome()
    if not settings.HOPTAC_REMINDERS:
        logger.info("reminders are turned off (HOPTAC_REMINDERS=0)")
        return sent
    now = now or timezone.now()
    today = timezone.localdate(now)
    for window in ReportingWindow.objects.order_by("year"):
        kind = _kind(window, today)
        if kind is None:
            continue
        done = set(Reminder.objects.filter(year=window.year, kind=kind).values_list("email", flat=True))
        for user, orgs in _recipients(window, today):
            if user.email in done:
                continue
            try:
                sent.append(_send_one(user, orgs, window, kind, now))
            except (smtplib.SMTPException, OSError) as exc:  # OSError: refused connection, timeout, DNS
                logger.warning("reminder to %s not sent: %s", user.email, exc)
                sent.failed.append((user.email, str(exc) or type(exc).__name__))
                continue
            done.add(user.email)
    return sent


def _send_one(user, orgs, window, kind, now):
    with translation.override("vi"):
        context = {"user": user, "organizations": orgs, "window": window, "kind": kind,
                   "year": str(window.year), "deadline": window.deadline.strftime("%d/%m/%Y"),
                   "site": settings.HOPTAC_SITE_URL.rstrip("/"),
                   "local": policy.role_of(user) == policy.LOCAL}
        if kind == ReminderKind.BEFORE:
            subject = _("Reminder: the annual reports for %(year)s are due by %(deadline)s") % context
        else:
            subject = _("Overdue: the annual reports for %(year)s were due on %(deadline)s") % context
        body = render_to_string("collection/reminder_email.txt", context)
    mail.send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return Reminder.objects.create(year=window.year, kind=kind, user=user, email=user.email, subject=subject,
                                   organizations=[o.code for o in orgs], sent_at=now)
