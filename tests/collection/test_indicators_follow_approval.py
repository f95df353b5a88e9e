"""The indicators read only the approved revision in force: a correction changes them when approved."""

import datetime
from decimal import Decimal

from hoptac.collection import workflow
from hoptac.indicators.engine import compute
from hoptac.registry.models import AnnualReport

from . import factories as f

YEAR = 2021
D = datetime.date(YEAR, 12, 31)


def approve(world, report):
    return workflow.approve(world["province_officer"], workflow.verify(world["local_officer"], workflow.submit(world["cooperative"], report)))


def test_a_draft_or_submitted_report_is_not_counted(world):
    workflow.submit(world["cooperative"], workflow.save_draft(world["cooperative"], world.own_org, YEAR, f.FIGURES))
    values = compute(f.unit("303"), D)
    assert values["members.total"] == 0
    assert values["reports.coverage_pct"] == 0


def test_a_correction_leaves_the_approved_figures_until_it_is_approved(world):
    approved = approve(world, workflow.save_draft(world["cooperative"], world.own_org, YEAR, f.FIGURES))
    assert compute(f.unit("303"), D)["members.total"] == 120

    correction = workflow.reopen(world["province_officer"], approved, reason="Sai số thành viên")
    correction = workflow.save_draft(world["cooperative"], world.own_org, YEAR, {**f.FIGURES, "members": 200, "revenue": 9000})
    correction = workflow.verify(world["local_officer"], workflow.submit(world["cooperative"], correction))
    values = compute(f.unit("303"), D)
    assert values["members.total"] == 120
    assert values["revenue.avg"] == Decimal(8000)
    assert list(AnnualReport.objects.filter(in_force=True).values_list("revision", flat=True)) == [1]

    workflow.approve(world["province_officer"], correction)
    values = compute(f.unit("303"), D)
    assert values["members.total"] == 200
    assert values["revenue.avg"] == Decimal(9000)
    assert list(AnnualReport.objects.filter(in_force=True).values_list("revision", flat=True)) == [2]


def test_a_returned_correction_keeps_the_approved_figures(world):
    approved = approve(world, workflow.save_draft(world["cooperative"], world.own_org, YEAR, f.FIGURES))
    correction = workflow.reopen(world["province_officer"], approved, reason="Sai số thành viên")
    workflow.save_draft(world["cooperative"], world.own_org, YEAR, {**f.FIGURES, "members": 5})
    workflow.return_report(world["local_officer"], workflow.submit(world["cooperative"], correction), comment="Sai số thành viên")
    assert compute(f.unit("303"), D)["members.total"] == 120
