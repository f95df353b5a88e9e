"""The one permission policy of hoptac (SPEC §1).

Every back-office view, export, report and API endpoint asks this module — and
only this module — what a user may see and do. Querysets come from
:func:`organizations_for` / :func:`queryset_for`; single objects are checked
with :func:`can`; personal fields are shown only when
:func:`can_see_personal` says so. The public (portal, open data, anonymous API)
reads through :func:`public_organization_fields`.

Scope. Administrators, province officers and viewers cover the whole province.
A local officer covers the units of their profile and every unit under them
through ``geo.UnitClosure`` — for a new (post-2025) unit that includes the old
units mapped into it, so records kept in old units stay in scope. An
organisation is in a local officer's scope when its unit is: its current unit,
or, when a date is given, its unit on that date. A cooperative account covers
its own organisation only.

The matrix ("own" = in the user's scope; "–" = refused)::

    action            admin  province  local  cooperative  editor  viewer  anonymous
    read              all    all       own    own          –       all     –
    personal fields   all    all       own    own          –       –       –
    write (registry)  all    all       own    –            –       –       –
    submit_report     all    all       own    own          –       –       –
    verify_report     all    all       own    –            –       –       –
    approve_report    all    all       –      –            –       –       –
    reopen_report     all    all       –      –            –       –       –
    set_windows       all    all       –      –            –       –       –
    set_checks        all    all       –      –            –       –       –
    read_plan         all    all       all    –            –       all     –
    write_plan        all    all       –      –            –       –       –
    read_units        all    all       all    all          all     all     –
    read_audit        all    all       –      –            –       –       –
    manage_users      all    –         –      –            –       –       –
    publish_news      all    all       –      –            all     –       –
    read_directives   all    all       all    –            –       all     –
    write_directives  all    all       –      –            –       –       –

"read_directives"/"write_directives" cover directive documents, the action
plan's tasks and their progress notes (only the province writes them). Support
given and awards follow "read" and "write": an award or a support row is in a
local officer's scope when its organisation is, or, for an award to a
collective or a person, when its unit is.

"read" covers registry records (organisations, events) and annual reports, and
their exports. Personal fields are ``representative``, ``phone`` and ``email``;
the public sees phone and email only of an organisation that agreed to publish
them (``public_contact``), never the representative. No role may write the
audit trail or units through the application. Editors have no registry access
in the back office: they read what the public reads.
"""

from django.contrib.auth import get_user_model
from django.db.models import Model, Q

from hoptac.accounts.models import Profile, Role
from hoptac.audit.models import AuditEntry
from hoptac.geo.models import Unit, UnitClosure

READ = "read"
WRITE = "write"
SUBMIT_REPORT = "submit_report"
VERIFY_REPORT = "verify_report"
APPROVE_REPORT = "approve_report"
READ_PLAN = "read_plan"
WRITE_PLAN = "write_plan"
READ_UNITS = "read_units"
READ_AUDIT = "read_audit"
MANAGE_USERS = "manage_users"
PUBLISH_NEWS = "publish_news"
REOPEN_REPORT = "reopen_report"  # a lock exception: reopen one organisation's approved year (SPEC §2 v2)
SET_WINDOWS = "set_windows"  # the reporting window (opens, deadline) of a year
SET_CHECKS = "set_checks"  # the settings of the checks of report figures: severity, in force, parameters
READ_DIRECTIVES = "read_directives"
WRITE_DIRECTIVES = "write_directives"
RATE = "rate"  # the Department's yearly rating of an organisation (SPEC §2 v2)

ADMIN = Role.ADMIN.value
PROVINCE = Role.PROVINCE_OFFICER.value
LOCAL = Role.LOCAL_OFFICER.value
COOPERATIVE = Role.COOPERATIVE.value
EDITOR = Role.EDITOR.value
VIEWER = Role.VIEWER.value
BACK_OFFICE_ROLES = (ADMIN, PROVINCE, LOCAL, COOPERATIVE, EDITOR, VIEWER)

