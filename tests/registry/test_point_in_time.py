import datetime

import pytest

from hoptac.geo.models import Unit
from hoptac.registry import lifecycle
from hoptac.registry.models import OrganizationState

pytestmark = pytest.mark.django_db
D = datetime.date


def test_state_before_establishment_is_none(make_org):
    org = make_org(established_on=D(2005, 3, 1))
    assert lifecycle.state_on(org, D(2005, 2, 28)) is None
    assert lifecycle.state_on(org, D(2005, 3, 1)).status == "active"


def test_relocation_changes_unit_from_its_date(make_org, unit_on):
    org = make_org(unit="303")
    lifecycle.record_event(org, "relocated", D(2012, 6, 1), unit=unit_on("304", D(2012, 6, 1)))
    assert lifecycle.state_on(org, D(2012, 5, 31)).unit.code == "303"
    assert lifecycle.state_on(org, D(2012, 6, 1)).unit.code == "304"


def test_reclassification_and_rename_change_sector_and_name(make_org):
    org = make_org(sector="", name="HTX Cũ")
    lifecycle.record_event(org, "reclassified", D(2010, 1, 1), sector="trade")
    lifecycle.record_event(org, "renamed", D(2011, 1, 1), name="HTX Mới")
    assert lifecycle.state_on(org, D(2009, 12, 31)).sector == ""
    assert lifecycle.state_on(org, D(2010, 1, 1)).sector == "trade"
    assert lifecycle.state_on(org, D(2010, 12, 31)).name == "HTX Cũ"
    assert lifecycle.state_on(org, D(2011, 1, 1)).name == "HTX Mới"


def test_same_day_events_apply_in_recording_order(make_org):
    org = make_org()
    lifecycle.record_event(org, "suspended", D(2010, 1, 1))
    lifecycle.record_event(org, "resumed", D(2010, 1, 1))
    assert lifecycle.state_on(org, D(2010, 1, 1)).status == "active"
    lifecycle.record_event(org, "stopped", D(2015, 1, 1))
    lifecycle.record_event(org, "dissolved", D(2015, 1, 1))
    assert lifecycle.state_on(org, D(2015, 1, 1)).status == "dissolved"
    assert lifecycle.state_on(org, D(2014, 12, 31)).status == "active"


def test_states_of_many_organisations_on_a_date_in_scope(make_org, unit_on):
    a = make_org(unit="303")
    b = make_org(unit="311")
    make_org(unit="303", established_on=D(2022, 1, 1))
    lifecycle.record_event(b, "relocated", D(2015, 1, 1), unit=unit_on("303", D(2015, 1, 1)))
    province = Unit.objects.resolve("31", D(2014, 12, 31))
    district = Unit.objects.resolve("303", D(2014, 12, 31))
    assert OrganizationState.objects.in_scope(province, D(2014, 12, 31)).count() == 2
    assert set(OrganizationState.objects.in_scope(district, D(2014, 12, 31)).values_list("organization", flat=True)) == {a.pk}
    assert OrganizationState.objects.in_scope(district, D(2015, 1, 1)).count() == 2


def test_old_unit_counts_under_the_new_province_after_the_reform(make_org):
    org = make_org(unit="303")
    new_province = Unit.objects.resolve("31", D(2026, 1, 1))
    assert list(OrganizationState.objects.in_scope(new_province, D(2026, 1, 1)).values_list("organization", flat=True)) == [org.pk]
    other = Unit.objects.resolve("01", D(2026, 1, 1))
    assert not OrganizationState.objects.in_scope(other, D(2026, 1, 1)).exists()


def test_current_state_cache_follows_the_latest_event(make_org, unit_on):
    org = make_org(unit="303")
    lifecycle.record_event(org, "relocated", D(2016, 1, 1), unit=unit_on("305", D(2016, 1, 1)))
    lifecycle.record_event(org, "suspended", D(2017, 1, 1))
    org.refresh_from_db()
    assert (org.unit.code, org.status) == ("305", "suspended")
