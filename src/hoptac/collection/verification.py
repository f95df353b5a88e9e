"""Who verifies an annual report on a given day: the one rule the collection adds to the policy.

Every other right over reports is a row of the shared policy
(:mod:`hoptac.accounts.policy`: ``read``, ``submit_report``, ``verify_report``,
``approve_report``, ``reopen_report``, ``set_windows``); callers ask it directly.

Verification (SPEC §2 v2): admin, any report; the local officer whose unit in force on
the day contains the organisation's unit on that day; the province only where no such
local officer exists. A district officer verifies until 30/6/2025 (old units are in
force until then), a commune officer from 1/7/2025 (new units; their closure takes in
the old units mapped into them, so records kept in old units are found).
"""

from django.contrib.auth import get_user_model

from hoptac.accounts import policy
from hoptac.accounts.models import Profile
from hoptac.geo.models import Unit, UnitClosure
from hoptac.registry.models import Organization, OrganizationState


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
