"""/api/v1/indicators answers exactly what `hoptac indicators --format json` prints."""

import io
import json

import pytest

from django.core.management import call_command

from .conftest import ApiClient, officer_client, public_equals_command_but_withheld
from .register import build

pytestmark = pytest.mark.django_db

CASES = [
    ({"unit": "31", "date": "2021-12-31", "since": "2015-01-01", "baseline_year": "2018"},
     ["--unit", "31", "--date", "2021-12-31", "--since", "2015-01-01", "--baseline-year", "2018"]),
    ({"unit": "303", "date": "2019-06-30"}, ["--unit", "303", "--date", "2019-06-30"]),
    ({"unit": "31", "date": "2025-12-31", "baseline_year": "2020"},
     ["--unit", "31", "--date", "2025-12-31", "--baseline-year", "2020"]),
    ({"unit": "31", "years": "2016-2024", "baseline_year": "2016"},
     ["--unit", "31", "--years", "2016-2024", "--baseline-year", "2016"]),
    ({"unit": "VN", "date": "2022-12-31"}, ["--unit", "VN", "--date", "2022-12-31"]),
    # v2: the old city's territory after the reform, a district that no longer exists, a series held fixed.
    ({"unit": "31", "date": "2025-12-31", "territory_of": "2025-06-30"},
     ["--unit", "31", "--date", "2025-12-31", "--territory-of", "2025-06-30"]),
    ({"unit": "303", "date": "2025-12-31", "territory_of": "2024-12-31"},
     ["--unit", "303", "--date", "2025-12-31", "--territory-of", "2024-12-31"]),
    ({"unit": "31", "years": "2023-2025", "territory_of": "2024-12-31"},
     ["--unit", "31", "--years", "2023-2025", "--territory-of", "2024-12-31"]),
]


@pytest.fixture
def register(db):
    return build()


def command_json(args, capsys):
    """What `hoptac indicators ... --format json` prints (the same management command)."""
    out = io.StringIO()
    call_command("indicators", *args, "--format", "json", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(("query", "args"), CASES, ids=[(c[0].get("date") or c[0]["years"]) + c[0].get("territory_of", "") for c in CASES])
def test_api_equals_command(register, capsys, query, args):
    expected = command_json(args, capsys)
    response = officer_client().get("/api/v1/indicators", query)
    assert response.status_code == 200, response.content
    assert response.json() == json.loads(expected)
    assert response.content.decode() == expected
    public = ApiClient().get("/api/v1/indicators", query)
    public_equals_command_but_withheld(public.json(), json.loads(expected))


def test_register_is_not_trivial(register, capsys):
    data = json.loads(command_json(["--unit", "31", "--date", "2021-12-31", "--since", "2001-01-01"], capsys))
    assert data["values"]["htx.total"] > 5
    assert data["values"]["htx.dissolved"] > 0
    assert data["values"]["revenue.avg"] is not None


def test_wrong_inputs_are_problems_naming_the_input(register):
    response = ApiClient().get("/api/v1/indicators", {"unit": "31", "date": "2021-12-31", "since": "2022-01-01"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "period start" in response.json()["detail"]
    response = ApiClient().get("/api/v1/indicators", {"unit": "99999", "date": "2021-12-31"})
    assert response.status_code == 422
    assert "99999" in response.json()["detail"]

