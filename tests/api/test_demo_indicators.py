"""On the Hải Phòng demo, /api/v1/indicators equals `hoptac indicators` and shows the published figures."""

import io
import json

import pytest
from django.core.management import call_command

from .conftest import ApiClient, make_user

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


def officer_client():
    """A province officer's token: officers get exactly the command's JSON (SPEC §6 withholds small
    aggregates from the public only)."""
    from django.contrib.auth import get_user_model

    from hoptac.api.models import ApiToken

    user = get_user_model().objects.filter(username="match-officer").first() or make_user("match-officer",
                                                                                          "province_officer")
    return ApiClient(ApiToken.issue(user, "match")[1])


def public_equals_command_but_withheld(public, command):
    """The public answer is the command's with the withheld figures null and listed in ``suppressed``."""
    points = public["series"] if "series" in public else [public]
    expected = command["series"] if "series" in command else [command]
    for got, want in zip(points, expected, strict=True):
        withheld = got.pop("suppressed", [])
        for code in withheld:
            assert want["values"][code] is not None and got["values"][code] is None
            want["values"][code] = None
            want["values"].pop("grdp.share_source", None) if code == "grdp.share_pct" else None
        assert got == want
