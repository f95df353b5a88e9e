"""API v2 (SPEC §2 v2, §6): the v2 report fields read and written, the yearly rating (province
officers only, history kept) and the macro data with their sources."""

from decimal import Decimal

import pytest

from hoptac.audit.models import AuditEntry
from hoptac.registry.models import AnnualReport, Grdp, YearRating

from .conftest import unit

pytestmark = pytest.mark.django_db

V2 = {"members_official": 9, "members_associate": 3, "workers_regular": 5, "workers_members": 2,
      "revenue_with_members": "600.5", "charter_capital": "250", "value_chain": True, "high_tech": False,
      "managers": 3, "managers_college": 1}


def test_a_report_with_v2_fields_is_written_and_read_back(world):
    client = world.client("cooperative")
    body = {"year": 2022, "members": 12, "workers": 6, "revenue": "1200.5", **V2}
    response = client.post(f"/api/v1/organizations/{world.own_org.code}/reports", body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["members_official"], Decimal(data["revenue_with_members"]), data["value_chain"]) == (
        9, Decimal("600.5"), True)
    assert data["director_trained"] is None and data["member_htx"] is None and data["rating"] is None
    report = AnnualReport.objects.get(organization=world.own_org, year=2022)
    assert (report.high_tech, report.charter_capital) == (False, Decimal(250))


def test_inconsistent_v2_figures_are_refused_with_the_rule(world):
    client = world.client("cooperative")
    body = {"year": 2022, "members": 12, "workers": 6, "revenue": "1200.5", "members_official": 9,
            "members_associate": 2}
    response = client.post(f"/api/v1/organizations/{world.own_org.code}/reports", body, content_type="application/json")
    assert response.status_code == 409
    assert "members (12) must equal official members (9) plus associate members (2)" in response.json()["detail"]
    assert not AnnualReport.objects.filter(year=2022).exists()


def test_the_rating_rides_on_the_reports_of_its_year(world):
    url = f"/api/v1/organizations/{world.own_org.code}/ratings/2020"
    response = world.client("province_officer").put(url, {"rating": "fair"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["rating"] == "fair"
    world.client("province_officer").put(url, {"rating": "good"}, content_type="application/json")
    reports = world.client("viewer").get(f"/api/v1/organizations/{world.own_org.code}/reports").json()
    assert {r["year"]: r["rating"] for r in reports} == {2020: "good", 2021: None}
    listed = world.client("viewer").get("/api/v1/annual-reports?year=2020").json()["items"]
    assert [r["rating"] for r in listed if r["organization"] == world.own_org.code] == ["good"]
    history = world.client("cooperative").get(f"/api/v1/organizations/{world.own_org.code}/ratings").json()
    assert [(h["rating"], h["superseded_at"] is None) for h in history] == [("good", True), ("fair", False)]
    assert AuditEntry.objects.filter(action="registry.rating.recorded", channel="api").count() == 2


@pytest.mark.parametrize("role", ["cooperative", "local_officer", "outsider", "viewer"])
def test_only_the_department_rates(world, role):
    url = f"/api/v1/organizations/{world.own_org.code}/ratings/2020"
    response = world.client(role).put(url, {"rating": "good"}, content_type="application/json")
    assert response.status_code == 403
    assert not YearRating.objects.exists()


def test_a_rating_before_the_organisation_existed_is_refused(world):
    url = f"/api/v1/organizations/{world.own_org.code}/ratings/1990"
    response = world.client("province_officer").put(url, {"rating": "good"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "year"


def test_macro_data_with_sources_is_public(world):
    Grdp.objects.create(unit=unit("31"), year=2021, grdp=Decimal("310000"), grdp_source="Niên giám 2022",
                        grdp_share_official=Decimal("0.42"), grdp_share_official_source="Cục Thống kê",
                        population=2072400, population_source="Niên giám 2021")
    Grdp.objects.create(unit=unit("31"), year=2020, population=2053500, population_source="Niên giám 2020")
    data = world.client("anonymous").get("/api/v1/macro?unit=31&since=2021").json()
    assert data == [{"unit": "31", "year": 2021, "grdp": "310000.0000", "grdp_source": "Niên giám 2022",
                     "grdp_share_official": "0.4200", "grdp_share_official_source": "Cục Thống kê",
                     "population": 2072400, "population_source": "Niên giám 2021"}]
    assert world.client("anonymous").get("/api/v1/macro?year=2020").json()[0]["grdp"] is None
