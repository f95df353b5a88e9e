"""The lifecycle rules of SPEC §2, in one place.

Every write path — import, back-office forms, API, demo — records events
through :func:`establish`, :func:`record_event` and :func:`void_event`, or, for
bulk loads, checks whole sequences with :func:`check_sequence` and then calls
:func:`rebuild_states`. The rules:

* exactly one ``established`` event per organisation, and it comes first;
* no event after a terminal one (``dissolved``, ``converted``, ``merged``);
* ``suspended`` only from ``active``; ``stopped`` from ``active`` or
  ``suspended``; ``resumed`` from ``suspended`` or ``stopped``;
* no event dated in the future;
* ``relocated`` names a unit in force on its date, ``reclassified`` a sector,
  ``renamed`` a name.

Events apply in order of date, then of recording (file order on import).
"""

from dataclasses import dataclass
from itertools import groupby

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.registry.signals import announce_change

from hoptac.audit import trail as audit
from hoptac.audit.models import Channel
from hoptac.registry.models import (
    TERMINAL_STATUSES,
    Event,
    EventType,
    Organization,
    OrganizationState,
    Sector,
    Status,
)

STATUS_AFTER = {
    EventType.ESTABLISHED: Status.ACTIVE,
    EventType.SUSPENDED: Status.SUSPENDED,
    EventType.RESUMED: Status.ACTIVE,
    EventType.STOPPED: Status.STOPPED,
    EventType.DISSOLVED: Status.DISSOLVED,
    EventType.CONVERTED: Status.CONVERTED,
    EventType.MERGED: Status.MERGED,
}
ALLOWED_FROM = {
    EventType.SUSPENDED: {Status.ACTIVE},
    EventType.STOPPED: {Status.ACTIVE, Status.SUSPENDED},
    EventType.RESUMED: {Status.SUSPENDED, Status.STOPPED},
}
SECTORS = set(Sector.values)


@dataclass(frozen=True)
class Violation:
    """One broken rule: which event (position in the sequence), which field, why."""

    index: int
    field: str
    message: str


class LifecycleError(Exception):
    """Raised when a write would break a lifecycle rule; names every problem."""

    def __init__(self, violations, subject=""):
        self.violations = list(violations)
        self.subject = subject
        super().__init__("; ".join(v.message for v in self.violations))


@dataclass
class Step:
    """The fields of an event the rules look at (an Event or an import row)."""

    type: str
    date: object
    unit: object = None
    sector: str = ""
    name: str = ""


def _fmt(date):
    return date.strftime("%d/%m/%Y")


def check_sequence(steps, today=None):
    """Violations of the rules in ``steps`` (already in application order)."""
    today = today or timezone.localdate()
    problems = []
    status = None
    established_seen = False
    for i, step in enumerate(steps):
        kind = step.type
        if kind not in EventType.values:
            problems.append(Violation(i, "type", _("unknown event type %(type)r") % {"type": kind}))
            continue
        label = f"{EventType(kind).label} ({_fmt(step.date)})"
        if step.date > today:
            problems.append(
                Violation(i, "date", _("%(event)s is dated in the future (today is %(today)s)")
                          % {"event": label, "today": _fmt(today)})
            )
        if kind == EventType.ESTABLISHED:
            if established_seen:
                problems.append(Violation(i, "type", _("%(event)s: an organisation is established only once") % {"event": label}))
                continue
            established_seen = True
            if i != 0:
                problems.append(Violation(i, "type", _("%(event)s must be the first event") % {"event": label}))
            status = Status.ACTIVE
            continue
        if not established_seen:
            problems.append(
                Violation(i, "date", _("%(event)s comes before the organisation was established") % {"event": label})
            )
            continue
        if status in TERMINAL_STATUSES:
            problems.append(
                Violation(i, "type", _("%(event)s comes after the organisation became %(status)s")
                          % {"event": label, "status": Status(status).label})
            )
            continue
        allowed = ALLOWED_FROM.get(kind)
        if allowed is not None and status not in allowed:
            problems.append(
                Violation(i, "type", _("%(event)s is not allowed while the organisation is %(status)s (only from %(allowed)s)")
                          % {"event": label, "status": Status(status).label,
                             "allowed": ", ".join(str(Status(a).label) for a in sorted(allowed))})
            )
            continue
        if kind == EventType.RELOCATED:
            if step.unit is None:
                problems.append(Violation(i, "unit", _("%(event)s needs the new unit") % {"event": label}))
            elif not step.unit.in_force_on(step.date):
                problems.append(
                    Violation(i, "unit", _("%(event)s: unit %(code)s is not in force on that date")
                              % {"event": label, "code": step.unit.code})
                )
        elif kind == EventType.RECLASSIFIED and step.sector not in SECTORS:
            problems.append(
                Violation(i, "sector", _("%(event)s needs a sector, one of %(sectors)s")
                          % {"event": label, "sectors": ", ".join(Sector.values)})
            )
        elif kind == EventType.RENAMED and not (step.name or "").strip():
            problems.append(Violation(i, "name", _("%(event)s needs the new name") % {"event": label}))
        status = STATUS_AFTER.get(kind, status)
    return problems


