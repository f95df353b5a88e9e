"""The data-quality findings of SPEC §2 v2: lapsed suspensions, too few members, mergers of unknown
form, organisations located only to a district, and sectors proposed from VSIC codes."""

import datetime

import pytest

from hoptac.indicators.quality import quality_findings
from hoptac.registry import lifecycle
from hoptac.registry.models import AnnualReport, Event, Organization
from hoptac.registry.vsic import proposed_sector

pytestmark = pytest.mark.django_db
D = datetime.date


def findings(unit_on, year, code="31"):
    return {f.code: f for f in quality_findings(unit_on(code, D(year, 12, 31)), year)}


def codes_of(finding):
    return sorted(o["code"] for o in finding.organizations)


def suspend(org, date, until):
    Event.objects.create(organization=org, type="suspended", date=date, until=until)
    lifecycle.rebuild_states([org.pk])


def test_a_suspension_past_its_end_without_renewal_or_resumption_is_listed(make_org, unit_on):
    lapsed, renewed, resumed, stopped, running = (make_org() for _ in range(5))
    suspend(lapsed, D(2022, 3, 1), D(2022, 9, 1))
    suspend(renewed, D(2022, 3, 1), D(2022, 9, 1))
    Event.objects.create(organization=renewed, type="suspended", date=D(2022, 8, 20), until=D(2023, 6, 1))
    suspend(resumed, D(2022, 3, 1), D(2022, 9, 1))
    lifecycle.record_event(resumed, "resumed", D(2022, 7, 1))
    suspend(stopped, D(2022, 3, 1), D(2022, 9, 1))
    lifecycle.record_event(stopped, "stopped", D(2022, 10, 1))
    suspend(running, D(2022, 6, 1), D(2023, 3, 1))  # ends after 31/12/2022
    lapsed_2022 = findings(unit_on, 2022)["suspension.lapsed"]
    assert codes_of(lapsed_2022) == [lapsed.code]
    assert lapsed_2022.organizations[0]["until"] == "2022-09-01"
    assert codes_of(findings(unit_on, 2023)["suspension.lapsed"]) == sorted([lapsed.code, renewed.code, running.code])


def test_cooperatives_below_the_legal_minimum_of_official_members(make_org, unit_on):
    six, four_official, four_total_only, eight, group = (
        make_org(), make_org(), make_org(), make_org(), make_org(kind="tht"))

    def report(org, year, **figures):
        AnnualReport.objects.create(organization=org, year=year, status="approved", in_force=True, **figures)

    for year in (2023, 2024):
        report(six, year, members=6)
        report(four_official, year, members=30, members_official=4, members_associate=26)
        report(four_total_only, year, members=4)
        report(eight, year, members=8, members_official=8)
        report(group, year, members=2)  # a cooperative group has no legal minimum
    before = findings(unit_on, 2023)["members.below_minimum"]
    assert codes_of(before) == sorted([six.code, four_official.code, four_total_only.code])
    assert {o["code"]: o["members_official"] for o in before.organizations}[four_official.code] == 4
    assert codes_of(findings(unit_on, 2024)["members.below_minimum"]) == sorted([four_official.code, four_total_only.code])


def test_a_merger_of_unknown_form_is_listed_where_it_was_recorded(make_org, unit_on):
    merged = make_org(unit="304")
    lifecycle.record_event(merged, "merged", D(2015, 5, 1))
    make_org(unit="304")
    assert codes_of(findings(unit_on, 2021)["merged.unknown_form"]) == [merged.code]
    assert codes_of(findings(unit_on, 2021, code="304")["merged.unknown_form"]) == [merged.code]
    assert findings(unit_on, 2021, code="303")["merged.unknown_form"].organizations == []


def test_organisations_located_only_to_a_district_or_the_province(make_org, unit_on):
    in_commune = make_org(unit="11296")
    in_district = make_org(unit="303")
    in_province = make_org(unit="31")
    on_island = make_org(unit="318")  # Bạch Long Vĩ had no commune: a district is as precise as it gets
    district_only = findings(unit_on, 2021)["location.district_only"]
    assert codes_of(district_only) == sorted([in_district.code, in_province.code])
    assert in_commune.code not in codes_of(district_only) and on_island.code not in codes_of(district_only)


def test_unclassified_organisations_with_a_vsic_code_get_a_proposed_sector(make_org, unit_on):
    rice = make_org(sector="")
    water = make_org(sector="")
    no_code = make_org(sector="")
    classified = make_org(sector="trade")
    Organization.objects.filter(pk=rice.pk).update(vsic="0112")
    Organization.objects.filter(pk=water.pk).update(vsic="3600")
    Organization.objects.filter(pk=classified.pk).update(vsic="0112")
    proposed = findings(unit_on, 2021)["sector.proposed"]
    assert {o["code"]: o["proposed_sector"] for o in proposed.organizations} == {
        rice.code: "agriculture", water.code: "environment"}
    assert no_code.code not in codes_of(proposed)
    assert proposed.organizations[0]["proposed_sector_label"] == "nông nghiệp"


def test_the_vsic_table_proposes_by_longest_prefix_and_only_for_its_own_version():
    assert proposed_sector("4933") == "transport"
    assert proposed_sector("8130") == "environment"
    assert proposed_sector("9999") == "other"
    assert proposed_sector("011") == ""
    assert proposed_sector("0112", version="2025") == ""
