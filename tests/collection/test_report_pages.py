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


def test_a_cooperative_opens_its_own_report(client, people):
    client.force_login(people.cooperative)
    response = client.get(url(people.organization))
    assert response.status_code == 200
    assert people.organization.name in response.text


def test_a_cooperative_cannot_open_another_organisations_report(client, people):
    client.force_login(people.cooperative)
    assert client.get(url(people.other_organization)).status_code == 404
    assert client.post(url(people.other_organization), {**FORM, "action": "save"}).status_code == 404
    assert not AnnualReport.objects.exists()


def test_the_report_list_sends_a_cooperative_to_its_own_report(client, people):
    client.force_login(people.cooperative)
    response = client.get(reverse("collection:reports") + f"?year={YEAR}")
    assert response.status_code == 302 and response.url == url(people.organization)


def test_a_local_officer_lists_only_organisations_of_their_units(client, people):
    client.force_login(people.local)
    response = client.get(reverse("collection:reports") + f"?year={YEAR}")
    assert people.organization.code in response.text
    assert people.other_organization.code not in response.text


def test_save_and_submit_then_verify_then_approve(client, people):
    client.force_login(people.cooperative)
    response = client.post(url(people.organization), {**FORM, "action": "save_submit"})
    assert response.status_code == 302
    assert AnnualReport.objects.get().status == "submitted"
    client.force_login(people.local)
    client.post(url(people.organization), {"action": "verify"})
    assert AnnualReport.objects.get().status == "verified"
    client.force_login(people.province)
    client.post(url(people.organization), {"action": "approve"})
    report = AnnualReport.objects.get()
    assert (report.status, report.in_force, report.approved_by) == ("approved", True, people.province)


def test_a_cooperative_cannot_approve_by_posting(client, people):
    report = workflow.save_draft(people.cooperative, people.organization, YEAR, FIGURES)
    workflow.verify(people.local, workflow.submit(people.cooperative, report))
    client.force_login(people.cooperative)
    assert client.post(url(people.organization), {"action": "approve"}).status_code == 403
    assert AnnualReport.objects.get().status == "verified"


def test_returning_needs_a_comment(client, people):
    workflow.submit(people.cooperative, workflow.save_draft(people.cooperative, people.organization, YEAR, FIGURES))
    client.force_login(people.local)
    client.post(url(people.organization), {"action": "return", "comment": ""})
    assert AnnualReport.objects.get().status == "submitted"
    client.post(url(people.organization), {"action": "return", "comment": "Thiếu lợi nhuận"})
    assert AnnualReport.objects.get().status == "returned"


def test_an_approved_report_shows_no_form_and_refuses_a_save(client, people):
    report = workflow.save_draft(people.cooperative, people.organization, YEAR, FIGURES)
    workflow.approve(people.province, workflow.verify(people.local, workflow.submit(people.cooperative, report)))
    client.force_login(people.cooperative)
    assert 'name="revenue"' not in client.get(url(people.organization)).text
    assert client.post(url(people.organization), {**FORM, "revenue": "1", "action": "save"}).status_code == 403
    assert AnnualReport.objects.get().revenue == 8000


def test_a_big_change_since_last_year_must_be_confirmed(client, people):
    last = workflow.save_draft(people.cooperative, people.organization, YEAR - 1, FIGURES)
    workflow.approve(people.province, workflow.verify(people.local, workflow.submit(people.cooperative, last)))
    client.force_login(people.cooperative)
    response = client.post(url(people.organization), {**FORM, "revenue": "40000", "action": "save"})
    assert response.status_code == 200
    assert "changed from 8,000 last year to 40,000" in response.text or "40.000" in response.text
    assert not AnnualReport.objects.filter(year=YEAR).exists()
    client.post(url(people.organization), {**FORM, "revenue": "40000", "action": "save",
                                           "confirm_note": "Mở thêm cửa hàng vật tư nông nghiệp"})
    assert AnnualReport.objects.get(year=YEAR).revenue == 40000


def test_out_of_range_figures_are_shown_on_the_form(client, people):
    client.force_login(people.cooperative)
    response = client.post(url(people.organization), {**FORM, "workers": "-4", "action": "save"})
    assert response.status_code == 200
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("name", ["collection:reports", "collection:template", "collection:upload_new", "collection:completeness"])
def test_pages_refuse_an_editor(client, people, name):
    from .factories import user

    client.force_login(user("bien-tap", "editor"))
    assert client.get(reverse(name)).status_code in (302, 403)
