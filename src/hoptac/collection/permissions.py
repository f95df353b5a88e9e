"""Who may do what with annual reports: the one place collection asks.

Every check defers to the shared policy (:mod:`hoptac.accounts.policy`); this
module only names the collection's actions and maps each to the policy's row:

==========  ================  =============================================
action      policy row        who (SPEC §1)
==========  ================  =============================================
view        read              admin, province, viewer: all; local, coop: own
edit        submit_report     admin, province: all; local, cooperative: own
submit      submit_report     same as edit
verify      verify_report     admin: all; the local officer whose unit in force on the
                              day contains the organisation's unit on that day; the
                              province only where no such local officer exists
return      verify_report     whoever may verify may send a report back
approve     approve_report    admin, province officer
upload      verify_report     officers; every row is also checked with edit
reopen      reopen_report     admin, province officer (a lock exception)
windows     set_windows       admin, province officer
==========  ================  =============================================

Verification (SPEC §2 v2): a district officer verifies until 30/6/2025 (old units are
in force until then), a commune officer from 1/7/2025 (new units; their closure takes
in the old units mapped into them, so records kept in old units are found).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hoptac.accounts import policy
from hoptac.accounts.models import Profile
from hoptac.geo.models import Unit, UnitClosure
from hoptac.registry.models import Organization, OrganizationState

VIEW = "view"
EDIT = "edit"
SUBMIT = "submit"
VERIFY = "verify"
RETURN = "return"
APPROVE = "approve"
UPLOAD = "upload"
REOPEN = "reopen"
WINDOWS = "windows"

POLICY_ACTION = {
    VIEW: policy.READ,
    EDIT: policy.SUBMIT_REPORT,
    SUBMIT: policy.SUBMIT_REPORT,
    VERIFY: policy.VERIFY_REPORT,
    RETURN: policy.VERIFY_REPORT,
    APPROVE: policy.APPROVE_REPORT,
    UPLOAD: policy.VERIFY_REPORT,
    REOPEN: policy.REOPEN_REPORT,
    WINDOWS: policy.SET_WINDOWS,
}


def organizations_for(user, action=VIEW, date=None):
    """The organisations whose reports ``user`` may ``action`` (a queryset)."""
    return policy.organizations_for(user, POLICY_ACTION[action], date)


def can(user, action, organization=None, on=None):
    """Whether ``user`` may ``action`` the reports of ``organization`` (or of some organisation).

    ``on``: the day the action is taken (verification depends on it; default today).
    """
    if action == VERIFY and organization is not None:
        return may_verify(user, organization, on or timezone.localdate())
    return policy.can(user, POLICY_ACTION[action], organization if organization is not None else Organization)


def local_unit_ids(on):
    """Ids of every unit lying under a unit in force on ``on`` that an active local officer holds (a subquery)."""
    held = Profile.objects.filter(role=policy.LOCAL, user__is_active=True).values("units")
    units = Unit.objects.on(on).filter(pk__in=held)
    return UnitClosure.objects.filter(ancestor__in=units).values("descendant_id")


def unit_on(organization, on):
    """The organisation's unit on ``on`` (its current unit when it did not exist yet)."""
    state = OrganizationState.objects.on(on).filter(organization_id=organization.pk).values_list("unit_id", flat=True)
    return next(iter(state), organization.unit_id)


def local_verifiers(organization, on):
    """The active local officers whose units in force on ``on`` contain the organisation's unit on that day."""
    above = UnitClosure.objects.filter(descendant_id=unit_on(organization, on)).values("ancestor_id")
    units = Unit.objects.on(on).filter(pk__in=above)
    return get_user_model().objects.filter(
        is_active=True, hoptac_profile__role=policy.LOCAL, hoptac_profile__units__in=units,
    ).distinct()


def verifiable_organizations(user, on):
    """The organisations whose reports ``user`` may verify on ``on`` (a queryset; :func:`may_verify` for many)."""
    role = policy.role_of(user)
    orgs = Organization.objects.all()
    if role == policy.ADMIN:
        return orgs
    states = OrganizationState.objects.on(on)
    if role == policy.LOCAL:
        units = Unit.objects.on(on).filter(pk__in=user.hoptac_profile.units.values("pk"))
        under = UnitClosure.objects.filter(ancestor__in=units).values("descendant_id")
        return orgs.filter(pk__in=states.filter(unit_id__in=under).values("organization_id"))
    if role == policy.PROVINCE:
        return orgs.filter(pk__in=states.exclude(unit_id__in=local_unit_ids(on)).values("organization_id"))
    return orgs.none()


def may_verify(user, organization, on):
    """The verification rule of SPEC §2 v2 on the day ``on``."""
    role = policy.role_of(user)
    if role == policy.ADMIN:
        return True
    if role == policy.LOCAL:
        return local_verifiers(organization, on).filter(pk=user.pk).exists()
    if role == policy.PROVINCE:
        return not local_verifiers(organization, on).exists()
    return False


def covers_province(user, action):
    """True when ``action`` reaches every organisation for this user (no scope filter needed)."""
    return policy.reach(user, POLICY_ACTION[action]) == policy.ALL


def require(user, action, organization=None, on=None):
    if not can(user, action, organization, on):
        raise PermissionDenied


def allowed_actions(user, organization, on=None):
    return {action for action in POLICY_ACTION if can(user, action, organization, on)}
