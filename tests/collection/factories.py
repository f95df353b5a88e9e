"""Named people and organisations for the collection tests."""

import datetime
import itertools

from django.contrib.auth.models import Permission, User

from hoptac.accounts.models import Profile
from hoptac.geo.models import Unit
from hoptac.registry import lifecycle

D = datetime.date
_codes = itertools.count(1)
AFTER = D(2025, 7, 1)  # two-level local government
OWN_COMMUNE = "11296"  # Phường Quán Toan, district 303 → new Phường Hồng An (11602)
OTHER_COMMUNE = "11329"  # Phường Máy Chai, district 304 → new Phường Ngô Quyền (11329)


def unit(code, on=D(2021, 12, 31)):
    return Unit.objects.resolve(code, on)


def org(kind="htx", unit_code="303", established_on=D(2005, 3, 1), code=None, name=None, sector="agriculture"):
    n = next(_codes)
    return lifecycle.establish(
        code=code or f"C{n:05d}", kind=kind, name=name or f"Hợp tác xã thử nghiệm {n}",
        unit=unit(unit_code, established_on), sector=sector, established_on=established_on,
    )


def user(username, role, *, units=(), organization=None):
    account = User.objects.create_user(username, f"{username}@example.vn", "mat-khau-thu-nghiem-2021")
    account.user_permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    profile = Profile.objects.create(user=account, role=role, organization=organization)
    profile.units.set(units)
    return account


FIGURES = {
    "members": 120, "workers": 15, "revenue": 8000, "profit": 350, "income": 46, "value_added": 900,
    "is_estimate": False,
}
