"""The unit picker: names found without diacritics, limited to the user's units, old and
new units with their dates, starting on the user's own unit; the field reads what the
picker writes, a bare code, or a name only one of the user's units has."""

from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse

from hoptac.geo.models import Unit
from hoptac.registry.unit_picker import UnitField, units_of
from tests.accounts.factories import make_user, unit

pytestmark = pytest.mark.django_db


def picked(client, **query):
    response = client.get(reverse("hoptac_unit_pick"), query)
    assert response.status_code == 200
    return response.json()["results"]


def test_a_name_typed_without_diacritics_finds_old_and_new_units_with_their_dates(world, login):
    results = picked(login(world["province_officer"]), q="hong bang", date="2021-12-31")
    by_code = {r["code"]: r for r in results}
    assert by_code["303"]["name"] == "Quận Hồng Bàng" and by_code["303"]["validity"] == "đến 30/06/2025"
    assert by_code["303"]["in_force"] is True
    assert by_code["11311"]["name"] == "Phường Hồng Bàng" and by_code["11311"]["validity"] == "từ 01/07/2025"
    assert by_code["11311"]["in_force"] is False  # not yet on 31/12/2021
    assert results[0]["code"] == "303"  # what is in force on the form's date comes first


@pytest.fixture
def thuy_nguyen_officer(db):
    """A local officer of Thuỷ Nguyên (311), whose name shares nothing with Hồng Bàng."""
    return make_user("thuy_nguyen", "local_officer", units=[unit("311")])


def test_a_local_officer_finds_only_their_own_units_and_starts_on_them(thuy_nguyen_officer, login):
    client = login(thuy_nguyen_officer)
    first = picked(client, q="")
    assert first[0]["code"] == "311"
    assert picked(client, q="hong bang") == []  # Hồng Bàng is another district
    found = picked(client, q="thuy")
    own = units_of(thuy_nguyen_officer)
    assert found and {r["code"] for r in found} <= set(Unit.objects.filter(pk__in=own).values_list("code", flat=True))


def test_the_field_starts_on_the_users_own_unit_and_reads_what_the_picker_writes(thuy_nguyen_officer):
    field = UnitField().for_user(thuy_nguyen_officer)
    assert field.initial == "311"
    assert field.clean("Huyện Thủy Nguyên (311)") == "311"
    assert field.clean("311") == "311"
    with pytest.raises(forms.ValidationError, match="Không có đơn vị nào của bạn"):
        field.clean("hong bang")


def test_the_picker_answers_only_signed_in_back_office_users(client):
    response = client.get(reverse("hoptac_unit_pick"), {"q": "hong bang"})
    assert response.status_code in (302, 403)


def test_a_target_is_typed_the_vietnamese_way_with_the_picker_starting_on_the_province(world, login):
    from hoptac.registry.models import Target

    client = login(world["province_officer"])
    form = client.get(reverse("registry_targets:add")).content.decode()
    assert 'value="Thành phố Hải Phòng (31)"' in form
    response = client.post(reverse("registry_targets:add"), {
        "indicator": "grdp.share_pct", "unit_code": "Thành phố Hải Phòng (31)", "year": "2030", "op": "~",
        "value": "0,5", "source": "Kế hoạch 74-KH/TU"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Target.objects.get(indicator="grdp.share_pct", year=2030).value == Decimal("0.5")
    refused = client.post(reverse("registry_targets:add"), {
        "indicator": "htx.active", "unit_code": "31", "year": "2030", "op": ">", "value": "1,250", "source": ""})
    assert "có thể hiểu theo hai cách" in refused.content.decode()
