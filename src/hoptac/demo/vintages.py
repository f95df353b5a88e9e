"""The demo's recording history and its 2020 review (SPEC §7 v2, §3 vintages).

The generator says what happened; this module says when the Department recorded it,
so that the register can be read as it stood at any past moment:

* an event is recorded a few days after its date, by the province officer;
* a year's annual report is approved one to three days after its first submission, or on
  25 February of the next year when no submission moment is known; ratings are recorded with
  the report. For 2020 the Department asked for the reports before its review: they were all
  submitted between 5 January and 10 March 2021 (the demo's first-submission moments of 2020
  are spread over that span, in their order), so the review of 15/3/2021 had every one;
* macro figures on 15 February of the next year, targets on the day they were set,
  reporting windows a month before they open.

Then the Department's **2020 review** is published as it was made on 15/3/2021, and three
records made after that change its figures for 31/12/2020: a dissolution dated in 2020
recorded only in June 2021, a corrected 2020 annual report approved in September 2021,
and a 2020 relocation recorded in October 2021. Today's register is the generator's,
unchanged, so every §7 figure stays exact; only the past vintages differ.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from hoptac.demo import figures
from hoptac.demo.accounts import HONG_BANG
from hoptac.geo.models import Unit
from hoptac.registry import lifecycle
from hoptac.registry.lifecycle import rebuild_states
from hoptac.registry.models import (
    AnnualReport,
    Event,
    Grdp,
    Organization,
    ReportingWindow,
    Target,
    YearRating,
)
from hoptac.reports.models import PublishedReport
from hoptac.reports.services import make_report, publish_report

TZ = datetime.timezone(datetime.timedelta(hours=7))  # Asia/Ho_Chi_Minh has no daylight saving
REVIEW_YEAR = 2020
REVIEW_BASELINE = 2019
PUBLISHED = datetime.datetime(2021, 3, 15, 16, 30, tzinfo=TZ)
LATE_DISSOLUTION = datetime.datetime(2021, 6, 8, 10, 15, tzinfo=TZ)
CORRECTION = datetime.datetime(2021, 9, 20, 9, 40, tzinfo=TZ)
LATE_RELOCATION = datetime.datetime(2021, 10, 12, 14, 5, tzinfo=TZ)
OFFICER = "sohtx"  # the province officer of the demo accounts


@dataclass(frozen=True)
class Story:
    """The three late records of the 2020 review, for the command's summary and the tests."""

    dissolution: Event
    correction: AnnualReport
    relocation: Event


def _at(day, rng, earliest=8, latest=16):
    return datetime.datetime.combine(day, datetime.time(rng.randint(earliest, latest), rng.randint(0, 59)), tzinfo=TZ)


EARLY_2020 = (datetime.datetime(2021, 1, 5, 8, 0, tzinfo=TZ), datetime.datetime(2021, 3, 10, 17, 0, tzinfo=TZ))


def _before_the_review(moments):
    """The 2020 first submissions spread, in order, over EARLY_2020 (``{old: new}``)."""
    ordered = sorted(set(moments))
    if len(ordered) < 2:
        return {m: EARLY_2020[0] for m in ordered}
    first, last = ordered[0], ordered[-1]
    span = EARLY_2020[1] - EARLY_2020[0]
    return {m: EARLY_2020[0] + span * ((m - first) / (last - first)) for m in ordered}


def _cap(moment, now):
    return min(moment, now)


