"""Targets and macro data keep their versions (SPEC §3 vintages): an edit or a deletion in the back
office supersedes the stored row instead of overwriting it, and the answer as recorded before the
change still reads the old values."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hoptac.geo.models import Unit
from hoptac.indicators.engine import compute
from hoptac.indicators.targets import targets_of
from hoptac.registry.models import Grdp, Target

pytestmark = pytest.mark.django_db
TARGET = {"indicator": "htx.active", "unit_code": "31", "year": 2030, "op": ">", "value": "500", "source": "74-KH/TU"}
MACRO = {"unit_code": "31", "year": "2021", "grdp": "310.000", "grdp_source": "Niên giám 2022"}


def test_an_edited_target_keeps_its_old_version(world, login):
    client = login(world["province_officer"])
    assert client.post("/admin/registry/targets/add/", TARGET).status_code == 302
    first = Target.objects.get()
    before_edit = timezone.now()
    response = client.post(f"/admin/registry/targets/{first.pk}/edit/", {**TARGET, "value": "600"})
    assert response.status_code == 302, response.content.decode()[:2000]
    current = Target.objects.get()
    assert current.value == 600 and current.pk == first.pk  # the same address, the new values
    old = Target.versions.exclude(pk=first.pk).get()
    assert old.value == 500 and old.superseded_at == current.recorded_at and old.recorded_at == first.recorded_at
    city = Unit.objects.get(code="31", regime="new")
    assert [t.value for t in targets_of(city, as_recorded=before_edit)] == [Decimal(500)]
    assert [t.value for t in targets_of(city)] == [Decimal(600)]
    client.post(f"/admin/registry/targets/{current.pk}/delete/")
    assert not Target.objects.exists() and Target.versions.count() == 2
    assert [t.value for t in targets_of(city, as_recorded=before_edit)] == [Decimal(500)]


def test_edited_macro_data_keep_the_old_figure_for_the_answer_as_recorded_before(world, login):
    client = login(world["province_officer"])
    assert client.post(reverse("registry_macro:add"), MACRO).status_code == 302
    first = Grdp.objects.get()
    before_edit = timezone.now()
    response = client.post(reverse("registry_macro:edit", args=[first.pk]), {**MACRO, "grdp": "620.000"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Grdp.objects.get().grdp == 620000 and Grdp.versions.exclude(pk=first.pk).get().grdp == 310000
    city = Unit.objects.resolve("31", datetime.date(2021, 12, 31))
    day = datetime.date(2021, 12, 31)
    then, today = compute(city, day, as_recorded=before_edit), compute(city, day)
    if then["grdp.share_pct"] is not None:  # the world's value added over the GRDP: halved by the new figure
        assert then["grdp.share_pct"] == 2 * today["grdp.share_pct"]
    assert Grdp.objects.as_recorded(before_edit).get().grdp == 310000
