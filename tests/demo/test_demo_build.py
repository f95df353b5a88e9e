"""The demo in the database: the published figures through the indicator engine,
lifecycle-valid histories, documents, awards, targets and one account per role."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from hoptac.accounts.models import Role
from hoptac.demo import build, calibration as cal
from hoptac.demo.accounts import DEMO_PASSWORD
from hoptac.demo.generator import generate, until
from hoptac.geo.models import Unit
from hoptac.indicators.engine import compute
from hoptac.registry.lifecycle import Step, check_sequence
from hoptac.directives.models import Award, Document, Support, Task, TaskProgress
from hoptac.registry.models import Event, Grdp, Organization, Target

pytestmark = pytest.mark.django_db

ROUNDED = {"revenue.avg_vs_baseline_pct", "income.avg_vs_baseline_ratio"}


def published_view(values):
    """The engine's values as the review printed them (two ratios rounded to 2 decimals)."""
    shown = {}
    for code in cal.PUBLISHED:
        value = values[code]
        if code in ROUNDED:
            value = value.quantize(Decimal("0.01"), ROUND_HALF_UP)
        shown[code] = value
    return shown


def review_figures():
    province = Unit.objects.resolve("31", cal.D)
    return compute(province, cal.D, since=cal.S, baseline_year=cal.BASELINE_YEAR)


def test_published_figures_through_the_indicator_engine(demo):
    values = review_figures()
    assert published_view(values) == cal.PUBLISHED
    # Not only after rounding: the averages are exact.
    assert values["revenue.avg"] == 8438
    assert values["income.avg"] == Decimal("46.4")


def test_every_history_obeys_the_lifecycle_rules(demo):
    steps = {}
    for e in Event.objects.filter(voided_at__isnull=True).select_related("unit").order_by("organization", "date", "id"):
        steps.setdefault(e.organization_id, []).append(Step(e.type, e.date, e.unit, e.sector, e.name))
    assert len(steps) == Organization.objects.count()
    problems = {org: check_sequence(seq) for org, seq in steps.items()}
    assert {org: p for org, p in problems.items() if p} == {}


def test_2021_figures_do_not_move_with_the_2022_to_2025_data(demo):
    with_later_years = review_figures()
    build.wipe()
    build.load_register(until(generate(), cal.D))
    assert not Organization.objects.filter(established_on__gt=cal.D).exists()
    assert review_figures() == with_later_years


def test_later_years_hold_plausible_data(demo):
    end_2024 = cal.D.replace(year=2024)
    values = compute(Unit.objects.resolve("31", end_2024), end_2024)
    assert values["htx.total"] != cal.PUBLISHED["htx.total"] and values["htx.established"] > 0
    assert 0 < values["grdp.share_pct"] < 1
    assert Organization.objects.filter(events__type="relocated", events__date__year__gte=2022).exists()


def test_after_the_reform_the_register_counts_under_the_new_city(demo):
    end_2025 = cal.D.replace(year=2025)
    values = compute(Unit.objects.resolve("31", end_2025), end_2025)
    assert values["htx.total"] > 500 and values["tht.total"] > 200
    assert Organization.objects.filter(established_on__gte="2025-07-01", unit__regime="new").exists()


def test_grdp_and_targets_of_the_review(demo):
    assert Grdp.objects.filter(unit__code="31").count() == 25
    targets = {(t.indicator, t.year, t.op, t.value) for t in Target.objects.all()}
    assert targets == {
        ("tht.total", 2030, "~", 300), ("htx.active", 2030, ">", 500), ("grdp.share_pct", 2030, "~", Decimal("0.5")),
        ("tht.total", 2045, "~", 400), ("htx.active", 2045, ">", 600), ("grdp.share_pct", 2045, "~", Decimal("0.5")),
    }
    assert all("74-KH/TU" in t.source for t in Target.objects.all())
    # Set at the 2021 review for the city as it was then (SPEC §3 v2): judged on that territory.
    assert {(t.set_on, t.territory_of) for t in Target.objects.all()} == {(datetime.date(2021, 12, 31),) * 2}


def test_directive_documents_and_commendations(demo):
    city = Document.objects.filter(level="province")
    assert city.count() == 27 and {d.issued_on.year for d in city} <= set(range(2002, 2022))
    assert set(Document.objects.filter(level="central").values_list("number", flat=True)) == {"13-NQ/TW", "70-KL/TW"}
    generated = Document.objects.filter(title__endswith="(minh họa)")
    assert generated.count() == 26 and not generated.filter(number__in=["13-NQ/TW", "70-KL/TW", "74-KH/TU"]).exists()
    assert Document.objects.get(number="74-KH/TU").issued_on.isoformat() == "2021-09-04"
    assert Document.objects.get(number="13-NQ/TW").issued_on.isoformat() == "2002-03-18"
    assert Document.objects.get(number="70-KL/TW").issued_on.isoformat() == "2020-03-09"
    assert [d.number for d in Document.objects.get(number="74-KH/TU").implements.all()] == ["70-KL/TW"]
    awarded = Award.objects.filter(decided_on="2021-10-25")
    assert awarded.exclude(recipient_kind="individual").count() == 27
    assert awarded.filter(recipient_kind="individual").count() == 9


