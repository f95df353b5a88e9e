"""SPEC §6 in the API: an anonymous caller (or an account whose reach does not cover the unit) gets
null and the code in ``suppressed`` for a figure taken from fewer than 3 annual reports; officers of
the unit get the number.

District 303: three cooperatives reporting for 2021 (revenue 1 000); district 304: one (revenue 7 000).
"""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache

from hoptac.accounts.models import Profile
from hoptac.api.models import ApiToken
from hoptac.registry.models import AnnualReport

from .conftest import ApiClient, establish, make_user, report, unit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def small(db):
    for n in range(3):
        report(establish(f"S-30{n}", "303"), 2021, revenue=Decimal(1000))
    report(establish("S-400", "304"), 2021, revenue=Decimal(7000))
    report(establish("S-401", "304"), 2019, revenue=Decimal(5000))


def token(role, units=()):
    user = make_user(f"{role}-{len(units)}-{Profile.objects.count()}", role, units=units)
    return ApiToken.issue(user, "test")[1]


def point(client, code, date="2021-12-31"):
    response = client.get(f"/api/v1/indicators?unit={code}&date={date}")
    assert response.status_code == 200, response.content
    return response.json()


def test_anonymous_gets_null_and_a_flag_for_a_unit_with_one_report(small):
    data = point(ApiClient(), "304")
    assert data["values"]["revenue.avg"] is None and data["values"]["members.total"] is None
    assert {"revenue.avg", "members.total", "workers.total", "income.avg"} <= set(data["suppressed"])
    assert data["values"]["htx.total"] == 2  # register counts are public


def test_anonymous_gets_the_number_over_three_reports(small):
    data = point(ApiClient(), "303")
    assert data["values"]["revenue.avg"] == 1000 and "suppressed" not in data  # the command's JSON


def test_anonymous_series_flags_each_point(small):
    response = ApiClient().get("/api/v1/indicators?unit=304&years=2019-2021")
    series = {p["date"][:4]: p for p in response.json()["series"]}
    assert series["2019"]["values"]["revenue.avg"] is None and "revenue.avg" in series["2019"]["suppressed"]
    assert "suppressed" not in series["2020"]  # no report at all: nothing to withhold (v1's zero sums stay)
    assert series["2021"]["values"]["revenue.avg"] is None


def test_an_officer_of_the_unit_gets_the_number(small):
    for role, units in (("province_officer", ()), ("viewer", ()), ("local_officer", [unit("304")])):
        data = point(ApiClient(token(role, units)), "304")
        assert data["values"]["revenue.avg"] == 7000, role
        assert "suppressed" not in data  # the command's own JSON


def test_an_outsider_gets_what_the_public_gets(small):
    outsider = ApiClient(token("local_officer", [unit("303")]))
    assert point(outsider, "304")["values"]["revenue.avg"] is None
    assert point(outsider, "303")["values"]["revenue.avg"] == 1000
    cooperative = ApiClient(token("editor"))
    assert point(cooperative, "304")["suppressed"]


def test_an_estimated_grdp_share_is_withheld_and_an_official_one_is_not(small):
    from hoptac.registry.models import Grdp

    Grdp.objects.create(unit=unit("304"), year=2021, grdp=Decimal(1000000))
    assert "grdp.share_pct" in point(ApiClient(), "304")["suppressed"]
    Grdp.objects.filter(unit=unit("304")).delete()
    cache.clear()
    Grdp.objects.create(unit=unit("304"), year=2021, grdp=Decimal(1000000), grdp_share_official=Decimal("2.5"))
    data = point(ApiClient(), "304")
    assert data["values"]["grdp.share_pct"] == 2.5 and "grdp.share_pct" not in data["suppressed"]
    assert AnnualReport.objects.filter(year=2021, organization__unit__code="304").count() == 1
