"""A large upload takes other paths than a small one — the register read whole instead of IN
lists, reports and steps written by the bulk inserter (COPY on PostgreSQL) — with the same checks,
the same result and the same all-or-nothing guarantee."""

from decimal import Decimal

import pytest

from hoptac.audit.models import AuditEntry
from hoptac.collection import upload, workflow
from hoptac.collection.models import ReportStep
from hoptac.registry.models import AnnualReport

from . import factories as f
from .workbooks import fill, save, template

YEAR = 2021


def scenario(tmp_path, world, chunk, monkeypatch):
    """Last year's approved figures, one approved and one returned report this year, then an upload
    of four rows by the province: a jump (warning), a correction, a replacement and a new report."""
    monkeypatch.setattr(upload, "CHUNK", chunk)
    orgs = [world.own_org, f.org(unit_code=f.OWN_COMMUNE), f.org(unit_code=f.OWN_COMMUNE), f.org(unit_code=f.OWN_COMMUNE)]
    last = workflow.save_draft(world["local_officer"], orgs[0], YEAR - 1, f.FIGURES)
    workflow.approve(world["province_officer"], workflow.verify(world["local_officer"], workflow.submit(world["local_officer"], last)))
    approved = workflow.save_draft(world["local_officer"], orgs[1], YEAR, f.FIGURES)
    workflow.approve(world["province_officer"], workflow.verify(world["local_officer"], workflow.submit(world["local_officer"], approved)))
    returned = workflow.save_draft(world["local_officer"], orgs[2], YEAR, f.FIGURES)
    workflow.return_report(world["province_officer"], workflow.submit(world["local_officer"], returned), comment="Xem lại")
    wb = template(f.unit("303"), YEAR, orgs)
    fill(wb, 2, revenue=80000)
    fill(wb, 3, revenue=9000)
    fill(wb, 4, workers=99)
    fill(wb, 5, revenue=8438.5)
    path = save(wb, tmp_path / f"bulk-{chunk}.xlsx")
    plan = upload.check(path, world["province_officer"])
    outcome = {
        "summary": plan.summary, "problems": plan.problems,
        "warnings": [(w["row"], w["column"]) for w in plan.warnings],
    }
    upload.apply(path, world["province_officer"], note="bulk.xlsx")
    outcome["saved"] = sorted(
        (r.organization.code == orgs[i].code and i, r.revision, r.status, r.in_force, r.revenue, r.workers,
         r.steps.filter(action="uploaded").count())
        for i in range(4) for r in AnnualReport.objects.filter(organization=orgs[i], year=YEAR)
    )
    return outcome


@pytest.mark.parametrize("chunk", [1, 2])
def test_the_bulk_paths_give_what_the_small_paths_give(tmp_path, world, monkeypatch, chunk):
    small = scenario(tmp_path, world, 5000, monkeypatch)
    AnnualReport.objects.all().delete()
    large = scenario(tmp_path, world, chunk, monkeypatch)
    assert large == small
    assert small["summary"] == {"new": 2, "changed": 2, "unchanged": 0, "empty": 0}
    assert small["warnings"] == [(2, "F"), (3, "A")]  # the jump; the approved year reopened (its reason)
    assert (1, 2, "submitted", False, Decimal(9000), 15, 1) in small["saved"]  # the correction beside the approved
    assert (3, 1, "submitted", False, Decimal("8438.5"), 15, 1) in small["saved"]


def test_an_outsider_is_refused_on_the_bulk_path_too(tmp_path, world, monkeypatch):
    monkeypatch.setattr(upload, "CHUNK", 1)
    orgs = [world.own_org, f.org(unit_code=f.OWN_COMMUNE)]
    wb = template(f.unit("303"), YEAR, orgs)
    fill(wb, 2)
    fill(wb, 3)
    plan = upload.check(save(wb, tmp_path / "other.xlsx"), world["outsider"])
    assert [(p["row"], p["column"]) for p in plan.problems] == [(2, "A"), (3, "A")]
    assert all("not an organisation of your units" in p["reason"] for p in plan.problems)
    with pytest.raises(upload.UploadRefused):
        upload.apply(tmp_path / "other.xlsx", world["outsider"])
    assert not AnnualReport.objects.exists()


def test_a_failure_while_writing_leaves_nothing_behind(tmp_path, world, monkeypatch):
    orgs = [world.own_org, f.org(unit_code=f.OWN_COMMUNE)]
    wb = template(f.unit("303"), YEAR, orgs)
    fill(wb, 2)
    fill(wb, 3)
    path = save(wb, tmp_path / "cut.xlsx")

    def broken(*args):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(upload, "_insert_steps", broken)
    entries = AuditEntry.objects.count()
    with pytest.raises(RuntimeError):
        upload.apply(path, world["province_officer"], note="cut.xlsx")
    assert not AnnualReport.objects.exists() and not ReportStep.objects.exists()
    assert AuditEntry.objects.count() == entries
