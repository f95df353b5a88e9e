"""Named places, organisations and people for the tests (the one world is tests/world.py).

Hồng Bàng (303) is the local officer's district; Ngô Quyền (304) belongs to
the outsider, a local officer of another district. Organisations are created
through the lifecycle rules like every other write path.
"""

import datetime
from django.contrib.auth import get_user_model

from hoptac.accounts.models import Profile
from hoptac.geo.models import Crosswalk, Unit
from hoptac.registry import lifecycle

D = datetime.date
BEFORE_REFORM = D(2021, 12, 31)
OWN_DISTRICT, FOREIGN_DISTRICT = "303", "304"
OWN_COMMUNE = "11296"  # Phường Quán Toan, district 303 → new Phường Hồng An (11602)
FOREIGN_COMMUNE = "11329"  # Phường Máy Chai, district 304 → new Phường Ngô Quyền (11329)


def unit(code, date=BEFORE_REFORM):
    return Unit.objects.resolve(code, date)


def first_commune(district_code):
    return unit(district_code).children.order_by("code").first()


def make_org(code, commune, name, established_on=D(2015, 3, 1), kind="htx", sector="agriculture", **details):
    details.setdefault("representative", f"Nguyễn Văn {code}")
    details.setdefault("phone", f"0225 {code[-6:]}")
    details.setdefault("email", f"{code.lower()}@example.vn")
    return lifecycle.establish(
        code=code, kind=kind, name=name, unit=commune, sector=sector, established_on=established_on, **details
    )


def make_user(username, role=None, units=(), organization=None, superuser=False, password=None):
    User = get_user_model()
    user = User(username=username, email=f"{username}@example.gov.vn", is_superuser=superuser, is_staff=superuser)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    if role:
        profile = Profile.objects.create(user=user, role=role, organization=organization)
        profile.units.set(units)
    return user


def new_commune_for(old_commune):
    """The new (post-reform) commune an old commune is counted under."""
    return Crosswalk.objects.get(old=old_commune, primary=True).new