ALL, OWN = "all", "own"
# action -> role -> ALL (whole province) or OWN (the user's scope); absent = refused.
MATRIX = {
    READ: {ADMIN: ALL, PROVINCE: ALL, LOCAL: OWN, COOPERATIVE: OWN, VIEWER: ALL},
    WRITE: {ADMIN: ALL, PROVINCE: ALL, LOCAL: OWN},
    SUBMIT_REPORT: {ADMIN: ALL, PROVINCE: ALL, LOCAL: OWN, COOPERATIVE: OWN},
    VERIFY_REPORT: {ADMIN: ALL, PROVINCE: ALL, LOCAL: OWN},
    APPROVE_REPORT: {ADMIN: ALL, PROVINCE: ALL},
    READ_PLAN: {ADMIN: ALL, PROVINCE: ALL, LOCAL: ALL, VIEWER: ALL},
    WRITE_PLAN: {ADMIN: ALL, PROVINCE: ALL},
    READ_UNITS: dict.fromkeys(BACK_OFFICE_ROLES, ALL),
    READ_AUDIT: {ADMIN: ALL, PROVINCE: ALL},
    MANAGE_USERS: {ADMIN: ALL},
    PUBLISH_NEWS: {ADMIN: ALL, PROVINCE: ALL, EDITOR: ALL},
    REOPEN_REPORT: {ADMIN: ALL, PROVINCE: ALL},
    SET_WINDOWS: {ADMIN: ALL, PROVINCE: ALL},
    SET_CHECKS: {ADMIN: ALL, PROVINCE: ALL},
    READ_DIRECTIVES: {ADMIN: ALL, PROVINCE: ALL, LOCAL: ALL, VIEWER: ALL},
    WRITE_DIRECTIVES: {ADMIN: ALL, PROVINCE: ALL},
    RATE: {ADMIN: ALL, PROVINCE: ALL},
}
PERSONAL_FIELDS = ("representative", "phone", "email")
PERSONAL_ROLES = {ADMIN: ALL, PROVINCE: ALL, LOCAL: OWN, COOPERATIVE: OWN}


def role_of(user):
    """The user's role, or None for anonymous, inactive and role-less users.

    A Django superuser is an administrator whatever their profile says.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return ADMIN
    profile = _profile(user)
    return profile.role if profile is not None else None


def reach(user, action):
    """ALL, OWN or None: how far ``action`` reaches for this user."""
    return MATRIX[action].get(role_of(user))


def scope_unit_ids(user, date=None):
    """Ids of the units a user covers: None means the whole province.

    A local officer covers their profile's units and every unit under them
    (``UnitClosure``: for a new unit, the old units mapped into it are
    included); everyone else with a role covers the whole province or, for a
    cooperative account, no unit at all (its scope is one organisation). The
    answer does not depend on ``date`` — unit ids already carry their dates and
    the closure spans the crosswalk — the parameter is accepted so callers can
    pass the date they query at.
    """
    role = role_of(user)
    if role in (ADMIN, PROVINCE, VIEWER):
        return None
    if role != LOCAL:
        return set()
    cached = getattr(user, "_hoptac_scope_ids", None)
    if cached is None:
        cached = set(
            UnitClosure.objects.filter(ancestor__in=_profile(user).units.all()).values_list("descendant_id", flat=True)
        )
        user._hoptac_scope_ids = cached
    return set(cached)


def covers_unit(user, action, unit):
    """Whether ``user``'s reach for ``action`` covers ``unit`` (the whole province, or their units)."""
    how = reach(user, action)
    if how == ALL:
        return True
    if how == OWN:
        ids = scope_unit_ids(user)
        return bool(ids) and unit.pk in ids
    return False


def organizations_for(user, action=READ, date=None):
    """The organisations ``user`` may act on with ``action`` (a queryset).

    With ``date``, a local officer's organisations are those whose unit on that
    date lies in scope (for lists and counts on a chosen date); without, those
    whose current unit does.
    """
    from hoptac.registry.models import Organization, OrganizationState

    orgs = Organization.objects.all()
    how = reach(user, action)
    if how == ALL:
        return orgs
    if how is None:
        return orgs.none()
    if role_of(user) == COOPERATIVE:
        org_id = _profile(user).organization_id
        return orgs.filter(pk=org_id) if org_id else orgs.none()
    units = _scope_units_query(user)
    if date is None:
        return orgs.filter(unit__in=units)
    on_date = OrganizationState.objects.on(date).filter(unit__in=units).values("organization_id")
    return orgs.filter(pk__in=on_date)


