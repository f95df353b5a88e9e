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
ROLES = ("cooperative", "local", "outsider", "province", "viewer", "anonymous")

# action: (status the report must be at, POST data, who may on "own", who may on "other")
ACTIONS = {
    "submit": ("draft", {"action": "submit"}, {"cooperative", "local", "province"}, {"outsider", "province"}),
    "verify": ("submitted", {"action": "verify"}, {"local"}, {"outsider"}),
    "return": ("submitted", {"action": "return", "comment": "Thiếu số lao động"}, {"local", "province"},
               {"outsider", "province"}),
    "approve": ("verified", {"action": "approve"}, {"province"}, {"province"}),
    "rate": ("approved", {"action": "rate", "rating": "good"}, {"province"}, {"province"}),
    "reopen": ("approved", {"action": "reopen", "reason": "Doanh thu ghi nhầm đơn vị"}, {"province"}, {"province"}),
}
READS = {"own": {"cooperative", "local", "province", "viewer"}, "other": {"outsider", "province", "viewer"}}


def at_status(people, org, status):
    """The report of ``org`` for YEAR brought to ``status`` through the workflow (by its own officers)."""
    verifier = people.local if org == people.organization else people.outsider
    report = workflow.save_draft(people.province, org, YEAR, f.FIGURES)
    if status in ("submitted", "verified", "approved"):
        report = workflow.submit(people.province, report)
    if status in ("verified", "approved"):
        report = workflow.verify(verifier, report)
    if status == "approved":
        report = workflow.approve(people.province, report)
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
def test_report_steps_permission_matrix(client, people, action, role, target):
    status, data, own, other = ACTIONS[action]
    org = people.organization if target == "own" else people.other_organization
    report = at_status(people, org, status)
    if role != "anonymous":
        client.force_login(getattr(people, role))
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
