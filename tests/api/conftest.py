"""A small register in Hải Phòng (old units, 2021) with one user per role.

District 303 is the local officer's own; 304 belongs to the outsider (a local
officer of another district). Every user has an API token; one token is revoked.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from hoptac.accounts.models import Profile
from hoptac.api.models import ApiToken
from hoptac.geo.models import Unit
from hoptac.registry import lifecycle
from hoptac.registry.models import AnnualReport, ReportStatus

D = datetime.date
ROLES = ("admin", "province_officer", "local_officer", "local_officer_other", "cooperative", "editor", "viewer",
         "anonymous", "revoked")


@dataclass
class World:
    own_org: object = None          # in district 303, the cooperative account's organisation
    other_org: object = None        # in district 304
    users: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)

    def client(self, role):
        token = self.tokens.get(role)
        return ApiClient(token)


class ApiClient(Client):
    def __init__(self, token=None, **kwargs):
        super().__init__(**kwargs)
        self.token = token

    def _base_environ(self, **request):
        environ = super()._base_environ(**request)
        if self.token and "HTTP_AUTHORIZATION" not in request:
            environ["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        # Messages are Vietnamese by default; the tests read the English wording.
        environ.setdefault("HTTP_ACCEPT_LANGUAGE", request.get("HTTP_ACCEPT_LANGUAGE", "en"))
        return environ


def unit(code, date=D(2021, 12, 31)):
    return Unit.objects.resolve(code, date)


def make_user(username, role, *, units=(), organization=None, superuser=False):
    user = get_user_model().objects.create(username=username, is_superuser=superuser, is_staff=superuser)
    user.set_unusable_password()
    user.save()
    if role and not superuser:
        profile = Profile.objects.create(user=user, role=role, organization=organization)
        if units:
            profile.units.set(units)
    return user


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
def world(db):
    w = World()
    w.own_org = establish("HP-0001", "303", representative="Nguyễn Văn A", phone="0225 111", email="a@example.vn")
    w.other_org = establish("HP-0002", "304", representative="Trần Thị B", phone="0225 222", email="b@example.vn")
    report(w.own_org, 2020)
    report(w.own_org, 2021, status=ReportStatus.DRAFT, in_force=False)
    report(w.other_org, 2020)
    w.users = {
        "admin": make_user("admin", None, superuser=True),
        "province_officer": make_user("province", "province_officer"),
        "local_officer": make_user("local303", "local_officer", units=[unit("303")]),
        "local_officer_other": make_user("local304", "local_officer", units=[unit("304")]),
        "cooperative": make_user("coop", "cooperative", organization=w.own_org),
        "editor": make_user("editor", "editor"),
        "viewer": make_user("viewer", "viewer"),
    }
    for role, user in w.users.items():
        w.tokens[role] = ApiToken.issue(user, f"{role} token")[1]
    revoked, secret = ApiToken.issue(w.users["province_officer"], "old token")
    revoked.revoke()
    w.tokens["revoked"] = secret
    return w


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
