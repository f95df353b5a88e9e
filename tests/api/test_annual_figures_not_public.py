"""One organisation's annual figures are not public (SPEC §6 v2, issue 19 point 8).

The anonymous API and the open data give aggregates only; the organisation itself
and the officers whose scope holds it still read its figures.
"""

import csv
import io
import json

import pytest

pytestmark = pytest.mark.django_db


def _reports(world, role, org):
    return world.client(role).get(f"/api/v1/organizations/{org.code}/reports")


def test_anonymous_caller_is_refused_one_organisations_figures(world):
    response = _reports(world, "anonymous", world.own_org)
    assert response.status_code == 401
    assert "not public" in response.json()["detail"]
    assert b"1000" not in response.content


def test_anonymous_caller_is_refused_the_list_of_reports(world):
    response = world.client("anonymous").get("/api/v1/annual-reports?year=2020")
    assert response.status_code == 401
    assert b"HP-0001" not in response.content


def test_the_organisation_reads_its_own_figures_including_drafts(world):
    rows = _reports(world, "cooperative", world.own_org).json()
    assert [(r["year"], r["status"], r["revenue"]) for r in rows] == [(2020, "approved", "1000.0000"),
                                                                      (2021, "draft", "1000.0000")]


def test_the_organisation_cannot_read_another_organisations_figures(world):
    assert _reports(world, "cooperative", world.foreign_org).status_code == 403
    listed = world.client("cooperative").get("/api/v1/annual-reports?year=2020").json()["items"]
    assert [r["organization"] for r in listed] == ["HP-0001"]


def test_officer_in_scope_reads_the_figures(world):
    rows = _reports(world, "local_officer", world.own_org).json()
    assert rows[0]["members"] == 10 and rows[0]["profit"] == "50.0000"


def test_officer_out_of_scope_is_refused(world):
    response = _reports(world, "outsider", world.own_org)
    assert response.status_code == 403
    listed = world.client("outsider").get("/api/v1/annual-reports?year=2020").json()["items"]
    assert [r["organization"] for r in listed] == ["HP-0002"]


def test_province_officer_lists_every_report(world):
    listed = world.client("province_officer").get("/api/v1/annual-reports?year=2020").json()["items"]
    assert [r["organization"] for r in listed] == ["HP-0001", "HP-0002"]


def test_aggregates_stay_public_over_three_reports_and_officers_see_them_all(world):
    response = world.client("anonymous").get("/api/v1/indicators?unit=31&date=2020-12-31")
    assert response.status_code == 200
    document = json.loads(response.content)
    # Two reports for 2020: fewer than 3, withheld from the public (SPEC §6); the register counts stay.
    assert document["values"]["members.total"] is None and "members.total" in document["suppressed"]
    assert document["values"]["htx.total"] == 2
    officer = json.loads(world.client("province_officer").get("/api/v1/indicators?unit=31&date=2020-12-31").content)
    assert officer["values"]["members.total"] == 20


def test_open_data_register_carries_no_annual_figures(world):
    body = world.client("anonymous").get("/api/v1/open-data/register.csv").content.decode("utf-8-sig")
    header = next(csv.reader(line for line in io.StringIO(body) if not line.startswith("#")))
    assert "code" in header
    assert not {"members", "workers", "revenue", "profit", "income", "value_added"} & set(header)