def test_action_plan_and_support(demo):
    tasks = Task.objects.all()
    assert tasks.count() == 12
    assert min(t.starts_on.year for t in tasks) == 2022 and max(t.deadline.year for t in tasks) == 2030
    assert TaskProgress.objects.filter(task__status="done").exists()
    years = set(Support.objects.values_list("year", flat=True))
    assert years == set(range(2019, 2026))
    assert not Support.objects.filter(amount__lt=0).exists()


def test_one_account_per_role_with_the_demo_password(demo):
    users = {u.username: u for u in get_user_model().objects.select_related("hoptac_profile")}
    roles = {name: u.hoptac_profile.role for name, u in users.items() if hasattr(u, "hoptac_profile")}
    assert set(roles.values()) == set(Role.values)
    assert users["admin"].is_superuser
    assert users["sohtx"].check_password(DEMO_PASSWORD)
    assert len({users[name].password for name in roles}) == 1  # one hash, checked once (Argon2 is slow)
    assert [u.code for u in users["hongbang"].hoptac_profile.units.all()] == ["303"]
    commune = users["phuong"].hoptac_profile.units.get(regime="old")
    assert commune.parent.code == "303"
    # From 1/7/2025 the commune officer verifies: they also hold the new commune their old one went into.
    assert users["phuong"].hoptac_profile.units.filter(regime="new").exists()
    coop = users["hoptacxa"].hoptac_profile.organization
    assert coop.kind == "htx" and coop.status == "active"


def test_the_command_does_not_build_twice(demo):
    before = Organization.objects.count()
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert "đã có dữ liệu mẫu" in out.getvalue()
    assert "hongbang" in out.getvalue() and DEMO_PASSWORD in out.getvalue()
    assert Organization.objects.count() == before


def test_the_account_table_names_the_cooperative_and_commune_the_accounts_have(demo):
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    users = {u.username: u for u in get_user_model().objects.select_related("hoptac_profile__organization")}
    coop = users["hoptacxa"].hoptac_profile.organization
    commune = users["phuong"].hoptac_profile.units.get(regime="old")
    lines = out.getvalue().splitlines()
    row = next(line for line in lines if " hoptacxa " in line)
    assert f"{coop.name} ({coop.code})" in row
    assert commune.name in next(line for line in lines if " phuong " in line)


def test_the_build_refuses_a_database_holding_another_register(demo):
    build.wipe()
    Organization.objects.bulk_create([Organization(code="X1", kind="htx", name="Khác", established_on="2020-01-01",
                                                   unit=Unit.objects.resolve("303", cal.D))])
    with pytest.raises(build.DemoError, match="--reset"):
        build.build()


def test_reset_rebuilds_the_same_demo(demo):
    before = Organization.objects.count()
    out = StringIO()
    call_command("demo", "--no-serve", "--reset", stdout=out)
    assert "Đã tạo dữ liệu mẫu" in out.getvalue()
    assert Organization.objects.count() == before
    assert published_view(review_figures()) == cal.PUBLISHED
    assert get_user_model().objects.filter(username="hongbang").count() == 1


def test_targets_show_one_target_on_track_and_one_off_track(demo):
    from hoptac.indicators.targets import targets_progress

    as_of = cal.D.replace(year=2026)
    verdicts = {(p.target.indicator, p.target.year): p.verdict
                for p in targets_progress(Unit.objects.resolve("31", as_of), as_of)}
    assert verdicts[("tht.total", 2030)] == "on-track"
    assert verdicts[("htx.active", 2030)] == "off-track"


def test_directory_profiles_have_products_and_some_published_contacts(demo):
    assert Organization.objects.exclude(products="").count() > 0.8 * Organization.objects.count()
    published = Organization.objects.filter(public_contact=True)
    assert published.exists() and not published.filter(email="").exists()


@pytest.mark.parametrize("year", [2005, 2013, 2019, 2024, 2025])
def test_engine_agrees_with_the_reference_computation_in_other_years(demo, year):
    from tests.demo.reference import indicators

    end = cal.D.replace(year=year)
    since = end.replace(month=1, day=1)
    expected = indicators(generate(), end, since, cal.BASELINE_YEAR)
    values = compute(Unit.objects.resolve("31", end), end, since=since, baseline_year=cal.BASELINE_YEAR)
    assert {code: values[code] for code in expected} == expected


def test_some_2025_reports_wait_in_the_review_steps(demo):
    from hoptac.registry.models import AnnualReport

    pending = AnnualReport.objects.filter(year=2025, in_force=False)
    assert set(pending.values_list("status", flat=True)) == {"draft", "submitted", "verified", "returned"}
    assert pending.filter(status="submitted", organization__unit__parent__code="303").exists()
    assert not AnnualReport.objects.filter(year=2025, in_force=True, organization__in=pending.values("organization"))