def intervals(steps):
    """The state intervals produced by ``steps`` (valid, in application order).

    Returns ``[(valid_from, status, unit, sector, name)]``: one entry per date on
    which something changed, holding the state after that day's last event, with
    consecutive identical states merged.
    """
    out = []
    status = unit = None
    sector = name = ""
    for date, same_day in groupby(steps, key=lambda s: s.date):
        for step in same_day:
            if step.type == EventType.ESTABLISHED:
                status, unit, sector, name = Status.ACTIVE, step.unit, step.sector or "", step.name
            elif step.type == EventType.RELOCATED:
                unit = step.unit
            elif step.type == EventType.RECLASSIFIED:
                sector = step.sector
            elif step.type == EventType.RENAMED:
                name = step.name
            else:
                status = STATUS_AFTER[step.type]
        state = (status, unit, sector, name)
        if out and out[-1][1:] == state:
            continue
        if out and out[-1][0] == date:
            out[-1] = (date, *state)
        else:
            out.append((date, *state))
    return out


def _unit_id(unit):
    return getattr(unit, "pk", unit)


STATE_COLUMNS = ("organization", "kind", "valid_from", "valid_to", "status", "unit", "sector", "name")


def _insert_states(rows):
    """INSERT state rows (tuples in STATE_COLUMNS order) with executemany.

    bulk_create spends a few hundred microseconds of Python per row, which
    dominated bulk imports (50,000 state rows for 40,000 organisations).
    """
    meta, quote = OrganizationState._meta, connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(f).column) for f in STATE_COLUMNS)
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(STATE_COLUMNS))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start:start + 5000])


def rebuild_states(org_ids):
    """Recompute OrganizationState and the current-state cache for organisations.

    Reads the non-voided events of the given organisations in one query and
    replaces their state rows. Call inside the transaction that wrote the events.
    """
    org_ids = list(org_ids)
    if not org_ids:
        return
    stored = {
        pk: (kind, (status, unit_id, sector, name))
        for pk, kind, status, unit_id, sector, name in Organization.objects.filter(pk__in=org_ids).values_list(
            "pk", "kind", "status", "unit_id", "sector", "name"
        )
    }
    events = (
        Event.objects.filter(organization_id__in=org_ids, voided_at__isnull=True)
        .order_by("organization_id", "date", "id")
        .values_list("organization_id", "type", "date", "unit_id", "sector", "name")
    )
    new_states, current = [], {}
    for org_id, rows in groupby(events, key=lambda r: r[0]):
        steps = [Step(type=t, date=d, unit=u, sector=s, name=n) for _, t, d, u, s, n in rows]
        spans = intervals(steps)
        kind = stored[org_id][0]
        for i, (start, status, unit, sector, name) in enumerate(spans):
            end = spans[i + 1][0] if i + 1 < len(spans) else None
            new_states.append((org_id, kind, start, end, str(status), _unit_id(unit), str(sector), str(name)))
        current[org_id] = spans[-1]
    OrganizationState.objects.filter(organization_id__in=org_ids).delete()
    _insert_states(new_states)
    changed = []
    for org_id, (_start, status, unit, sector, name) in current.items():
        # Only rows whose cache differs (a bulk import creates organisations with their
        # establishment state already in place).
        if stored[org_id][1] != (status, _unit_id(unit), sector, name):
            changed.append((str(status), _unit_id(unit), str(sector), str(name), org_id))
    # One prepared UPDATE run for many rows: bulk_update's CASE expressions cost milliseconds of
    # Python per row, which dominated bulk imports.
    if changed:
        table = connection.ops.quote_name(Organization._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET status = %s, unit_id = %s, sector = %s, name = %s WHERE id = %s", changed
            )
    announce_change(org_ids if len(org_ids) <= 1000 else (), reason="lifecycle")


