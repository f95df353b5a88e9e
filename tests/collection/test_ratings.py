"""The Department's yearly rating (SPEC §2 v2): province officers only, audited, kept per year,
a change supersedes the earlier rating and keeps it as history."""

import pytest

from hoptac.audit.models import AuditEntry
from hoptac.registry.models import YearRating

from .test_report_pages import url

YEAR = 2021


def test_a_province_officer_rates_and_a_change_supersedes_keeping_history(client, world):
    client.force_login(world["province_officer"])
    assert client.post(url(world.own_org), {"action": "rate", "rating": "fair"}).status_code == 302
    assert client.post(url(world.own_org), {"action": "rate", "rating": "good"}).status_code == 302
    first, second = YearRating.objects.order_by("recorded_at", "pk")
    assert (first.rating, second.rating) == ("fair", "good")
    assert first.superseded_at == second.recorded_at and second.superseded_at is None
    assert second.recorded_by == world["province_officer"]
    entries = AuditEntry.objects.filter(action="registry.rating.recorded").order_by("pk")
    assert [(e.before, e.after) for e in entries] == [
        (None, {"year": YEAR, "rating": "fair"}), ({"year": YEAR, "rating": "fair"}, {"year": YEAR, "rating": "good"})]
    page = client.get(url(world.own_org)).text
    assert "data-rating>tốt<" in page  # the rating in force, in Vietnamese


def test_ratings_belong_to_their_year(client, world):
    client.force_login(world["province_officer"])
    client.post(url(world.own_org, 2020), {"action": "rate", "rating": "weak"})
    client.post(url(world.own_org, 2021), {"action": "rate", "rating": "good"})
    assert sorted(YearRating.objects.values_list("year", "rating", "superseded_at")) == [
        (2020, "weak", None), (2021, "good", None)]


@pytest.mark.parametrize("who", ["cooperative", "local_officer", "outsider", "viewer"])
def test_no_one_but_the_department_rates(client, world, who):
    client.force_login(world[who])
    response = client.post(url(world.own_org), {"action": "rate", "rating": "good"})
    assert response.status_code in (403, 404)
    assert not YearRating.objects.exists()
    assert not AuditEntry.objects.filter(action="registry.rating.recorded").exists()


def test_the_rating_form_is_shown_only_to_raters(client, world):
    client.force_login(world["local_officer"])
    assert 'value="rate"' not in client.get(url(world.own_org)).text
    client.force_login(world["province_officer"])
    assert 'value="rate"' in client.get(url(world.own_org)).text


def test_an_unknown_rating_is_refused_with_a_message(client, world):
    client.force_login(world["province_officer"])
    response = client.post(url(world.own_org), {"action": "rate", "rating": "excellent"}, follow=True)
    assert "Hãy chọn xếp loại." in response.text
    assert not YearRating.objects.exists()
