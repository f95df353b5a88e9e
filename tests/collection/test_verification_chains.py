"""Who verifies (SPEC §2 v2): the local officer whose unit contains the organisation's unit on
the day of verification — a district officer until 30/6/2025, a commune officer from
1/7/2025 — and the province approves; where no such officer exists the province does both."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from hoptac.collection import workflow
from hoptac.registry.models import REPORTING_TZ, AnnualReport

from . import factories as f

YEAR = 2024
BEFORE = datetime.datetime(2025, 6, 30, 16, 0, tzinfo=REPORTING_TZ)
AFTER = datetime.datetime(2025, 7, 1, 9, 0, tzinfo=REPORTING_TZ)


@pytest.fixture
def chain(world):
    class Chain:
        district = f.user("huyen-303", "local_officer", units=[f.unit("303")])
        commune = f.user("xa-11602", "local_officer", units=[f.unit("11602", f.AFTER)])

    return Chain


def submitted(world, org=None):
    org = org or world.own_org
    report = workflow.save_draft(world["province_officer"], org, YEAR, f.FIGURES)
    return workflow.submit(world["province_officer"], report, now=BEFORE - datetime.timedelta(days=30))


def refused(user, report, now):
    with pytest.raises(PermissionDenied):
        workflow.verify(user, report, now=now)
    assert AnnualReport.objects.get(pk=report.pk).status == "submitted"


def test_before_the_reform_the_district_officer_verifies_and_the_province_approves(world, chain):
    report = submitted(world)
    refused(chain.commune, report, BEFORE)  # the new commune does not exist yet
    refused(world["province_officer"], report, BEFORE)  # a local officer exists: the province only approves
    report = workflow.verify(chain.district, report, now=BEFORE)
    assert (report.status, report.verified_by) == ("verified", chain.district)
    with pytest.raises(PermissionDenied):
        workflow.approve(chain.district, report, now=BEFORE)
    report = workflow.approve(world["province_officer"], report, now=BEFORE)
    assert (report.status, report.in_force, report.approved_by) == ("approved", True, world["province_officer"])


def test_from_1_7_2025_the_commune_officer_verifies(world, chain):
    report = submitted(world)
    refused(chain.district, report, AFTER)  # districts no longer exist
    refused(world["province_officer"], report, AFTER)
    report = workflow.verify(chain.commune, report, now=AFTER)
    assert (report.status, report.verified_by) == ("verified", chain.commune)
    assert workflow.approve(world["province_officer"], report, now=AFTER).status == "approved"


def test_an_officer_of_another_unit_never_verifies(world, chain):
    report = submitted(world)
    refused(world["outsider"], report, BEFORE)
    refused(world["outsider"], report, AFTER)
    refused(world["cooperative"], report, AFTER)
    refused(world["viewer"], report, AFTER)


def test_where_no_local_officer_exists_the_province_verifies_and_approves(world, chain):
    # Recorded at district level: after the reform no commune contains it.
    org = f.org(unit_code="303")
    report = submitted(world, org)
    refused(chain.district, report, AFTER)
    refused(chain.commune, report, AFTER)
    report = workflow.verify(world["province_officer"], report, now=AFTER)
    assert (report.status, report.verified_by) == ("verified", world["province_officer"])
    assert workflow.approve(world["province_officer"], report, now=AFTER).status == "approved"


def test_a_deactivated_officer_leaves_the_step_to_the_province(world, chain):
    report = submitted(world)
    for user in (chain.commune, world["local_officer"]):
        user.is_active = False
        user.save()
    assert workflow.verify(world["province_officer"], report, now=AFTER).status == "verified"


@pytest.mark.parametrize("who, status", [("outsider", 404), ("province_officer", 403), ("cooperative", 403)])
def test_the_report_page_refuses_a_verification_by_others(client, world, who, status):
    report = submitted(world)
    client.force_login(world[who])
    url = f"/admin/collection/reports/{world.own_org.code}/{YEAR}/"
    assert client.post(url, {"action": "verify"}).status_code == status
    assert AnnualReport.objects.get(pk=report.pk).status == "submitted"


def test_anonymous_cannot_verify(client, world):
    report = submitted(world)
    response = client.post(f"/admin/collection/reports/{world.own_org.code}/{YEAR}/", {"action": "verify"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert AnnualReport.objects.get(pk=report.pk).status == "submitted"


def test_the_local_officer_verifies_through_the_page(client, world):
    report = submitted(world)
    client.force_login(world["local_officer"])  # holds new Phường Hồng An: today is after the reform
    response = client.post(f"/admin/collection/reports/{world.own_org.code}/{YEAR}/", {"action": "verify"},
                           follow=True)
    assert AnnualReport.objects.get(pk=report.pk).status == "verified"
    assert "Báo cáo đã được thẩm định." in response.text  # the step's own word ("đã thẩm định")
