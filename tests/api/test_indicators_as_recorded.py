"""``as_recorded=`` on /api/v1/indicators, its series, /indicators/drill and /targets (SPEC §3 vintages, §6)."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from hoptac.registry import lifecycle
from hoptac.registry.models import Target
from tests.clock import at, clock

from .conftest import ROLES, ApiClient, unit

pytestmark = pytest.mark.django_db
D = datetime.date
THEN = "2026-01-20T12:00:00+07:00"


@pytest.fixture
def vintage(world):
    """Before the world's own records (made now): a cooperative recorded on 05/01/2026 whose dissolution
    of 01/06/2021 was recorded on 01/02/2026, and a target recorded on 10/01/2026."""
    with clock(at(2026, 1, 5, 9)):
        org = lifecycle.establish(code="L1", kind="htx", name="HTX Lạc Long", unit=unit("303", D(2015, 4, 1)),
                                  established_on=D(2015, 4, 1))
    with clock(at(2026, 2, 1, 14)):
        lifecycle.record_event(org, "dissolved", D(2021, 6, 1))
    Target.objects.create(indicator="htx.total", unit=unit("31"), year=2030, op=">", value=Decimal(5),
                          recorded_at=at(2026, 1, 10))
    return world


def get(path, params, role=None, world=None):
    client = world.client(role) if world else ApiClient()
    return client.get(path, params)


def command(*args):
    out = io.StringIO()
    call_command("indicators", *args, "--format", "json", stdout=out)
    return out.getvalue()


def test_the_indicators_as_recorded_equal_the_command(vintage):
    response = get("/api/v1/indicators", {"unit": "303", "date": "2021-12-31", "as_recorded": THEN})
    assert response.status_code == 200, response.content
    assert response.content.decode() == command("--unit", "303", "--date", "2021-12-31", "--as-recorded", THEN)
    data = response.json()
    assert data["as_recorded"] == THEN and data["values"]["htx.total"] == 1  # only L1 was recorded by then
    today = get("/api/v1/indicators", {"unit": "303", "date": "2021-12-31"}).json()
    assert "as_recorded" not in today and today["values"]["htx.total"] == 1  # the world's own, L1 dissolved
    assert today["values"]["htx.dissolved"] == 1 and data["values"]["htx.dissolved"] == 0


def test_the_series_as_recorded(vintage):
    response = get("/api/v1/indicators", {"unit": "303", "years": "2020-2021", "as_recorded": "2026-02-02"})
    assert response.status_code == 200, response.content
    assert response.content.decode() == command("--unit", "303", "--years", "2020-2021", "--as-recorded", "2026-02-02")
    assert [p["values"]["htx.total"] for p in response.json()["series"]] == [1, 0]


def test_the_drill_as_recorded(vintage):
    then = get("/api/v1/indicators/drill", {"unit": "303", "date": "2021-12-31", "indicator": "htx.total",
                                            "as_recorded": THEN}).json()
    assert [o["code"] for o in then["organizations"]] == ["L1"] and then["as_recorded"] == THEN
    today = get("/api/v1/indicators/drill", {"unit": "303", "date": "2021-12-31", "indicator": "htx.total"}).json()
    assert [o["code"] for o in today["organizations"]] == ["HP-0001"]


@pytest.mark.parametrize(("value", "words"), [
    ("yesterday", "is not a valid date or date-time"),
    ("2099-01-01T00:00:00+07:00", "is in the future"),
    ("2025-06-30", "is before the register existed"),
])
@pytest.mark.parametrize("path", ["/api/v1/indicators", "/api/v1/indicators/drill"])
def test_a_malformed_moment_is_a_422_problem_naming_it(vintage, path, value, words):
    params = {"unit": "303", "date": "2021-12-31", "indicator": "htx.total", "as_recorded": value}
    if path == "/api/v1/indicators":
        del params["indicator"]
    response = get(path, params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert words in problem["detail"] and problem["errors"][0]["field"] == "as_recorded"
    vietnamese = ApiClient().get(path, params, HTTP_ACCEPT_LANGUAGE="vi").json()["detail"]
    assert vietnamese.startswith("thời điểm ghi nhận")


def test_targets_as_recorded_and_only_for_plan_readers(vintage):
    then = vintage.client("viewer").get("/api/v1/targets", {"unit": "31", "as_of": "2021-12-31",
                                                          "as_recorded": "2026-01-05T12:00+07:00"})
    assert then.status_code == 200 and then.json()["targets"] == []  # the target was recorded on 10/01/2026
    later = vintage.client("viewer").get("/api/v1/targets", {"unit": "31", "as_of": "2021-12-31",
                                                           "as_recorded": THEN}).json()
    assert [t["indicator"] for t in later["targets"]] == ["htx.total"] and later["as_recorded"] == THEN
    for role in ROLES:
        response = vintage.client(role).get("/api/v1/targets", {"unit": "31", "as_of": "2021-12-31",
                                                                "as_recorded": THEN})
        if role in ("cooperative", "editor"):  # outsiders to the plan
            assert response.status_code == 403, role
        elif role in ("anonymous", "revoked"):
            assert response.status_code == 401, role
        else:
            assert response.status_code == 200, role
