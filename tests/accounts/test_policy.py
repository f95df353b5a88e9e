"""The permission policy of SPEC §1, role by role, with an outsider for every rule."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from hoptac.accounts import policy
from hoptac.accounts.models import Profile
from hoptac.audit.models import AuditEntry
from hoptac.geo.models import Unit
from hoptac.registry import lifecycle
from hoptac.registry.models import AnnualReport, Event, Organization, Target
from tests.accounts.factories import first_commune, make_org, make_user, new_commune_for, unit

pytestmark = pytest.mark.django_db
ANON = AnonymousUser()


def names(qs):
    return sorted(qs.values_list("code", flat=True))


def test_roles_come_from_profiles_and_superusers_are_administrators(world):
    assert policy.role_of(world["local_officer"]) == "local_officer"
    assert policy.role_of(make_user("root", superuser=True)) == "admin"
    assert policy.role_of(make_user("nobody")) is None
    assert policy.role_of(ANON) is None


def test_an_inactive_user_has_no_role(world):
    viewer = world["viewer"]
    viewer.is_active = False
    assert policy.role_of(viewer) is None
    assert not policy.organizations_for(viewer).exists()


@pytest.mark.parametrize("role", ["admin", "province_officer", "viewer"])
def test_province_wide_roles_read_every_organisation(world, role):
    assert names(policy.organizations_for(world[role])) == ["HP-0001", "HP-0002"]


def test_a_local_officer_reads_and_writes_only_their_district(world):
    officer = world["local_officer"]
    assert names(policy.organizations_for(officer, policy.READ)) == ["HP-0001"]
    assert names(policy.organizations_for(officer, policy.WRITE)) == ["HP-0001"]
    assert policy.can(officer, policy.WRITE, world.own_org)
    assert not policy.can(officer, policy.READ, world.foreign_org)


def test_the_outsider_sees_only_the_other_district(world):
    outsider = world["outsider"]
    assert names(policy.organizations_for(outsider)) == ["HP-0002"]
    assert not policy.can(outsider, policy.READ, world.own_org)
    assert not policy.can(outsider, policy.WRITE, world.own_org)
    assert not policy.can_see_personal(outsider, world.own_org)


def test_scope_covers_the_district_and_every_commune_under_it(world):
    ids = policy.scope_unit_ids(world["local_officer"])
    district = unit("303")
    assert district.pk in ids
    assert set(district.children.values_list("pk", flat=True)) <= ids
    assert unit("304").pk not in ids
    assert policy.scope_unit_ids(world["province_officer"]) is None
    assert policy.scope_unit_ids(world["cooperative"]) == set()


def test_an_officer_of_a_new_commune_covers_the_old_communes_mapped_into_it(world):
    old_commune = first_commune("303")
    new_commune = new_commune_for(old_commune)
    officer = make_user("xa_moi", "local_officer", units=[new_commune])
    assert old_commune.pk in policy.scope_unit_ids(officer, datetime.date(2026, 1, 1))
    assert names(policy.organizations_for(officer)) == ["HP-0001"]


def test_with_a_date_scope_follows_the_unit_on_that_date(world):
    org = world.foreign_org
    lifecycle.record_event(org, "relocated", datetime.date(2020, 6, 1), unit=first_commune("303"))
    officer, outsider = world["local_officer"], world["outsider"]
    assert names(policy.organizations_for(officer)) == ["HP-0001", "HP-0002"]
    assert names(policy.organizations_for(officer, date=datetime.date(2019, 12, 31))) == ["HP-0001"]
    assert names(policy.organizations_for(outsider, date=datetime.date(2019, 12, 31))) == ["HP-0002"]
    assert names(policy.organizations_for(outsider)) == []


def test_a_cooperative_account_sees_its_own_organisation_only(world):
    coop = world["cooperative"]
    assert names(policy.organizations_for(coop)) == ["HP-0001"]
    assert policy.can_see_personal(coop, world.own_org)
    assert not policy.can(coop, policy.READ, world.foreign_org)
    assert not policy.can(coop, policy.WRITE, world.own_org)
    assert policy.can(coop, policy.SUBMIT_REPORT, world.own_org)
    assert not policy.can(coop, policy.SUBMIT_REPORT, world.foreign_org)


def test_a_cooperative_account_without_organisation_sees_nothing(world):
    assert not policy.organizations_for(make_user("htx_mo_coi", "cooperative")).exists()


def test_an_editor_has_no_registry_access_but_publishes_news(world):
    editor = world["editor"]
    assert not policy.organizations_for(editor).exists()
    assert not policy.can(editor, policy.WRITE, Organization)
    assert policy.can(editor, policy.PUBLISH_NEWS, Organization) is True


def test_a_viewer_reads_everything_but_writes_nothing_and_sees_no_personal_field(world):
    viewer = world["viewer"]
    assert policy.can(viewer, policy.READ, world.foreign_org)
    assert not policy.organizations_for(viewer, policy.WRITE).exists()
    assert not policy.can_see_personal(viewer, world.own_org)
    assert policy.visible_fields(viewer, world.own_org, ["name", "phone", "representative"]) == ["name"]


def test_anonymous_gets_nothing_private(world):
    assert not policy.organizations_for(ANON).exists()
    assert not policy.can(ANON, policy.READ, world.own_org)
    assert not policy.can_see_personal(ANON, world.own_org)
    assert not policy.queryset_for(ANON, Target).exists() and not policy.can(ANON, policy.READ, Unit)


@pytest.mark.parametrize(
    "role, sees", [("admin", True), ("province_officer", True), ("local_officer", True), ("outsider", False),
                   ("cooperative", True), ("editor", False), ("viewer", False)],
)
def test_personal_fields_of_the_own_organisation(world, role, sees):
    assert policy.can_see_personal(world[role], world.own_org) is sees


def test_public_fields_never_hold_the_representative(world):
    org = world.own_org
    assert "representative" not in policy.public_organization_fields(org)
    assert "phone" not in policy.public_organization_fields(org)
    org.public_contact = True
    fields = policy.public_organization_fields(org)
    assert fields["phone"] == org.phone and fields["name"] == "HTX Nông nghiệp Thủy Sơn"
    assert "representative" not in fields


def test_events_and_reports_follow_their_organisation(world):
    AnnualReport.objects.create(organization=world.own_org, year=2021, members=10)
    AnnualReport.objects.create(organization=world.foreign_org, year=2021, members=20)
    officer = world["local_officer"]
    assert list(policy.queryset_for(officer, AnnualReport).values_list("members", flat=True)) == [10]
    assert set(policy.queryset_for(officer, Event).values_list("organization__code", flat=True)) == {"HP-0001"}
    report = AnnualReport.objects.get(members=20)
    assert not policy.can(officer, policy.READ, report)
    assert policy.can(world["outsider"], policy.VERIFY_REPORT, report)
    assert not policy.can(world["outsider"], policy.APPROVE_REPORT, report)
    assert policy.can(world["province_officer"], policy.APPROVE_REPORT, report)


@pytest.mark.parametrize(
    "role, reads, writes", [("admin", True, True), ("province_officer", True, True), ("local_officer", True, False),
                            ("cooperative", False, False), ("editor", False, False), ("viewer", True, False)],
)
def test_plan_targets(world, role, reads, writes):
    user = world[role]
    assert policy.can(user, policy.READ, Target) is reads
    assert policy.can(user, policy.WRITE, Target) is writes


@pytest.mark.parametrize("role", ["province_officer", "local_officer", "cooperative", "editor", "viewer"])
def test_only_administrators_manage_users(world, role):
    assert not policy.can(world[role], policy.WRITE, Profile)
    assert not policy.queryset_for(world[role], Profile).exists()
    assert policy.can(world["admin"], policy.WRITE, Profile)


@pytest.mark.parametrize("role", ["admin", "province_officer", "local_officer", "cooperative", "viewer"])
def test_nobody_writes_the_audit_trail_or_units(world, role):
    assert not policy.can(world[role], policy.WRITE, AuditEntry)
    assert not policy.can(world[role], policy.WRITE, Unit)
    assert policy.can(world[role], policy.READ, Unit)


def test_the_audit_trail_is_read_by_administrators_and_province_officers_only(world):
    readers = {r for r in ("admin", "province_officer", "local_officer", "cooperative", "editor", "viewer")
               if policy.can(world[r], policy.READ, AuditEntry)}
    assert readers == {"admin", "province_officer"}


def test_new_organisations_in_scope_appear_without_reassignment(world):
    make_org("HP311002", first_commune("303").parent.children.order_by("code").last(), "HTX Mới")
    assert names(policy.organizations_for(world["local_officer"])) == ["HP-0001", "HP311002"]
