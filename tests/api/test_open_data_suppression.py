"""Open data (SPEC §6): a v2 figure taken from annual reports over fewer than 3 reports is not published."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client

from hoptac.registry.models import AnnualReport

pytestmark = pytest.mark.django_db
D = datetime.date


def value_chain(year):
    data = Client().get(f"/api/v1/open-data/indicators/31.json?years={year}-{year}").json()
    [point] = data["series"]
    return point["values"]["htx.value_chain_pct"], point["values"]["htx.total"]


def test_a_report_figure_over_fewer_than_three_reports_is_null(make_org):
    orgs = [make_org(unit=code, established_on=D(2020, 3, 1)) for code in ("303", "304", "311")]
    for org in orgs[:2]:
        AnnualReport.objects.create(organization=org, year=2023, status="approved", in_force=True, value_chain=True)
    assert value_chain(2023) == (None, 3)  # two reports: suppressed; the register count stays
    AnnualReport.objects.create(organization=orgs[2], year=2023, status="approved", in_force=True, value_chain=False)
    cache.clear()  # a report written straight into the table does not announce itself as the workflow does
    percent, _ = value_chain(2023)
    assert round(percent, 2) == 66.67