def _steps_of(org):
    return [
        Step(type=e.type, date=e.date, unit=e.unit, sector=e.sector, name=e.name)
        for e in org.events.filter(voided_at__isnull=True).select_related("unit").order_by("date", "id")
    ]


def _raise_if(problems, subject):
    if problems:
        raise LifecycleError(problems, subject)


@transaction.atomic
def establish(*, code, kind, name, unit, established_on, sector="", by=None, document="", note="",
              channel=Channel.COMMAND, **details):
    """Create an organisation with its ``established`` event."""
    problems = check_sequence([Step(EventType.ESTABLISHED, established_on, unit, sector, name)])
    if not unit.in_force_on(established_on):
        problems.append(Violation(0, "unit", _("unit %(code)s is not in force on %(date)s")
                                  % {"code": unit.code, "date": _fmt(established_on)}))
    if sector and sector not in SECTORS:
        problems.append(Violation(0, "sector", _("unknown sector %(sector)r") % {"sector": sector}))
    if Organization.objects.filter(code=code).exists():
        problems.append(Violation(0, "code", _("an organisation with code %(code)s already exists") % {"code": code}))
    _raise_if(problems, code)
    org = Organization.objects.create(
        code=code, kind=kind, name=name, unit=unit, sector=sector, established_on=established_on, **details
    )
    Event.objects.create(
        organization=org, type=EventType.ESTABLISHED, date=established_on, unit=unit, sector=sector,
        name=name, document=document, note=note, recorded_by=by,
    )
    rebuild_states([org.pk])
    org.refresh_from_db()
    audit.record_created(org, user=by, channel=channel)
    return org


@transaction.atomic
def record_event(org, type, date, *, unit=None, sector="", name="", document="", note="", by=None,
                 channel=Channel.COMMAND):
    """Record a dated event after checking the organisation's whole history with it."""
    if type == EventType.ESTABLISHED:
        raise LifecycleError([Violation(0, "type", _("an organisation is established only once"))], org.code)
    Organization.objects.select_for_update().filter(pk=org.pk).first()
    steps = _steps_of(org)
    new = Step(type=type, date=date, unit=unit, sector=sector, name=name)
    position = sum(1 for s in steps if s.date <= date)
    steps.insert(position, new)
    problems = check_sequence(steps)
    _raise_if(problems, org.code)
    event = Event.objects.create(
        organization=org, type=type, date=date, unit=unit, sector=sector, name=name,
        document=document, note=note, recorded_by=by,
    )
    rebuild_states([org.pk])
    audit.record_created(event, action="registry.event.recorded", user=by, channel=channel)
    return event


@transaction.atomic
def void_event(event, *, reason, by=None, channel=Channel.COMMAND):
    """Void a wrong event (it stays visible); the rest of the history must still hold."""
    if event.voided_at:
        raise LifecycleError([Violation(0, "event", _("this event is already voided"))], event.organization.code)
    if event.type == EventType.ESTABLISHED:
        raise LifecycleError([Violation(0, "type", _("the establishment cannot be voided"))], event.organization.code)
    if not (reason or "").strip():
        raise LifecycleError([Violation(0, "void_reason", _("give the reason for voiding"))], event.organization.code)
    org = event.organization
    steps = [
        Step(type=e.type, date=e.date, unit=e.unit, sector=e.sector, name=e.name)
        for e in org.events.filter(voided_at__isnull=True).exclude(pk=event.pk).order_by("date", "id")
    ]
    _raise_if(check_sequence(steps), org.code)
    before = audit.snapshot(event)
    event.voided_at, event.voided_by, event.void_reason = timezone.now(), by, reason
    event.save(update_fields=["voided_at", "voided_by", "void_reason"])
    rebuild_states([org.pk])
    audit.record("registry.event.voided", event, before=before, after=audit.snapshot(event), user=by,
                 channel=channel)
    return event


def state_on(org, date):
    """The organisation's state row on ``date``, or None before it was established."""
    return OrganizationState.objects.on(date).filter(organization=org).select_related("unit").first()
