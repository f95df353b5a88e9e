"""An upload is one write: one audit entry, channel "upload", with each report's figures before and after."""

from decimal import Decimal

import pytest

from hoptac.audit.models import AuditEntry, Channel
from hoptac.collection import upload, workflow

from . import factories as f
from .workbooks import FILLED, fill, save, template

YEAR = 2021


@pytest.fixture
def district(world):
    return [world.own_org, f.org(unit_code="303")]


def test_an_upload_leaves_one_entry_with_every_report_before_and_after(tmp_path, world, district):
    for org in district:  # drafts, which an upload replaces and submits
        workflow.save_draft(world["local_officer"], org, YEAR, {k: Decimal(v) for k, v in FILLED.items()})
    wb = template(f.unit("303"), YEAR, district)
    fill(wb, 2, revenue=Decimal("1234.5"))
    fill(wb, 3)
    since = AuditEntry.objects.order_by("-pk").first().pk
    upload.apply(save(wb, tmp_path / "second.xlsx"), world["local_officer"], note="second.xlsx")
    [entry] = AuditEntry.objects.filter(pk__gt=since)
    assert (entry.action, entry.channel, entry.note, entry.actor) == (
        "collection.report.uploaded", Channel.UPLOAD, "second.xlsx", "hong_bang")
    key = f"{district[0].code}/{YEAR}"
    assert list(entry.before) == [key] and list(entry.after) == [key]  # the unchanged row is not a write
    assert Decimal(entry.after[key]["revenue"]) == Decimal("1234.5")
    assert Decimal(entry.before[key]["revenue"]) != Decimal("1234.5")
