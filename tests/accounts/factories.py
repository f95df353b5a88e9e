"""Named people and organisations for the permission tests.

Thuỷ Nguyên (311) is the local officer's district; An Dương (312) belongs to
the outsider, a local officer of another district. Organisations are created
through the lifecycle rules like every other write path.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from hoptac.accounts.models import Profile
from hoptac.geo.models import Crosswalk, Unit
from hoptac.registry import lifecycle

D = datetime.date
BEFORE_REFORM = D(2021, 12, 31)
OWN_DISTRICT, FOREIGN_DISTRICT = "311", "312"
ROLES = ("admin", "province_officer", "local_officer", "outsider", "cooperative", "editor", "viewer")


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


@dataclass
class World:
    own_org: object
    foreign_org: object
    users: dict

    def __getitem__(self, name):
        return self.users[name]


def build_world():
    """Two organisations in two districts and one user for every role."""
    own = make_org("HP311001", first_commune(OWN_DISTRICT), "HTX Nông nghiệp Thủy Sơn")
    foreign = make_org("HP312001", first_commune(FOREIGN_DISTRICT), "HTX Dịch vụ An Đồng Xanh")
    users = {
        "admin": make_user("quantri", "admin"),
        "province_officer": make_user("so_tinh", "province_officer"),
        "local_officer": make_user("thuy_nguyen", "local_officer", units=[unit(OWN_DISTRICT)]),
        "outsider": make_user("an_duong", "local_officer", units=[unit(FOREIGN_DISTRICT)]),
        "cooperative": make_user("htx_thuy_son", "cooperative", organization=own),
        "editor": make_user("bien_tap", "editor"),
        "viewer": make_user("lanh_dao", "viewer"),
    }
    return World(own, foreign, users)


def new_commune_for(old_commune):
    """The new (post-reform) commune an old commune is counted under."""
    return Crosswalk.objects.get(old=old_commune, primary=True).new
