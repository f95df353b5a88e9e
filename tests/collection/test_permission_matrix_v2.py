"""The permission matrix of every step of the report page (SPEC §1, §2 v2), after 1/7/2025:
each role against the organisation of its own unit and that of another unit, and anonymous.

"own" is the cooperative in Phường Quán Toan (new Phường Hồng An): its cooperative account
and its commune officer (``local``) act on it; "other" is the organisation in Phường Máy Chai
(new Phường Ngô Quyền), whose commune officer is ``outsider``. What a role may not do is
refused — 404 outside what it may read, 403 inside it, the sign-in page for anonymous — and
nothing changes; what it may do is done.
"""

import pytest
from django.urls import reverse

from hoptac.collection import workflow
from hoptac.registry.models import AnnualReport, YearRating

from . import factories as f

YEAR = 2024
ROLES = ("cooperative", "local_officer", "outsider", "province_officer", "viewer", "anonymous")

# action: (status the report must be at, POST data, who may on "own", who may on "other")
ACTIONS = {
    "submit": ("draft", {"action": "submit"}, {"cooperative", "local_officer", "province_officer"}, {"outsider", "province_officer"}),
    "verify": ("submitted", {"action": "verify"}, {"local_officer"}, {"outsider"}),
    "return": ("submitted", {"action": "return", "comment": "Thiếu số lao động"}, {"local_officer", "province_officer"},
               {"outsider", "province_officer"}),
    "approve": ("verified", {"action": "approve"}, {"province_officer"}, {"province_officer"}),
    "rate": ("approved", {"action": "rate", "rating": "good"}, {"province_officer"}, {"province_officer"}),
    "reopen": ("approved", {"action": "reopen", "reason": "Doanh thu ghi nhầm đơn vị"}, {"province_officer"}, {"province_officer"}),
}
READS = {"own": {"cooperative", "local_officer", "province_officer", "viewer"}, "other": {"outsider", "province_officer", "viewer"}}


def at_status(world, org, status):
    """The report of ``org`` for YEAR brought to ``status`` through the workflow (by its own officers)."""
    verifier = world["local_officer"] if org == world.own_org else world["outsider"]
    report = workflow.save_draft(world["province_officer"], org, YEAR, f.FIGURES)
    if status in ("submitted", "verified", "approved"):
        report = workflow.submit(world["province_officer"], report)
    if status in ("verified", "approved"):
        report = workflow.verify(verifier, report)
    if status == "approved":
        report = workflow.approve(world["province_officer"], report)
    return report


def done(action, org):
    """Whether ``action`` took effect on ``org``'s report for YEAR."""
    reports = AnnualReport.objects.filter(organization=org, year=YEAR)
    if action == "rate":
        return YearRating.objects.filter(organization=org, year=YEAR, rating="good").exists()
    if action == "reopen":
        return reports.filter(revision=2, status="draft").exists()
    after = {"submit": "submitted", "verify": "verified", "return": "returned", "approve": "approved"}[action]
    return reports.get(revision=1).status == after


CASES = [(action, role, target) for action in ACTIONS for role in ROLES for target in ("own", "other")]


@pytest.mark.parametrize("action, role, target", CASES, ids=[f"{a}-{r}-{t}" for a, r, t in CASES])
def test_report_steps_permission_matrix(client, world, action, role, target):
    status, data, own, other = ACTIONS[action]
    org = world.own_org if target == "own" else world.foreign_org
    report = at_status(world, org, status)
    if role != "anonymous":
        client.force_login(world[role])
    response = client.post(reverse("collection:report", kwargs={"code": org.code, "year": YEAR}), data)
    allowed = role in (own if target == "own" else other)
    if allowed:
        assert response.status_code == 302 and "/login/" not in response["Location"], response.status_code
        assert done(action, org)
        return
    if role == "anonymous":
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        assert response.status_code == (403 if role in READS[target] else 404)
    assert not done(action, org)
    assert AnnualReport.objects.get(pk=report.pk).status == status
