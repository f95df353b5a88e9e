"""The demo's 2020 review (SPEC §7 v2, §3 vintages): published on 15/3/2021 with the figures as recorded then,
reproduced by regenerating it as recorded at that moment, and three later records that change its figures —
which the revision analysis names."""

import datetime

import pytest
from django.utils import timezone

from hoptac.demo import calibration as cal
from hoptac.demo import vintages
from hoptac.geo.models import Unit
from hoptac.indicators.engine import compute
from hoptac.registry.models import AnnualReport, Event
from hoptac.reports import revisions
from hoptac.reports.models import PublishedReport

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def review(demo, django_db_blocker):
    with django_db_blocker.unblock():
        report = PublishedReport.objects.get(unit_code="31", year=2020, made_at=vintages.PUBLISHED)
        return report, revisions.analyse(report)


@pytest.fixture
def story(demo):
    return (Event.objects.get(recorded_at=vintages.LATE_DISSOLUTION, type="dissolved"),
            AnnualReport.objects.get(approved_at=vintages.CORRECTION, year=2020),
            Event.objects.get(recorded_at=vintages.LATE_RELOCATION, type="relocated"))


def test_the_review_was_published_on_15_march_2021_for_31_12_2020(review):
    report, _analysis = review
    assert timezone.localtime(report.published_at).date() == datetime.date(2021, 3, 15)
    assert report.made_at == vintages.PUBLISHED and report.as_of == datetime.date(2020, 12, 31)
    assert report.published_by.get_username() == vintages.OFFICER
    assert report.figures["values"]["htx.total"] > 0 and report.figures["children"]


def test_regenerated_as_recorded_on_15_march_2021_it_gives_the_published_figures(review):
    report, _analysis = review
    again = revisions.flatten(revisions.figures_at(report, report.made_at))
    assert revisions.differences(revisions.flatten(report.figures), again) == []


def test_today_at_least_three_figures_differ_and_the_analysis_names_the_three_records(review, story):
    report, analysis = review
    dissolution, correction, relocation = story
    changed = {c.path: c for c in analysis.changes}
    assert len(changed) >= 3

    def blamed(path):
        return {(r.kind, r.pk) for r in changed[path].records}

    total = changed["values.htx.total"]
    assert total.then == total.now + 1 and total.cause == revisions.Cause.RECORDS
    assert ("event", dissolution.pk) in blamed("values.htx.total")
    assert changed["values.htx.dissolved"].now == changed["values.htx.dissolved"].then + 1
    members = changed["values.members.total"]
    assert members.then == members.now + 120
    assert ("report", correction.pk) in blamed("values.members.total")
    moved = [c for c in analysis.changes if c.key[0] == "children" and c.key[2] == "htx.total"
             and ("event", relocation.pk) in {(r.kind, r.pk) for r in c.records}]
    assert len(moved) == 2  # the district it left and the one it went to
    assert {c.now - c.then for c in moved} >= {1}


def test_the_late_records_are_dated_in_2020_and_recorded_after_publication(story):
    dissolution, correction, relocation = story
    assert dissolution.date.year == relocation.date.year == 2020 or relocation.date.year < 2020
    assert dissolution.recorded_at > vintages.PUBLISHED and relocation.recorded_at > vintages.PUBLISHED
    first = AnnualReport.objects.get(organization=correction.organization, year=2020, revision=1)
    assert first.approved_at < vintages.PUBLISHED < first.superseded_at == correction.approved_at
    assert correction.in_force and not first.in_force


def test_the_2021_figures_of_section_7_stay_exact(demo):
    values = compute(Unit.objects.resolve("31", cal.D), cal.D, cal.S, 2001)
    assert (values["htx.total"], values["htx.active"], values["htx.not_operating"]) == (549, 347, 202)
    assert (values["htx.dissolved"], values["members.total"], values["workers.total"]) == (107, 62950, 8183)
