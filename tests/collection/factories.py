"""Small named additions to the one world (tests/world.py) for the collection tests."""

import datetime
import functools
import itertools

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User

from hoptac.accounts.models import Profile
from hoptac.registry import lifecycle
from tests.accounts.factories import FOREIGN_COMMUNE as OTHER_COMMUNE, OWN_COMMUNE, unit  # noqa: F401 - the world's communes
from tests.world import AFTER_REFORM as AFTER  # noqa: F401

D = datetime.date
_codes = itertools.count(1)


def org(kind="htx", unit_code="303", established_on=D(2005, 3, 1), code=None, name=None, sector="agriculture"):
    n = next(_codes)
    return lifecycle.establish(
        code=code or f"C{n:05d}", kind=kind, name=name or f"Hợp tác xã thử nghiệm {n}",
        unit=unit(unit_code, established_on), sector=sector, established_on=established_on,
    )


def user(username, role, *, units=(), organization=None):
    account = User.objects.create_user(username, f"{username}@example.vn")
    account.password = _password_hash()  # the same password for everyone, hashed once (Argon2 is slow)
    account.save(update_fields=["password"])
    profile = Profile.objects.create(user=account, role=role, organization=organization)
    profile.units.set(units)
    return account


PASSWORD = "mat-khau-thu-nghiem-2021"


@functools.cache
def _password_hash():
    return make_password(PASSWORD)


FIGURES = {
    "members": 120, "workers": 15, "revenue": 8000, "profit": 350, "income": 46, "value_added": 900,
    "is_estimate": False,
}
