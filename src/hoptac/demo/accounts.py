"""One demo account per role of SPEC §1, all with the same published password.

The password is printed by ``hoptac demo``: these accounts are meant only for
a demo data directory, never for a database holding real data.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core import checks
from django.db import DatabaseError
from django.db.models import Count
from django.utils.translation import gettext as _

from hoptac.accounts.models import Profile, Role
from hoptac.demo.geography import districts
from hoptac.geo.models import Unit
from hoptac.geo.search import fold
from hoptac.registry.models import Organization

DEMO_PASSWORD = "HaiPhong-demo-2021"
HONG_BANG = "303"
USERNAMES = ("admin", "sohtx", "hongbang", "phuong", "hoptacxa", "bientap", "lanhdao")


@dataclass(frozen=True)
class DemoAccount:
    role: str
    username: str
    scope: str
    full_name: str


def _commune_of_hong_bang(district):
    """The commune of Hồng Bàng holding the most organisations (a busy one to try)."""
    busiest = (
        Organization.objects.filter(unit__parent=district).values("unit").annotate(n=Count("pk"))
        .order_by("-n", "unit__code").first()
    )
    return Unit.objects.get(pk=busiest["unit"]) if busiest else district.children.order_by("code").first()


def _cooperative_of(commune):
    """An active cooperative of that commune with recent reports: the cooperative account's own."""
    return (
        Organization.objects.filter(kind="htx", status="active", unit=commune)
        .annotate(n=Count("annual_reports")).order_by("-n", "code").first()
        or Organization.objects.filter(kind="htx", status="active").order_by("code").first()
    )


def _with_new_communes(old_communes):
    """``old_communes`` and the communes of the two-level government they went into: from 1/7/2025
    the commune officer verifies (SPEC §2 v2), so the demo's commune officer holds both."""
    new = (Unit.objects.filter(regime="new", level=3, closure_descendants__descendant__in=old_communes)
           .distinct().order_by("code"))
    return [*old_communes, *new]


def new_commune_officers():
    """[(username, Place)]: one officer for each commune of the two-level government that Hồng Bàng's
    communes went into (registration and verification moved to the communes on 1/7/2025, Decree 125/2025)."""
    return [("".join(fold(place.name).split()), place) for place in districts()[HONG_BANG].new_places]


def all_usernames():
    """Every demo account's username (the fixed ones and the new communes' officers)."""
    return (*USERNAMES, *(username for username, _place in new_commune_officers()))


def _existing(username, role):
    return Profile.objects.filter(user__username=username, role=role).prefetch_related("units").first()


def plan(province, district):
    """The accounts to create, with their scope objects: [(DemoAccount, units, organisation)].

    Once created, the commune officer's commune and the cooperative account's
    cooperative are read back from their profiles, so that the table printed
    after building names the ones the accounts really have (the busiest
    commune and cooperative change as the demo's reports are added).
    """
    commune_officer = _existing("phuong", Role.LOCAL_OFFICER)
    commune = (commune_officer and commune_officer.units.filter(regime="old").first()) or _commune_of_hong_bang(district)
    cooperative_account = _existing("hoptacxa", Role.COOPERATIVE)
    coop = (cooperative_account and cooperative_account.organization) or _cooperative_of(commune)
    return [
        (DemoAccount(Role.ADMIN, "admin", _("whole system"), "Quản trị hệ thống"), [], None),
        (DemoAccount(Role.PROVINCE_OFFICER, "sohtx", province.name, "Phòng Kinh tế tập thể (Sở)"), [], None),
        (DemoAccount(Role.LOCAL_OFFICER, "hongbang", district.name, "Cán bộ Phòng Kinh tế quận Hồng Bàng"),
         [district], None),
        (DemoAccount(Role.LOCAL_OFFICER, "phuong", f"{commune.name} ({district.name})", f"Cán bộ {commune.name}"),
         _with_new_communes([commune]), None),
        (DemoAccount(Role.COOPERATIVE, "hoptacxa", f"{coop.name} ({coop.code})", f"Ban quản trị {coop.name}"),
         [], coop),
        (DemoAccount(Role.EDITOR, "bientap", _("portal news"), "Biên tập viên"), [], None),
        (DemoAccount(Role.VIEWER, "lanhdao", _("whole province, read only"), "Lãnh đạo, Liên minh HTX"), [], None),
        *(
            (DemoAccount(Role.LOCAL_OFFICER, username, _("%(commune)s (from 01/07/2025)") % {"commune": place.name},
                         f"Cán bộ Phòng Kinh tế {place.name}"),
             list(Unit.objects.filter(code=place.code, regime="new")), None)
            for username, place in new_commune_officers()
        ),
    ]


def create_accounts(province, district):
    """Create (or reset) the demo accounts; returns the list of :class:`DemoAccount`."""
    User = get_user_model()
    created = []
    # One hash for the shared password: Argon2 costs most of a second per hash.
    password_hash = make_password(DEMO_PASSWORD)
    for account, units, organization in plan(province, district):
        user, _created = User.objects.get_or_create(username=account.username)
        validate_password(DEMO_PASSWORD, user)
        user.first_name = account.full_name
        user.is_superuser = user.is_staff = account.role == Role.ADMIN
        user.is_active = True
        user.password = password_hash
        user.save()
        profile, _created = Profile.objects.update_or_create(
            user=user, defaults={"role": account.role, "organization": organization}
        )
        profile.units.set(units)
        created.append(account)
    return created


def check_no_demo_password(app_configs=None, **kwargs):
    """``check --deploy``: no account may still open with the demo's published password."""
    try:
        users = list(get_user_model().objects.filter(username__in=all_usernames(), is_active=True))
    except DatabaseError:
        return []  # no database yet: nothing to check
    return [
        checks.Error(f"the account {user.get_username()!r} opens with the demo's published password",
                     hint="production refuses it at sign-in; set a new password or delete the account "
                          "(hoptac manage changepassword USERNAME)", obj=user.get_username(), id="hoptac.E001")
        for user in users if user.check_password(DEMO_PASSWORD)
    ]

