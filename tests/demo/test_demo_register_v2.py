"""The register part of the v2 demo (SPEC §7 v2): the new communes' officers, identity fields, and a
few old records located only to their district — with every §7 figure unchanged (test_demo_build)."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from hoptac.accounts.models import Role
from hoptac.demo import identities
from hoptac.demo.accounts import DEMO_PASSWORD, new_commune_officers
from hoptac.geo.models import Unit
from hoptac.indicators.drill import drill
from hoptac.indicators.quality import quality_findings
from hoptac.registry import recode
from hoptac.registry.models import Organization

pytestmark = pytest.mark.django_db
D = datetime.date


def test_each_new_commune_of_hong_bang_has_its_officer_printed_with_the_other_accounts(demo):
    officers = new_commune_officers()
    assert [username for username, _place in officers][0] == "phuonghongbang" and len(officers) == 4
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    lines = out.getvalue().splitlines()
    for username, place in officers:
        user = get_user_model().objects.get(username=username)
        assert user.hoptac_profile.role == Role.LOCAL_OFFICER and user.check_password(DEMO_PASSWORD)
        [unit] = user.hoptac_profile.units.all()
        assert (unit.code, unit.regime, unit.valid_from) == (place.code, "new", D(2025, 7, 1))
        row = next(line for line in lines if f" {username} " in line)
        assert place.name in row and DEMO_PASSWORD in row


def test_organisations_carry_registration_authority_former_number_and_vsic(demo):
    orgs = Organization.objects.all()
    assert not orgs.filter(registered_by="").exists()
    assert orgs.exclude(legacy_number="").count() > 100
    assert not orgs.exclude(sector="").filter(vsic="").exists()
    assert orgs.filter(sector="").exclude(vsic="").count() == identities.UNCLASSIFIED_WITH_VSIC
    assert all(len(v) == 4 and v.isdigit() for v in orgs.values_list("vsic", flat=True).distinct() if v)


def test_a_few_old_cooperatives_are_located_only_to_their_district_and_listed(demo):
    pending = list(recode.pending())
    assert len(pending) == identities.DISTRICT_ONLY
    assert {o.unit.code for o in pending} <= set(identities.RURAL_DISTRICTS)
    city = Unit.objects.resolve("31", D(2025, 12, 31))
    findings = {f.code: f for f in quality_findings(city, 2025)}
    listed = {o["code"] for o in findings["location.district_only"].organizations}
    assert listed == {o.code for o in pending}
    assert len(findings["sector.proposed"].organizations) >= 1
    # After the reform they count in the city, in no commune.
    org = pending[0]
    commune_ids = Unit.objects.filter(regime="new", level=3).values("pk")
    assert not org.states.filter(unit__closure_ancestors__ancestor__in=commune_ids).exists()
    assert org.code in {r["code"] for r in drill(city, D(2025, 12, 31), "htx.total")}
