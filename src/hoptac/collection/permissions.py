"""Who may do what with annual reports: the one place collection asks.

Every check defers to the shared policy (:mod:`hoptac.accounts.policy`); this
module only names the collection's actions and maps each to the policy's row:

==========  ================  =============================================
action      policy row        who (SPEC §1)
==========  ================  =============================================
view        read              admin, province, viewer: all; local, coop: own
edit        submit_report     admin, province: all; local, cooperative: own
submit      submit_report     same as edit
verify      verify_report     admin, province: all; local officer: own
return      verify_report     whoever may verify may send a report back
approve     approve_report    admin, province officer
upload      verify_report     officers; every row is also checked with edit
==========  ================  =============================================
"""

from django.core.exceptions import PermissionDenied

from hoptac.accounts import policy

VIEW = "view"
EDIT = "edit"
SUBMIT = "submit"
VERIFY = "verify"
RETURN = "return"
APPROVE = "approve"
UPLOAD = "upload"

POLICY_ACTION = {
    VIEW: policy.READ,
    EDIT: policy.SUBMIT_REPORT,
    SUBMIT: policy.SUBMIT_REPORT,
    VERIFY: policy.VERIFY_REPORT,
    RETURN: policy.VERIFY_REPORT,
    APPROVE: policy.APPROVE_REPORT,
    UPLOAD: policy.VERIFY_REPORT,
}

role_of = policy.role_of


def organizations_for(user, action=VIEW, date=None):
    """The organisations whose reports ``user`` may ``action`` (a queryset)."""
    return policy.organizations_for(user, POLICY_ACTION[action], date)


def can(user, action, organization=None):
    """Whether ``user`` may ``action`` the reports of ``organization`` (or of some organisation)."""
    from hoptac.registry.models import Organization

    return policy.can(user, POLICY_ACTION[action], organization if organization is not None else Organization)


def covers_province(user, action):
    """True when ``action`` reaches every organisation for this user (no scope filter needed)."""
    return policy.reach(user, POLICY_ACTION[action]) == policy.ALL


def require(user, action, organization=None):
    if not can(user, action, organization):
        raise PermissionDenied


def allowed_actions(user, organization):
    return {action for action in POLICY_ACTION if can(user, action, organization)}
