"""The API refuses an annual report for a year that has not begun."""

import datetime
import json

import pytest

from hoptac.registry.models import AnnualReport

pytestmark = pytest.mark.django_db


def test_a_report_for_2099_is_refused(world):
    this_year = datetime.date.today().year
    response = world.client("province_officer").post(
        f"/api/v1/organizations/{world.own_org.code}/reports",
        json.dumps({"year": 2099, "members": 10, "workers": 5, "revenue": "1000"}), content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "year"
    assert f"at most {this_year}" in body["detail"]
    assert not AnnualReport.objects.filter(year=2099).exists()