def record_history(rng, now=None):
    """Give every record of the imported register the moment it was recorded (see the module)."""
    now = now or timezone.now()
    officer = get_user_model().objects.filter(username=OFFICER).first()
    events = list(Event.objects.only("pk", "date"))
    for e in events:
        e.recorded_at = _cap(_at(e.date + datetime.timedelta(days=rng.randint(1, 20)), rng), now)
        e.recorded_by = officer
    Event.objects.bulk_update(events, ["recorded_at", "recorded_by"], batch_size=2000)
    approved = {}
    reports = list(AnnualReport.objects.filter(in_force=True).only("pk", "organization_id", "year",
                                                                    "first_submitted_at"))
    early = _before_the_review([r.first_submitted_at for r in reports
                                if r.year == REVIEW_YEAR and r.first_submitted_at])
    for r in reports:
        if r.year == REVIEW_YEAR and r.first_submitted_at:
            r.first_submitted_at = r.submitted_at = early[r.first_submitted_at]
        submitted = r.first_submitted_at or _at(datetime.date(r.year + 1, 2, 10), rng)
        r.created_at = _cap(submitted, now)
        r.approved_at = _cap(submitted + datetime.timedelta(days=rng.randint(1, 3)), now) if r.first_submitted_at \
            else _cap(_at(datetime.date(r.year + 1, 2, 25), rng), now)
        r.approved_by = officer
        approved[(r.organization_id, r.year)] = r.approved_at
    AnnualReport.objects.bulk_update(reports, ["created_at", "approved_at", "approved_by", "first_submitted_at",
                                               "submitted_at"], batch_size=2000)
    ratings = list(YearRating.objects.only("pk", "organization_id", "year"))
    for r in ratings:
        r.recorded_at = approved.get((r.organization_id, r.year)) or _cap(_at(datetime.date(r.year + 1, 2, 25), rng),
                                                                            now)
        r.recorded_by = officer
    YearRating.objects.bulk_update(ratings, ["recorded_at", "recorded_by"], batch_size=2000)
    macro = list(Grdp.versions.only("pk", "year"))
    for g in macro:
        g.recorded_at = _cap(_at(datetime.date(g.year + 1, 2, 15), rng), now)
    Grdp.objects.bulk_update(macro, ["recorded_at"])
    for t in Target.versions.only("pk", "set_on", "year"):
        t.recorded_at = _cap(_at(t.set_on or datetime.date(figures.TARGETS_SET_ON.year, 12, 31), rng), now)
        t.save(update_fields=["recorded_at"])
    for w in ReportingWindow.versions.filter(superseded_at__isnull=True):
        w.recorded_at = _cap(_at(w.opens_on - datetime.timedelta(days=30), rng), now)
        w.save(update_fields=["recorded_at"])


def _in_hai_phong_2020(queryset):
    return queryset.filter(date__year=REVIEW_YEAR, voided_at__isnull=True, organization__kind="htx")


def late_records(rng):
    """Move three records of 2020 after the review (the story of the module docstring); returns the :class:`Story`."""
    officer = get_user_model().objects.filter(username=OFFICER).first()
    dissolution = _in_hai_phong_2020(Event.objects.filter(type="dissolved")).order_by("date", "pk").first()
    relocation = _district_move(dissolution.organization_id, officer)
    Event.objects.filter(pk=dissolution.pk).update(recorded_at=LATE_DISSOLUTION, recorded_by=officer)
    Event.objects.filter(pk=relocation.pk).update(recorded_at=LATE_RELOCATION, recorded_by=officer)
    correction = _correct_a_report(rng, officer, exclude={dissolution.organization_id, relocation.organization_id})
    return Story(dissolution=Event.objects.get(pk=dissolution.pk), correction=correction,
                 relocation=Event.objects.get(pk=relocation.pk))


def _district(unit):
    while unit is not None and unit.level > 2:
        unit = unit.parent
    return unit


RELOCATED_ON = datetime.date(REVIEW_YEAR, 8, 14)


