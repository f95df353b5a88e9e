"""Macro data in the back office (SPEC §2 v2): GRDP, official share and population, each with its
source, typed the Vietnamese way; written by province officers only, audited."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hoptac.audit.models import AuditEntry
from hoptac.registry.models import Grdp

pytestmark = pytest.mark.django_db

FORM = {"unit_code": "Thành phố Hải Phòng (31)", "year": "2021", "grdp": "310.123,5", "grdp_source": "Niên giám 2022",
        "grdp_share_official": "0,42", "grdp_share_official_source": "Cục Thống kê Hải Phòng",
        "population": "2.072.400", "population_source": "Niên giám 2021"}


def test_a_province_officer_records_macro_data_with_sources(world, login):
    client = login(world["province_officer"])
    response = client.post(reverse("registry_macro:add"), FORM)
    assert response.status_code == 302, response.content.decode()[:3000]
    row = Grdp.objects.get()
    assert (row.unit.code, row.year, row.grdp, row.grdp_share_official, row.population) == (
        "31", 2021, Decimal("310123.5"), Decimal("0.42"), 2072400)
    assert (row.grdp_source, row.grdp_share_official_source, row.population_source) == (
        "Niên giám 2022", "Cục Thống kê Hải Phòng", "Niên giám 2021")
    assert AuditEntry.objects.filter(object_type__icontains="grdp").exists()
    listing = client.get(reverse("registry_macro:index")).content.decode()
    assert "2.072.400" in listing and "0,42" in listing


def test_every_figure_is_optional_but_one_is_needed_and_a_source_needs_its_figure(world, login):
    client = login(world["province_officer"])
    only_population = {"unit_code": "31", "year": "2020", "population": "2.053.500"}
    assert client.post(reverse("registry_macro:add"), only_population).status_code == 302
    assert Grdp.objects.get(year=2020).grdp is None
    empty = client.post(reverse("registry_macro:add"), {"unit_code": "31", "year": "2019", "grdp_source": "Niên giám"})
    page = empty.content.decode()
    assert "Có nguồn nhưng chưa có số liệu" in page
    twice = client.post(reverse("registry_macro:add"), only_population).content.decode()
    assert "đã được ghi nhận" in twice
    share = client.post(reverse("registry_macro:add"), {**FORM, "year": "2018", "grdp_share_official": "120"})
    assert share.status_code == 200
    assert Grdp.objects.count() == 1


@pytest.mark.parametrize("role", ["local_officer", "outsider", "cooperative", "editor", "viewer"])
def test_only_the_department_writes_macro_data(world, login, role):
    client = login(world[role])
    response = client.post(reverse("registry_macro:add"), FORM)
    assert response.status_code in (302, 403)
    assert "/login" not in response.get("Location", "")
    assert not Grdp.objects.exists()
