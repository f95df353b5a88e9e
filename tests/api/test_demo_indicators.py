"""On the Hải Phòng demo, /api/v1/indicators equals `hoptac indicators` and shows the published figures."""

import io
import json

import pytest
from django.core.management import call_command

from .conftest import ApiClient, officer_client, public_equals_command_but_withheld

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(demo_world, request):
    """The demo, committed (shared with the other modules reading it: tests/conftest.py)."""
    yield demo_world.get()
    demo_world.release(request.config)


@pytest.mark.parametrize(("query", "args"), [
    ({"unit": "31", "date": "2021-12-31", "since": "2002-01-01", "baseline_year": "2001"},
     ["--unit", "31", "--date", "2021-12-31", "--since", "2002-01-01", "--baseline-year", "2001"]),
    ({"unit": "31", "years": "2019-2025", "baseline_year": "2001"},
     ["--unit", "31", "--years", "2019-2025", "--baseline-year", "2001"]),
])
def test_demo_indicators_equal_the_command(demo, query, args):
    out = io.StringIO()
    call_command("indicators", *args, "--format", "json", stdout=out)
    response = officer_client().get("/api/v1/indicators", query)
    assert response.status_code == 200
    assert response.content.decode() == out.getvalue()
    public_equals_command_but_withheld(ApiClient().get("/api/v1/indicators", query).json(), json.loads(out.getvalue()))
    if "date" in query:
        values = json.loads(out.getvalue())["values"]
        assert (values["htx.total"], values["htx.active"], values["htx.not_operating"]) == (549, 347, 202)

