"""Re-coding an organisation located only to a district to a commune (SPEC §2 v2): the establishment
(and a relocation naming a district) recorded again with the commune, the old record voided, audited."""

import datetime

import pytest

from hoptac.audit.models import AuditEntry, Channel
from hoptac.indicators import engine
from hoptac.registry import lifecycle, recode
from hoptac.registry.models import Event, Organization

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_establishment_is_recorded_again_with_the_commune_and_the_old_record_voided(make_org, unit_on):
    org = make_org(unit="303", established_on=D(2010, 4, 1))
    lifecycle.record_event(org, "renamed", D(2010, 4, 1), name="HTX Sở Dầu")  # same day, after the establishment
    lifecycle.record_event(org, "suspended", D(2015, 1, 1))
    result = recode.recode(org, "11302", channel=Channel.BACK_OFFICE)
    org.refresh_from_db()
    assert org.unit.code == "11302" and org.name == "HTX Sở Dầu" and org.status == "suspended"
    [new] = result.events
    assert new.type == "established" and new.unit.code == "11302" and new.date == D(2010, 4, 1)
    old = Event.objects.get(organization=org, type="established", voided_at__isnull=False)
    assert old.unit.code == "303" and "11302" in old.void_reason
    live = list(org.events.filter(voided_at__isnull=True).order_by("date", "id").values_list("type", flat=True))
    assert live == ["established", "renamed", "suspended"]  # same-day order kept
    entry = AuditEntry.objects.get(action=recode.ACTION, object_id=str(org.pk))
    assert entry.before["unit"] == "303" and entry.after["unit"] == "11302" and entry.channel == Channel.BACK_OFFICE
    assert list(recode.pending(Organization.objects.filter(pk=org.pk))) == []


def test_a_relocation_naming_a_district_is_recoded_too_and_counts_move_to_the_commune(make_org, unit_on):
    org = make_org(unit="303", established_on=D(2010, 4, 1))
    lifecycle.record_event(org, "relocated", D(2012, 1, 1), unit=unit_on("303", D(2012, 1, 1)))
    commune = unit_on("11302", D(2021, 12, 31))
    assert engine.compute(commune, D(2021, 12, 31))["htx.total"] == 0
    result = recode.recode(org, "11302")
    assert [e.type for e in result.events] == ["established", "relocated"]
    assert engine.compute(commune, D(2021, 12, 31))["htx.total"] == 1
    assert engine.compute(unit_on("303"), D(2021, 12, 31))["htx.total"] == 1


@pytest.mark.parametrize("code, message", [
    ("11329", "không thuộc"),  # a commune of another district
    ("304", "không phải là xã"),  # a district
    ("99999", "không tồn tại"),
    ("11948", "không có hiệu lực vào ngày 01/04/2010"),  # Đặc khu Bạch Long Vĩ, a commune from 1/7/2025 only
])
def test_a_code_that_does_not_fit_is_refused_naming_the_record_and_nothing_is_written(make_org, code, message):
    org = make_org(unit="303", established_on=D(2010, 4, 1))
    events_before = Event.objects.count()
    with pytest.raises(lifecycle.LifecycleError) as refused:
        recode.recode(org, code)
    assert message in str(refused.value) and "Thành lập (01/04/2010)" in str(refused.value)
    assert Event.objects.count() == events_before and not AuditEntry.objects.filter(action=recode.ACTION).exists()


def test_an_organisation_already_in_a_commune_is_refused(make_org):
    org = make_org(unit="11302")
    with pytest.raises(lifecycle.LifecycleError, match="đã có địa bàn cấp xã"):
        recode.recode(org, "11302")


def test_bulk_recode_is_all_or_nothing_and_names_each_refused_organisation(make_org):
    first, second = make_org(unit="303"), make_org(unit="303")
    elsewhere = make_org(unit="304")
    with pytest.raises(lifecycle.LifecycleError) as refused:
        recode.recode_many([first, second, elsewhere], "11302")
    assert elsewhere.code in str(refused.value) and first.code not in str(refused.value)
    assert recode.pending().count() == 3
    recode.recode_many([first, second], "11302")
    assert recode.pending().count() == 1


def test_after_the_reform_a_district_only_record_counts_in_the_city_and_in_no_commune(make_org, unit_on):
    from hoptac.geo.models import Unit

    org = make_org(unit="303", established_on=D(2010, 4, 1))
    day = D(2025, 12, 31)
    assert engine.compute(unit_on("31", day), day)["htx.total"] == 1
    communes = Unit.objects.filter(regime="new", level=3)
    assert not org.states.filter(unit__closure_ancestors__ancestor__in=communes).exists()
    recode.recode(org, "11302")
    new_commune = Unit.objects.get(crosswalk_from__old__code="11302", crosswalk_from__primary=True)
    assert engine.compute(new_commune, day)["htx.total"] == 1
