"""Who must report for a year, who did, and at which step each report is."""

import datetime

from django.urls import reverse

from hoptac.collection import workflow
from hoptac.collection.completeness import completeness
from hoptac.registry import lifecycle

from . import factories as f

YEAR = 2021


def test_expected_are_cooperatives_and_unions_existing_on_31_december(people):
    unions = f.org(kind="lhhtx", unit_code="303")
    f.org(kind="tht", unit_code="303")  # cooperative groups do not report
    f.org(kind="htx", unit_code="303", established_on=datetime.date(2022, 2, 1))  # too late
    gone = f.org(kind="htx", unit_code="303")
    lifecycle.record_event(gone, "dissolved", datetime.date(2021, 6, 30))
    late = f.org(kind="htx", unit_code="303")
    lifecycle.record_event(late, "dissolved", datetime.date(2022, 3, 1))  # still existed on 31/12/2021
    result = completeness(f.unit("303"), YEAR)
    assert sorted(r.code for r in result.rows) == sorted([people.organization.code, unions.code, late.code])


def test_each_report_is_shown_at_its_step(people):
    second = f.org(unit_code=f.OWN_COMMUNE)
    third = f.org(unit_code=f.OWN_COMMUNE)
    workflow.save_draft(people.local, people.organization, YEAR, f.FIGURES)
    report = workflow.submit(people.local, workflow.save_draft(people.local, second, YEAR, f.FIGURES))
    workflow.approve(people.province, workflow.verify(people.local, report))
    result = completeness(f.unit("303"), YEAR)
    steps = {r.code: r.step for r in result.rows}
    assert steps == {people.organization.code: "draft", second.code: "approved", third.code: "none"}
    assert (result.expected, result.reported, result.in_force) == (3, 1, 1)
    assert sorted(r.code for r in result.reminders) == sorted([people.organization.code, third.code])


def test_a_province_counts_every_district_and_splits_by_district(people):
    result = completeness(f.unit("31"), YEAR)
    assert result.expected == 2
    assert {area: n["expected"] for area, n in result.by_area.items()} == {
        f.unit("303").name: 1, f.unit("304").name: 1}


def test_the_page_shows_counts_and_reminders(client, people):
    client.force_login(people.local)
    response = client.get(reverse("collection:completeness") + f"?unit=303&year={YEAR}")
    assert response.status_code == 200
    assert people.organization.code in response.text


def test_a_local_officer_cannot_see_another_district(client, people):
    client.force_login(people.local)
    response = client.get(reverse("collection:completeness") + f"?unit=304&year={YEAR}")
    assert people.other_organization.code not in response.text
    assert "không thuộc phạm vi phụ trách" in response.text  # pages speak Vietnamese


def test_a_cooperative_account_has_no_completeness_page(client, people):
    client.force_login(people.cooperative)
    assert client.get(reverse("collection:completeness")).status_code == 403