def _district_move(other_than, officer):
    """A relocation dated 14/8/2020 from one district to another, recorded only in October 2021.

    The generator moves cooperatives within their district only, so this one is added: an active
    cooperative outside Hồng Bàng (the demo accounts' district) with no later move, to a commune of
    the next district. The city's figures do not move; the two districts' counts do.
    """
    moved_later = Event.objects.filter(type="relocated", date__gte=RELOCATED_ON).values("organization_id")
    candidates = (Organization.objects.filter(kind="htx", status="active", established_on__lt=datetime.date(2015, 1, 1))
                  .exclude(pk=other_than).exclude(pk__in=moved_later).order_by("code"))
    for org in candidates:
        state = org.states.filter(valid_from__lte=RELOCATED_ON).order_by("-valid_from").select_related(
            "unit__parent").first()
        home = _district(state.unit) if state is not None else None
        if home is None or home.code == HONG_BANG or state.status != "active":
            continue
        target = (Unit.objects.on(RELOCATED_ON).filter(level=3, parent__parent=home.parent)
                  .exclude(parent=home).exclude(parent__code=HONG_BANG).order_by("parent__code", "code").first())
        if target is None:
            continue
        event = lifecycle.record_event(org, "relocated", RELOCATED_ON, unit=target, by=officer,
                                       document="215/QĐ-UBND", note="Chuyển trụ sở sang địa bàn mới")
        return event
    raise LookupError("no active cooperative to relocate in the generated register")


def _correct_a_report(rng, officer, exclude):
    """Revision 1 of a 2020 report, approved before the review with wrong figures, corrected in September 2021.

    The revision in force today keeps the generator's figures (revision 2); revision 1 carries what
    the cooperative first reported: members and workers overstated, revenue and income mistyped.
    """
    current = (AnnualReport.objects.filter(year=REVIEW_YEAR, in_force=True, organization__kind="htx",
                                           approved_at__lt=PUBLISHED, members__gte=20, workers__gte=5,
                                           revenue__isnull=False, income__isnull=False)
               .exclude(organization_id__in=exclude).order_by("organization__code").first())
    first = AnnualReport.objects.get(pk=current.pk)
    AnnualReport.objects.filter(organization_id=current.organization_id, year=REVIEW_YEAR).update(
        revision=models.F("revision") + 1)
    first.pk = None
    first.revision = 1
    first.members = current.members + 120
    first.workers = current.workers + 35
    first.revenue = current.revenue * 10  # a misplaced digit
    first.income = current.income + 12
    first.in_force = False
    first.superseded_at = CORRECTION
    first.comment = ""
    first.save(force_insert=True)
    AnnualReport.objects.filter(pk=first.pk).update(created_at=current.created_at)
    AnnualReport.objects.filter(pk=current.pk).update(
        created_at=CORRECTION - datetime.timedelta(days=6), approved_at=CORRECTION, approved_by=officer,
        comment="Điều chỉnh số liệu năm 2020 sau rà soát: số thành viên, lao động, doanh thu và thu nhập")
    return AnnualReport.objects.get(pk=current.pk)


def rebuild():
    """The state rows and their versions, from the events' new moments."""
    rebuild_states(Organization.objects.values_list("pk", flat=True))


def publish_review():
    """The 2020 review as the Department published it on 15/3/2021 (figures as recorded then)."""
    officer = get_user_model().objects.filter(username=OFFICER).first()
    rendered = make_report("31", REVIEW_YEAR, "docx", baseline_year=REVIEW_BASELINE, as_recorded=PUBLISHED)
    report = publish_report(rendered, user=officer)
    # The demo tells what happened in 2021: the record says it was published then. (The
    # model refuses updates on purpose; this is the one place that backdates, at build time.)
    models.QuerySet.update(PublishedReport.objects.filter(pk=report.pk), published_at=PUBLISHED)
    return PublishedReport.objects.get(pk=report.pk)


def forget_review():
    """Delete the demo's published 2020 review (``demo --reset``); reports published by users stay."""
    reviews = PublishedReport.objects.filter(unit_code="31", year=REVIEW_YEAR, made_at=PUBLISHED, withdrawal=None)
    for report in reviews:
        report.file.delete(save=False)
    models.QuerySet.delete(reviews)  # the model refuses deletes on purpose; a demo reset is the exception


def build(seed):
    """Record the history, the three late records and the published 2020 review; returns ``(report, story)``."""
    rng = random.Random(f"hoptac-demo:{seed}:vintages")
    record_history(rng)
    story = late_records(rng)
    rebuild()
    return publish_review(), story
