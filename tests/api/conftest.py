"""The API tests' additions to the one world (tests/world.py): annual reports, helpers and a clean cache.

District 303 is the local officer's own; 304 belongs to the outsider (a local
officer of another district). Every user has an API token; one token is revoked.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from hoptac.api.models import ApiToken
from hoptac.registry import lifecycle
from hoptac.registry.models import AnnualReport, ReportStatus
from tests.accounts.factories import make_user, unit
from tests.world import ApiClient

D = datetime.date
ROLES = ("admin", "province_officer", "local_officer", "outsider", "cooperative", "editor", "viewer",
         "anonymous", "revoked")


def establish(code, unit_code, *, kind="htx", sector="agriculture", on=D(2010, 3, 1), name=None, **details):
    return lifecycle.establish(code=code, kind=kind, name=name or f"HTX {code}", unit=unit(unit_code, on),
                               sector=sector, established_on=on, **details)


def report(org, year, *, status=ReportStatus.APPROVED, in_force=True, revision=1, **figures):
    values = {"members": 10, "workers": 5, "revenue": Decimal("1000"), "income": Decimal("40"),
              "value_added": Decimal("300"), "profit": Decimal("50")}
    values.update(figures)
    return AnnualReport.objects.create(organization=org, year=year, status=status, in_force=in_force,
                                       revision=revision, **values)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(world):
    """The one world with the API's reports: HP-0001's 2020 (approved) and 2021 (a draft), HP-0002's 2020."""
    report(world.own_org, 2020)
    report(world.own_org, 2021, status=ReportStatus.DRAFT, in_force=False)
    report(world.foreign_org, 2020)
    return world


def officer_client():
    """A province officer's token: officers get exactly the command's JSON (SPEC §6 withholds small
    aggregates from the public only)."""
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
            if code == "grdp.share_pct":
                want["values"].pop("grdp.share_source", None)
        assert got == want