def queryset_for(user, model, action=READ):
    """The rows of ``model`` the user may act on with ``action``.

    Registry models that belong to an organisation follow its scope; plan
    models (targets, GRDP), units, audit entries and users follow their own
    rows of the matrix.
    """
    from hoptac.registry.models import AnnualReport, Event, Organization

    if model is Organization:
        return organizations_for(user, action)
    if model in (Event, AnnualReport):
        return model.objects.filter(organization__in=organizations_for(user, action))
    scoped = _directives_rows(user, model, action)
    if scoped is not None:
        return scoped
    rule = _model_rule(model, action)
    if rule is None or reach(user, rule) is None:
        return model.objects.none()
    return model.objects.all()


def can(user, action, obj):
    """Whether ``user`` may perform ``action`` on ``obj``.

    ``obj`` is a model instance, or a model class for "on some object of this
    kind" (used to show menus and add buttons).
    """
    from hoptac.registry.models import AnnualReport, Event, Organization

    model = obj if isinstance(obj, type) else type(obj)
    if model in (Organization, Event, AnnualReport):
        if reach(user, action) is None:
            return False
        if isinstance(obj, type):
            return True
        org_id = obj.pk if model is Organization else obj.organization_id
        return organizations_for(user, action).filter(pk=org_id).exists()
    if _directives_rows(user, model, action) is not None:
        if reach(user, action) is None:
            return False
        return isinstance(obj, type) or _directives_rows(user, model, action).filter(pk=obj.pk).exists()
    rule = _model_rule(model, action)
    return rule is not None and reach(user, rule) is not None


def can_see_personal(user, org):
    """Whether ``user`` may see the representative, phone and email of ``org``."""
    how = PERSONAL_ROLES.get(role_of(user))
    if how == ALL:
        return True
    if how == OWN:
        return organizations_for(user, READ).filter(pk=org.pk).exists()
    return False


def public_organization_fields(org):
    """What anyone may know about an organisation (portal, open data, anonymous API).

    Phone and email only when the organisation agreed to publish them; never the
    representative.
    """
    fields = {
        "code": org.code,
        "kind": org.kind,
        "name": org.name,
        "unit": org.unit.code if org.unit_id else None,
        "sector": org.sector or None,
        "status": org.status,
        "established_on": org.established_on,
        "address": org.address,
        "products": org.products,
    }
    if org.public_contact:
        fields.update(phone=org.phone, email=org.email)
    return fields


def visible_fields(user, org, fields):
    """``fields`` minus the personal ones the user may not see (for forms and exports)."""
    if can_see_personal(user, org):
        return list(fields)
    return [f for f in fields if f not in PERSONAL_FIELDS]


# --- helpers ----------------------------------------------------------------


def _profile(user):
    """The user's profile, or None when they have none (a database error is not "no role": it propagates)."""
    try:
        return user.hoptac_profile
    except Profile.DoesNotExist:
        return None


def _scope_units_query(user):
    return UnitClosure.objects.filter(ancestor__in=_profile(user).units.all()).values("descendant_id")


def _model_rule(model, action):
    """The matrix row that governs ``action`` on a model without organisation scope."""
    from hoptac.registry.models import Grdp, Target

    reading = action == READ
    if model._meta.app_label == "directives":  # documents, tasks, progress notes
        if action in (READ_DIRECTIVES, WRITE_DIRECTIVES):
            return action
        return READ_DIRECTIVES if reading else WRITE_DIRECTIVES
    if model in (Target, Grdp):
        return READ_PLAN if reading else WRITE_PLAN
    if model is Unit:
        return READ_UNITS if reading else None
    if model is AuditEntry:
        return READ_AUDIT if reading else None
    if model is Profile or (isinstance(model, type) and issubclass(model, Model) and model is get_user_model()):
        return MANAGE_USERS
    if action in MATRIX and action not in (READ, WRITE):
        return action
    return None


def _directives_rows(user, model, action):
    """Support and awards in the user's scope for ``action`` (None for any other model)."""
    from hoptac.directives.models import Award, Support

    if model not in (Award, Support):
        return None
    how = reach(user, action)
    rows = model.objects.all()
    if how == ALL:
        return rows
    if how is None:
        return rows.none()
    in_scope = Q(organization__in=organizations_for(user, action))
    if model is Award and role_of(user) == LOCAL:
        in_scope |= Q(organization__isnull=True, unit__in=_scope_units_query(user))
    return rows.filter(in_scope)
