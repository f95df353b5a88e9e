"""Who must report for a year, who did, and at which step each report is."""

import datetime

from django.urls import reverse

from hoptac.collection import workflow
from hoptac.collection.completeness import completeness
from hoptac.registry import lifecycle

from . import factories as f

YEAR = 2021


def test_expected_are_cooperatives_and_unions_existing_on_31_december(world):
    unions = f.org(kind="lhhtx", unit_code="303")
    f.org(kind="tht", unit_code="303")  # cooperative groups do not report
    f.org(kind="htx", unit_code="303", established_on=datetime.date(2022, 2, 1))  # too late
    gone = f.org(kind="htx", unit_code="303")
    lifecycle.record_event(gone, "dissolved", datetime.date(2021, 6, 30))
    late = f.org(kind="htx", unit_code="303")
    lifecycle.record_event(late, "dissolved", datetime.date(2022, 3, 1))  # still existed on 31/12/2021
    result = completeness(f.unit("303"), YEAR)
    assert sorted(r.code for r in result.rows) == sorted([world.own_org.code, unions.code, late.code])


def test_each_report_is_shown_at_its_step(world):
    second = f.org(unit_code=f.OWN_COMMUNE)
    third = f.org(unit_code=f.OWN_COMMUNE)
    workflow.save_draft(world["local_officer"], world.own_org, YEAR, f.FIGURES)
    report = workflow.submit(world["local_officer"], workflow.save_draft(world["local_officer"], second, YEAR, f.FIGURES))
    workflow.approve(world["province_officer"], workflow.verify(world["local_officer"], report))
    result = completeness(f.unit("303"), YEAR)
    steps = {r.code: r.step for r in result.rows}
    assert steps == {world.own_org.code: "draft", second.code: "approved", third.code: "none"}
    assert (result.expected, result.reported, result.in_force) == (3, 1, 1)
    assert sorted(r.code for r in result.reminders) == sorted([world.own_org.code, third.code])


def test_a_province_counts_every_district_and_splits_by_district(world):
    result = completeness(f.unit("31"), YEAR)
    assert result.expected == 2
    assert {area: n["expected"] for area, n in result.by_area.items()} == {
        f.unit("303").name: 1, f.unit("304").name: 1}


def test_the_page_shows_counts_and_reminders(client, world):
    client.force_login(world["local_officer"])
    response = client.get(reverse("collection:completeness") + f"?unit=303&year={YEAR}")
    assert response.status_code == 200
    assert world.own_org.code in response.text


def test_a_local_officer_cannot_see_another_district(client, world):
    client.force_login(world["local_officer"])
    response = client.get(reverse("collection:completeness") + f"?unit=304&year={YEAR}")
    assert world.foreign_org.code not in response.text
    assert "không thuộc phạm vi phụ trách" in response.text  # pages speak Vietnamese


def test_a_cooperative_account_has_no_completeness_page(client, world):
    client.force_login(world["cooperative"])
    assert client.get(reverse("collection:completeness")).status_code == 403
