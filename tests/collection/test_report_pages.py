"""The report pages in the back office: own organisation only, the steps, the warning to confirm."""

import pytest
from django.urls import reverse

from hoptac.collection import workflow
from hoptac.registry.models import AnnualReport

from .factories import FIGURES

YEAR = 2021
FORM = {"members": "120", "workers": "15", "revenue": "8000", "profit": "350", "income": "46", "value_added": "900"}


def url(org, year=YEAR):
    return reverse("collection:report", kwargs={"code": org.code, "year": year})


def test_a_cooperative_opens_its_own_report(client, world):
    client.force_login(world["cooperative"])
    response = client.get(url(world.own_org))
    assert response.status_code == 200
    assert world.own_org.name in response.text


def test_a_cooperative_cannot_open_another_organisations_report(client, world):
    client.force_login(world["cooperative"])
    assert client.get(url(world.foreign_org)).status_code == 404
    assert client.post(url(world.foreign_org), {**FORM, "action": "save"}).status_code == 404
    assert not AnnualReport.objects.exists()


def test_the_report_list_sends_a_cooperative_to_its_own_report(client, world):
    client.force_login(world["cooperative"])
    response = client.get(reverse("collection:reports") + f"?year={YEAR}")
    assert response.status_code == 302 and response.url == url(world.own_org)


def test_a_local_officer_lists_only_organisations_of_their_units(client, world):
    client.force_login(world["local_officer"])
    response = client.get(reverse("collection:reports") + f"?year={YEAR}")
    assert world.own_org.code in response.text
    assert world.foreign_org.code not in response.text


def test_save_and_submit_then_verify_then_approve(client, world):
    client.force_login(world["cooperative"])
    response = client.post(url(world.own_org), {**FORM, "action": "save_submit"})
    assert response.status_code == 302
    assert AnnualReport.objects.get().status == "submitted"
    client.force_login(world["local_officer"])
    client.post(url(world.own_org), {"action": "verify"})
    assert AnnualReport.objects.get().status == "verified"
    client.force_login(world["province_officer"])
    client.post(url(world.own_org), {"action": "approve"})
    report = AnnualReport.objects.get()
    assert (report.status, report.in_force, report.approved_by) == ("approved", True, world["province_officer"])


def test_a_cooperative_cannot_approve_by_posting(client, world):
    report = workflow.save_draft(world["cooperative"], world.own_org, YEAR, FIGURES)
    workflow.verify(world["local_officer"], workflow.submit(world["cooperative"], report))
    client.force_login(world["cooperative"])
    assert client.post(url(world.own_org), {"action": "approve"}).status_code == 403
    assert AnnualReport.objects.get().status == "verified"


def test_returning_needs_a_comment(client, world):
    workflow.submit(world["cooperative"], workflow.save_draft(world["cooperative"], world.own_org, YEAR, FIGURES))
    client.force_login(world["local_officer"])
    client.post(url(world.own_org), {"action": "return", "comment": ""})
    assert AnnualReport.objects.get().status == "submitted"
    client.post(url(world.own_org), {"action": "return", "comment": "Thiếu lợi nhuận"})
    assert AnnualReport.objects.get().status == "returned"


def test_an_approved_report_shows_no_form_and_refuses_a_save(client, world):
    report = workflow.save_draft(world["cooperative"], world.own_org, YEAR, FIGURES)
    workflow.approve(world["province_officer"], workflow.verify(world["local_officer"], workflow.submit(world["cooperative"], report)))
    client.force_login(world["cooperative"])
    assert 'name="revenue"' not in client.get(url(world.own_org)).text
    assert client.post(url(world.own_org), {**FORM, "revenue": "1", "action": "save"}).status_code == 403
    assert AnnualReport.objects.get().revenue == 8000


def test_a_big_change_since_last_year_must_be_confirmed(client, world):
    last = workflow.save_draft(world["cooperative"], world.own_org, YEAR - 1, FIGURES)
    workflow.approve(world["province_officer"], workflow.verify(world["local_officer"], workflow.submit(world["cooperative"], last)))
    client.force_login(world["cooperative"])
    response = client.post(url(world.own_org), {**FORM, "revenue": "40000", "action": "save"})
    assert response.status_code == 200
    assert "changed from 8,000 last year to 40,000" in response.text or "40.000" in response.text
    assert not AnnualReport.objects.filter(year=YEAR).exists()
    client.post(url(world.own_org), {**FORM, "revenue": "40000", "action": "save",
                                           "confirm_note": "Mở thêm cửa hàng vật tư nông nghiệp"})
    assert AnnualReport.objects.get(year=YEAR).revenue == 40000


def test_out_of_range_figures_are_shown_on_the_form(client, world):
    client.force_login(world["cooperative"])
    response = client.post(url(world.own_org), {**FORM, "workers": "-4", "action": "save"})
    assert response.status_code == 200
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("name", ["collection:reports", "collection:template", "collection:upload_new", "collection:completeness"])
def test_pages_refuse_an_editor(client, world, name):
    from .factories import user

    client.force_login(user("bien-tap", "editor"))
    assert client.get(reverse(name)).status_code in (302, 403)
