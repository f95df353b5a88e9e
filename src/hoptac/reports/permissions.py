"""Who may make, download and publish review reports (through ``accounts.policy``).

Making and downloading a report reads aggregate figures: whoever reads the
register may do it, a local officer only for the units in their scope.
Publishing is a province decision: administrators and province officers
(the roles that approve annual reports).
"""

from hoptac.accounts import policy


def may_make(user, unit=None):
    """Whether ``user`` may generate reports (for ``unit`` when given)."""
    how = policy.reach(user, policy.READ)
    if how == policy.ALL:
        return True
    if how != policy.OWN or policy.role_of(user) != policy.LOCAL:
        return False
    if unit is None:
        return True
    return unit.pk in (policy.scope_unit_ids(user) or set())


def may_publish(user):
    # TODO: a dedicated PUBLISH_REPORT action in accounts.policy; publishing follows report approval meanwhile.
    return policy.reach(user, policy.APPROVE_REPORT) == policy.ALL
