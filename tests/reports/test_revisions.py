"""Published reports reproduced as recorded, and their revision analysis (SPEC §3 vintages), on a small register.

Three cooperatives recorded in 2016: two in Hồng Bàng (303), one in Ngô Quyền (304). The 2020 report of
Hải Phòng is made as recorded on 15/3/2021 and published; afterwards a dissolution dated in 2020 and a
relocation dated in 2020 are recorded. The tests read the figures then and now, and what the analysis blames.
"""

import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hoptac.registry import lifecycle
from hoptac.registry.models import Event
from hoptac.reports import revisions
from hoptac.indicators.engine import IndicatorInputError, parse_moment
from hoptac.reports.services import make_report, publish_report
from tests.accounts.factories import first_commune, make_org, unit

pytestmark = pytest.mark.django_db

TZ = datetime.timezone(datetime.timedelta(hours=7))
RECORDED = datetime.datetime(2016, 1, 10, 9, 0, tzinfo=TZ)
MADE = datetime.datetime(2021, 3, 15, 16, 30, tzinfo=TZ)
DISSOLUTION_RECORDED = datetime.datetime(2021, 6, 8, 10, 15, tzinfo=TZ)
RELOCATION_RECORDED = datetime.datetime(2021, 10, 12, 14, 5, tzinfo=TZ)


def _recorded(events, moment):
    Event.objects.filter(pk__in=[e.pk for e in events]).update(recorded_at=moment)


@pytest.fixture
def register(world):
    third = make_org("HP311002", first_commune("303"), "HTX Dịch vụ Lập Lễ", established_on=datetime.date(2012, 5, 2))
    orgs = [world.own_org, world.foreign_org, third]
    _recorded(Event.objects.filter(organization__in=orgs), RECORDED)
    lifecycle.rebuild_states([o.pk for o in orgs])
    return world, orgs


@pytest.fixture
def published(register):
    world, orgs = register
    report = publish_report(make_report("31", 2020, "xlsx", as_recorded=MADE), user=world["province_officer"])
    own, foreign, third = orgs
    dissolution = lifecycle.record_event(third, "dissolved", datetime.date(2020, 9, 30), document="15/QĐ-UBND",
                                         by=world["province_officer"])
    relocation = lifecycle.record_event(own, "relocated", datetime.date(2020, 6, 1), unit=first_commune("304"),
                                        by=world["province_officer"])
    _recorded([dissolution], DISSOLUTION_RECORDED)
    _recorded([relocation], RELOCATION_RECORDED)
    lifecycle.rebuild_states([o.pk for o in orgs])
    return report, dissolution, relocation


def test_the_published_report_keeps_every_figure_it_printed(published):
    report, _d, _r = published
    assert report.made_at == MADE
    figures = report.figures
    assert figures["values"]["htx.total"] == 3
    assert {c["code"]: c["values"]["htx.total"] for c in figures["children"]}["303"] == 2
    assert {"values", "baseline_values", "children", "targets", "quality", "support", "directives"} <= set(figures)


def test_regenerated_as_recorded_at_made_at_gives_the_published_figures(published):
    report, _d, _r = published
    again = revisions.flatten(revisions.figures_at(report, report.made_at))
    assert revisions.differences(revisions.flatten(report.figures), again) == []


def test_today_three_figures_differ_and_the_analysis_names_the_records(published):
    report, dissolution, relocation = published
    analysis = revisions.analyse(report)
    changed = {c.path: c for c in analysis.changes}
    assert (changed["values.htx.total"].then, changed["values.htx.total"].now) == (3, 2)
    assert (changed["values.htx.dissolved"].then, changed["values.htx.dissolved"].now) == (0, 1)
    assert (changed["children.303.htx.total"].then, changed["children.303.htx.total"].now) == (2, 0)
    assert (changed["children.304.htx.total"].then, changed["children.304.htx.total"].now) == (1, 2)
    assert [r.pk for r in changed["values.htx.total"].records] == [dissolution.pk]
    assert [r.pk for r in changed["children.304.htx.total"].records] == [relocation.pk]
    assert {r.pk for r in changed["children.303.htx.total"].records} == {dissolution.pk, relocation.pk}
    assert all(c.cause == revisions.Cause.RECORDS for c in analysis.changes)
    record = changed["values.htx.total"].records[0]
    assert (record.kind, record.moment, record.by) == ("event", DISSOLUTION_RECORDED, "so_tinh")
    assert "HP311002" in record.organization


def test_a_void_after_publication_is_named(published, world):
    report, dissolution, _r = published
    lifecycle.void_event(dissolution, reason="Nhập nhầm ngày", by=world["province_officer"])
    changed = {c.path: c for c in revisions.analyse(report).changes}
    assert "values.htx.total" not in changed  # recorded then voided: the figure is back to what was published
    assert "values.htx.dissolved" not in changed


