"""What the caller may see: a thin reading of :mod:`hoptac.accounts.policy`.

The API shows the public register to everyone (as the portal's directory
does); a caller whose role reaches an organisation for ``read`` sees, in
addition, its personal fields, all revisions of its reports, voided events and
notes. Anonymous callers, editors and users without a role read as the public.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.accounts import policy
from hoptac.core import dates

from .auth import require_writable
from .problems import Problem


def caller(request):
    """The user behind the request (AnonymousUser for the public)."""
    return request.auth


def today():
    return timezone.localdate()


def readable_ids(user, org_ids):
    """Of ``org_ids``, those the user may read in full (one query)."""
    how = policy.reach(user, policy.READ)
    if how is None:
        return set()
    if how == policy.ALL:
        return set(org_ids)
    return set(policy.organizations_for(user, policy.READ).filter(pk__in=org_ids).values_list("pk", flat=True))


def personal_ids(user, org_ids):
    """Of ``org_ids``, those whose representative, phone and email the user may see."""
    how = policy.PERSONAL_ROLES.get(policy.role_of(user))
    if how is None:
        return set()
    if how == policy.ALL:
        return set(org_ids)
    return set(policy.organizations_for(user, policy.READ).filter(pk__in=org_ids).values_list("pk", flat=True))


def refuse(user, message):
    """401 for the anonymous public (a token would help), 403 for a signed-in caller."""
    if not getattr(user, "is_authenticated", False):
        raise Problem(401, _("Sign in with an API token to do this. %(why)s") % {"why": message},
                      headers={"WWW-Authenticate": 'Bearer realm="hoptac"'})
    raise Problem(403, message)


def require(user, action, obj, message):
    if not policy.can(user, action, obj):
        refuse(user, message)


def require_write(request, action, obj, message):
    require(caller(request), action, obj, message)
    require_writable(request)


def require_unit_in_scope(user, action, unit, message):
    """The user's reach for ``action`` covers ``unit`` (the whole province, or their units)."""
    if not policy.covers_unit(user, action, unit):
        refuse(user, message)


def parse_date(value, field="date"):
    if value is None or value == "":
        return today()
    if isinstance(value, datetime.date):
        return value
    try:
        return dates.parse_typed(value)  # 2021-12-31, or the Vietnamese 31/12/2021
    except ValueError:
        raise Problem(422, _("%(field)s=%(value)r is not a date; write it as YYYY-MM-DD, e.g. 2021-12-31.")
                      % {"field": field, "value": value}, kind="validation", title="Invalid input",
                      errors=[{"field": field, "in": "query", "message": _("expected a date YYYY-MM-DD")}]) from None