def test_a_figure_changed_by_new_definitions_is_told_apart(published):
    report, _d, _r = published
    figures = {**report.figures, "values": {**report.figures["values"], "tht.total": 7}}
    PublishedReportLike = type("PublishedReportLike", (), {})
    stale = PublishedReportLike()
    for name in ("unit_code", "year", "since", "as_of", "baseline_year", "made_at"):
        setattr(stale, name, getattr(report, name))
    stale.figures, stale.product_version = figures, "0.9"
    changed = {c.path: c for c in revisions.analyse(stale).changes}
    assert changed["values.tht.total"].cause == revisions.Cause.DEFINITIONS
    assert changed["values.tht.total"].recomputed_then == 0
    assert changed["values.htx.total"].cause == revisions.Cause.RECORDS


def test_vintages_command_lists_each_figure_that_differs(published, capsys):
    call_command("vintages", "--unit", "31", "--date", "2020-12-31", "--from", "15/03/2021 16:30",
                 "--to", "2021-11-01T00:00+07:00", "--format", "json")
    out = json.loads(capsys.readouterr().out)
    changes = {c["figure"]: (c["from"], c["to"]) for c in out["changes"]}
    assert changes["values.htx.total"] == (3, 2)
    assert changes["children.304.htx.total"] == (1, 2)
    call_command("vintages", "--unit", "31", "--date", "2020-12-31", "--from", "15/03/2021 16:30",
                 "--to", "2021-11-01T00:00+07:00")
    table = capsys.readouterr().out
    assert "lúc 15/03/2021 16:30 và lúc 01/11/2021 00:00" in table
    assert f"{len(changes)}/{out['figures_compared']} số liệu khác nhau" in table
    line = next(row for row in table.splitlines() if row.strip().startswith("Tổng số hợp tác xã "))
    assert line.split()[-3:] == ["3", "→", "2"]  # the label of values.htx.total, then and now
    call_command("vintages", "--unit", "31", "--date", "2020-12-31", "--from", "15/03/2021 16:30",
                 "--to", "2021-11-01T00:00+07:00", "--lang", "en")
    assert "figures differ" in capsys.readouterr().out


def test_vintages_command_same_moment_differs_in_nothing(published, capsys):
    call_command("vintages", "--unit", "31", "--date", "2020-12-31", "--from", "2021-03-15", "--to", "15/03/2021")
    assert "số liệu giống nhau ở cả hai thời điểm" in capsys.readouterr().out


@pytest.mark.parametrize("moment", ["2999-01-01T00:00+07:00", "31/02/2021", "hôm qua", "01/01/2000"])
def test_vintages_command_refuses_a_bad_moment_in_one_line(published, moment):
    with pytest.raises(CommandError) as caught:
        call_command("vintages", "--unit", "31", "--date", "2020-12-31", "--from", moment, "--to", "15/03/2021")
    assert "\n" not in str(caught.value)


def test_a_moment_before_the_first_record_is_refused_in_vietnamese(published, tmp_path):
    with pytest.raises(CommandError, match="trước hồ sơ đầu tiên của sổ đăng ký"):
        call_command("vintages", "--unit", "31", "--date", "2020-12-31", "--from", "01/01/2000", "--to", "15/03/2021")
    with pytest.raises(CommandError, match="trước hồ sơ đầu tiên"):
        call_command("report", "--unit", "31", "--year", "2000", "--format", "xlsx", "--output", str(tmp_path / "r.xlsx"),
                     "--as-recorded", "2010-06-01T00:00+07:00")


def test_moments_are_read_the_vietnamese_way_and_the_iso_way():
    assert parse_moment("15/03/2021 16:30") == parse_moment("2021-03-15T16:30") == MADE
    assert parse_moment("15/3/2021") == parse_moment("2021-03-15")
    assert parse_moment("15/3/2021").astimezone(TZ).time() == datetime.time.max  # the end of that day
    for text in ("15/03/2021 25:00", "31/02/2021", "01/01/2999", "hôm qua"):
        with pytest.raises(IndicatorInputError):
            parse_moment(text)


def test_report_command_as_recorded(published, tmp_path, capsys):
    output = tmp_path / "r.xlsx"
    call_command("report", "--unit", "31", "--year", "2020", "--format", "xlsx", "--output", str(output),
                 "--as-recorded", "2021-03-15T16:30+07:00")
    assert "theo dữ liệu ghi nhận đến 15/03/2021 16:30" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("report", "--unit", "31", "--year", "2020", "--format", "xlsx", "--output", str(output),
                     "--as-recorded", "2999-01-01T00:00+07:00")
    assert unit("31")  # the unit still resolves
