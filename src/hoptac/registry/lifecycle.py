"""The lifecycle rules of SPEC §2, in one place.

Every write path — import, back-office forms, API, demo — records events
through :func:`establish`, :func:`record_event` and :func:`void_event`, or, for
bulk loads, checks whole sequences with :func:`check_sequence` and then calls
:func:`rebuild_states`. The rules:

* exactly one ``established`` event per organisation, and it comes first;
* no event after a terminal one (``dissolved``, ``converted``, ``merged`` and,
  in v2, ``bankrupt``, ``consolidated``, ``absorbed``, ``divided``);
* ``suspended`` from ``active`` or ``suspended`` (a renewal), with ``until`` on
  or after its date and at most 12 months after it; ``stopped`` from ``active``
  or ``suspended``; ``resumed`` from ``suspended`` or ``stopped``;
* after ``revoked`` only ``dissolved`` or ``reinstated``; ``reinstated`` only
  after ``revoked``;
* the reorganising events name their successors: ``consolidated`` and
  ``absorbed`` exactly one, ``divided`` two or more, ``separated`` one or more,
  ``converted`` none or one; no other event names any
  (:func:`successor_problems` checks who they are);
* no event dated in the future;
* ``relocated`` names a unit in force on its date, ``reclassified`` a sector,
  ``renamed`` a name.

A suspension ends by itself: from the day after ``until``, without a renewal or
``resumed`` by then, the organisation is ``active`` again (a later ``resumed``
is accepted and changes nothing).

Events apply in order of date, then of recording (file order on import).
"""

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.db import connection, transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from hoptac.audit import trail as audit
from hoptac.audit.models import Channel
from hoptac.core.inserts import Inserter
from hoptac.registry.models import (
    GONE_STATUSES,
    TERMINAL_STATUSES,
    Event,
    EventSuccessor,
    EventType,
    Kind,
    Organization,
    OrganizationState,
    OrganizationStateVersion,
    Origin,
    Sector,
    Status,
)
from hoptac.registry.signals import announce_change

STATUS_AFTER = {
    EventType.ESTABLISHED: Status.ACTIVE,
    EventType.SUSPENDED: Status.SUSPENDED,
    EventType.RESUMED: Status.ACTIVE,
    EventType.STOPPED: Status.STOPPED,
    EventType.DISSOLVED: Status.DISSOLVED,
    EventType.CONVERTED: Status.CONVERTED,
    EventType.MERGED: Status.MERGED,
    EventType.BANKRUPT: Status.BANKRUPT,
    EventType.REVOKED: Status.REVOKED,
    EventType.REINSTATED: Status.ACTIVE,
    EventType.CONSOLIDATED: Status.CONSOLIDATED,
    EventType.ABSORBED: Status.ABSORBED,
    EventType.DIVIDED: Status.DIVIDED,
}
ALLOWED_FROM = {
    EventType.SUSPENDED: {Status.ACTIVE, Status.SUSPENDED},
    EventType.STOPPED: {Status.ACTIVE, Status.SUSPENDED},
    EventType.RESUMED: {Status.SUSPENDED, Status.STOPPED},
    EventType.REINSTATED: {Status.REVOKED},
}
# While revoked, only these may follow (SPEC §2 v2).
AFTER_REVOKED = {EventType.DISSOLVED, EventType.REINSTATED}
# How many successors each reorganising event names: (at least, at most or None).
SUCCESSOR_COUNT = {
    EventType.CONSOLIDATED: (1, 1),
    EventType.ABSORBED: (1, 1),
    EventType.DIVIDED: (2, None),
    EventType.SEPARATED: (1, None),
    EventType.CONVERTED: (0, 1),
}
# Successors of these are formed that day by the reorganisation itself.
FORMING_EVENTS = {EventType.CONSOLIDATED, EventType.DIVIDED, EventType.SEPARATED}
SUSPENSION_MONTHS = 12
SECTORS = set(Sector.values)
EVENT_TYPES = frozenset(EventType.values)


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
    until: object = None
    # Codes of the successors in the record's order; None when not loaded (an event
    # already recorded, whose successors were checked when it was).
    successors: tuple = None


def _fmt(date):
    return date.strftime("%d/%m/%Y")


def suspension_limit(date):
    """The latest end a suspension notice dated ``date`` may give: 12 months after it."""
    year, month = divmod(date.month - 1 + SUSPENSION_MONTHS, 12)
    year, month = date.year + year, month + 1
    for day in (date.day, 30, 29, 28):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue


def _lapsed(status, until, date):
    """Whether a suspension running until ``until`` has ended by itself before ``date``."""
    return status == Status.SUSPENDED and until is not None and date > until


def _label(step, code=""):
    label = f"{EventType(step.type).label} ({_fmt(step.date)})"
    return f"{code}: {label}" if code else label


_lazy_label = lazy(_label, str)


def check_sequence(steps, today=None, code=""):
    """Violations of the rules in ``steps`` (already in application order).

    ``code`` (the organisation's) starts every message, so that each names its record.
    """
    today = today or timezone.localdate()
    problems = []
    status = until = None
    lapsed = False
    established_seen = False
    for i, step in enumerate(steps):
        kind = step.type
        if kind not in EVENT_TYPES:
            problems.append(Violation(i, "type", _("unknown event type %(type)r") % {"type": kind}))
            continue
        label = _lazy_label(step, code)  # most steps break no rule: their label is never written
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
        if _lapsed(status, until, step.date):
            status, lapsed = Status.ACTIVE, True
        if status == Status.REVOKED and kind not in AFTER_REVOKED:
            problems.append(
                Violation(i, "type", _("%(event)s: while its certificate is revoked, an organisation may only be "
                                       "dissolved or reinstated") % {"event": label})
            )
            continue
        allowed = ALLOWED_FROM.get(kind)
        resumed_after_lapse = kind == EventType.RESUMED and lapsed
        if allowed is not None and status not in allowed and not resumed_after_lapse:
            problems.append(
                Violation(i, "type", _("%(event)s is not allowed while the organisation is %(status)s (only from %(allowed)s)")
                          % {"event": label, "status": Status(status).label,
                             "allowed": ", ".join(str(Status(a).label) for a in sorted(allowed))})
            )
            continue
        problems.extend(_field_problems(i, step, label))
        if kind == EventType.SUSPENDED:
            until = step.until
        if kind in STATUS_AFTER:
            status, lapsed = STATUS_AFTER[kind], False
    return problems


def _field_problems(i, step, label):
    """The rules on one event's own fields."""
    kind, problems = step.type, []
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
    if step.until is not None:
        if kind != EventType.SUSPENDED:
            problems.append(Violation(i, "until", _("%(event)s: only a suspension has an end date") % {"event": label}))
        elif step.until < step.date:
            problems.append(Violation(i, "until", _("%(event)s: the suspension cannot end (%(until)s) before it "
                                                    "starts") % {"event": label, "until": _fmt(step.until)}))
        elif step.until > suspension_limit(step.date):
            problems.append(Violation(i, "until", _(
                "%(event)s: a suspension lasts at most 12 months; %(until)s is after %(limit)s")
                % {"event": label, "until": _fmt(step.until), "limit": _fmt(suspension_limit(step.date))}))
    if step.successors is not None:
        count = len(step.successors)
        low, high = SUCCESSOR_COUNT.get(kind, (0, 0))
        if high == 0 and count:
            problems.append(Violation(i, "successors", _("%(event)s names no successors (only a consolidation, "
                                                         "absorption, division, separation or conversion does)")
                                      % {"event": label}))
        elif count < low or (high is not None and count > high):
            wanted = {
                (1, 1): _("exactly one"), (2, None): _("two or more"), (1, None): _("one or more"),
                (0, 1): _("at most one"),
            }[low, high]
            problems.append(Violation(i, "successors", _("%(event)s names %(wanted)s successor(s), not %(count)d")
                                      % {"event": label, "wanted": wanted, "count": count}))
        elif len(set(step.successors)) != count:
            problems.append(Violation(i, "successors", _("%(event)s names the same successor twice")
                                      % {"event": label}))
    return problems


@dataclass(frozen=True)
class Successor:
    """What the rules need to know of a successor named by a reorganising event."""

    code: str
    kind: str
    established_on: object
    origin: str
    exists: bool  # exists on the event's date (established by then, not gone)


def successor_problems(code, kind, step, found):
    """Messages for the successors ``step`` (an event of organisation ``code`` of ``kind``) names.

    ``found`` maps each successor code to a :class:`Successor`, or lacks it when no
    organisation has that code (in the register or in the same import).
    """
    label = _label(step, code)
    problems = []
    for successor in step.successors or ():
        if successor == code:
            problems.append(_("%(event)s: an organisation cannot be its own successor") % {"event": label})
            continue
        facts = found.get(successor)
        if facts is None:
            problems.append(_("%(event)s: successor %(code)s: no organisation has this code") % {"event": label,
                                                                                              "code": successor})
            continue
        same_day = facts.established_on == step.date
        if step.type in FORMING_EVENTS:
            if not same_day or facts.origin != Origin.REORGANISATION:
                problems.append(_(
                    "%(event)s: successor %(code)s must be established on %(date)s, the day of the event, with the "
                    "origin 'formed by reorganisation' (it was established on %(established)s)")
                    % {"event": label, "code": successor, "date": _fmt(step.date),
                       "established": _fmt(facts.established_on)})
        elif step.type == EventType.CONVERTED:
            if not same_day:
                problems.append(_(
                    "%(event)s: successor %(code)s must be established on %(date)s, the day of the conversion "
                    "(it was established on %(established)s)")
                    % {"event": label, "code": successor, "date": _fmt(step.date),
                       "established": _fmt(facts.established_on)})
        elif not (facts.exists or same_day):
            problems.append(_("%(event)s: successor %(code)s does not exist on %(date)s")
                            % {"event": label, "code": successor, "date": _fmt(step.date)})
        converted_group = step.type == EventType.CONVERTED and kind == Kind.THT and facts.kind == Kind.HTX
        if facts.kind != kind and not converted_group:
            problems.append(_("%(event)s: successor %(code)s is a %(theirs)s, not a %(ours)s like its predecessor")
                            % {"event": label, "code": successor, "theirs": Kind(facts.kind).label,
                               "ours": Kind(kind).label})
    return problems


def successors_in_register(codes, date):
    """``{code: Successor}`` for the organisations of the register among ``codes``, as on ``date``."""
    codes = set(codes)
    if not codes:
        return {}
    origins = dict(Event.objects.filter(organization__code__in=codes, type=EventType.ESTABLISHED,
                                        voided_at__isnull=True).values_list("organization__code", "origin"))
    gone = dict(OrganizationState.objects.on(date).filter(organization__code__in=codes)
                .values_list("organization__code", "status"))
    return {
        code: Successor(code, kind, established_on, origins.get(code, ""),
                        code in gone and gone[code] not in GONE_STATUSES)
        for code, kind, established_on in Organization.objects.filter(code__in=codes)
        .values_list("code", "kind", "established_on")
    }


def intervals(steps):
    """The state intervals produced by ``steps`` (valid, in application order).

    Returns ``[(valid_from, status, unit, sector, name)]``: one entry per date on
    which something changed, holding the state after that day's last event, with
    consecutive identical states merged. A suspension that runs out without a
    renewal or ``resumed`` gives an ``active`` entry from the day after ``until``.
    """
    out = []
    status = unit = until = None
    sector = name = ""

    def push(date, state):
        if out and out[-1][0] == date:
            out.pop()  # the same day: only the state after its last change counts
        if out and out[-1][1:] == state:
            return
        out.append((date, *state))

    for date, same_day in groupby(steps, key=lambda s: s.date):
        if _lapsed(status, until, date):
            status = Status.ACTIVE
            push(until + datetime.timedelta(days=1), (status, unit, sector, name))
        for step in same_day:
            if step.type == EventType.ESTABLISHED:
                status, unit, sector, name = Status.ACTIVE, step.unit, step.sector or "", step.name
            elif step.type == EventType.RELOCATED:
                unit = step.unit
            elif step.type == EventType.RECLASSIFIED:
                sector = step.sector
            elif step.type == EventType.RENAMED:
                name = step.name
            elif step.type in STATUS_AFTER:
                status = STATUS_AFTER[step.type]
            if step.type == EventType.SUSPENDED:
                until = step.until
        push(date, (status, unit, sector, name))
    if status == Status.SUSPENDED and until is not None:
        push(until + datetime.timedelta(days=1), (Status.ACTIVE, unit, sector, name))
    return out


def status_on(steps, date):
    """The status ``steps`` give on ``date`` (None before the establishment)."""
    status = None
    for start, state, *_rest in intervals(steps):
        if start > date:
            break
        status = state
    return status


def _unit_id(unit):
    return getattr(unit, "pk", unit)


# The attnames of a state row, in the order of _spans_to_rows.
STATE_COLUMNS = ("organization_id", "kind", "valid_from", "valid_to", "status", "unit_id", "sector", "name")


def _insert_states(rows):
    """INSERT state rows (tuples in STATE_COLUMNS order) through the shared bulk writer.

    bulk_create spends a few hundred microseconds of Python per row, which
    dominated bulk imports (50,000 state rows for 40,000 organisations).
    """
    Inserter(OrganizationState).insert_tuples(STATE_COLUMNS, rows)


def _spans_to_rows(org_id, kind, spans, established_on):
    rows = []
    for i, (start, status, unit, sector, name) in enumerate(spans):
        end = spans[i + 1][0] if i + 1 < len(spans) else None
        rows.append((org_id, kind, start, end, str(status), _unit_id(unit), str(sector), str(name),
                     start == established_on))
    return rows


def state_versions(org_id, kind, events):
    """The state rows of one organisation at every moment its history changed (SPEC §3, vintages).

    ``events``: ``(type, date, unit, sector, name, until, recorded_at, voided_at)`` of every event
    of the organisation, voided ones included, in application order (date, then recording).
    At each moment an event was recorded or voided, the states are those the events known then
    (recorded by it, not voided by it) give; a row keeps its ``recorded_at`` as long as it holds.
    Returns ``[(state row, recorded_at, superseded_at or None)]``, state rows as
    :data:`VERSION_COLUMNS` without the moments.
    """
    moments = sorted({e[6] for e in events} | {e[7] for e in events if e[7] is not None})
    held = {}  # state row -> recorded at
    out = []
    for moment in moments:
        known = [Step(type=t, date=d, unit=u, sector=s, name=n, until=e)
                 for t, d, u, s, n, e, recorded, voided in events
                 if recorded <= moment and (voided is None or voided > moment)]
        established = next((step.date for step in known if step.type == EventType.ESTABLISHED), None)
        if established is None:
            rows = set()  # not in the register yet (or its establishment came later in a file)
        else:
            known = [step for step in known if step.date >= established]
            rows = set(_spans_to_rows(org_id, kind, intervals(known), established))
        for row in [r for r in held if r not in rows]:
            out.append((row, held.pop(row), moment))
        for row in rows:
            held.setdefault(row, moment)
    out.extend((row, recorded, None) for row, recorded in held.items())
    return out


VERSION_COLUMNS = (*STATE_COLUMNS, "is_first", "recorded_at", "superseded_at")


def _insert_versions(rows, prepared=False):
    """INSERT version rows (tuples in VERSION_COLUMNS order) through the shared bulk writer
    (``prepared``: their moments already through the field's get_db_prep_save)."""
    if not prepared:
        moment = OrganizationStateVersion._meta.get_field("recorded_at")
        rows = [(*r[:-2], moment.get_db_prep_save(r[-2], connection), moment.get_db_prep_save(r[-1], connection))
                for r in rows]
    Inserter(OrganizationStateVersion).insert_tuples(VERSION_COLUMNS, rows)


def rebuild_states(org_ids):
    """Recompute OrganizationState, its versions and the current-state cache for organisations.

    Reads the events of the given organisations (voided ones too, for the versions) in one
    query and replaces their state rows and state versions. Call inside the transaction that
    wrote the events.
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
        Event.objects.filter(organization_id__in=org_ids)
        .order_by("organization_id", "date", "id")
        .values_list("organization_id", "type", "date", "unit_id", "sector", "name", "until", "recorded_at",
                     "voided_at")
    )
    new_states, versions, current = [], [], {}
    for org_id, rows in groupby(events, key=lambda r: r[0]):
        history = [row[1:] for row in rows]
        kind = stored[org_id][0]
        steps = [Step(type=t, date=d, unit=u, sector=s, name=n, until=e)
                 for t, d, u, s, n, e, _recorded, voided in history if voided is None]
        spans = intervals(steps)
        new_states.extend(row[:-1] for row in _spans_to_rows(org_id, kind, spans, spans[0][0]))
        current[org_id] = spans[-1]
        if len({row[6] for row in history}) == 1 and all(row[7] is None for row in history):
            # One recording moment, nothing voided (a bulk import): the versions are today's rows.
            moment = history[0][6]
            versions.extend((*row, moment, None) for row in _spans_to_rows(org_id, kind, spans, spans[0][0]))
        else:
            versions.extend((*row, recorded, superseded)
                            for row, recorded, superseded in state_versions(org_id, kind, history))
    OrganizationState.objects.filter(organization_id__in=org_ids).delete()
    OrganizationStateVersion.objects.filter(organization_id__in=org_ids).delete()
    _insert_states(new_states)
    _insert_versions(versions)
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


def _steps_of(org, exclude=None):
    events = org.events.filter(voided_at__isnull=True).select_related("unit").order_by("date", "id")
    if exclude is not None:
        events = events.exclude(pk=exclude.pk)
    return [Step(type=e.type, date=e.date, unit=e.unit, sector=e.sector, name=e.name, until=e.until) for e in events]


def _raise_if(problems, subject):
    if problems:
        raise LifecycleError(problems, subject)


@transaction.atomic
def establish(*, code, kind, name, unit, established_on, sector="", by=None, document="", note="",
              origin="", channel=Channel.COMMAND, **details):
    """Create an organisation with its ``established`` event (``origin``: empty or ``new`` for a
    new organisation, ``reorganisation`` for one formed by a consolidation, division or separation)."""
    problems = check_sequence([Step(EventType.ESTABLISHED, established_on, unit, sector, name)], code=code)
    if origin not in ("", *Origin.values):
        problems.append(Violation(0, "origin", _("unknown origin %(origin)r") % {"origin": origin}))
    vsic = details.get("vsic") or ""
    if vsic and not (len(vsic) == 4 and vsic.isascii() and vsic.isdigit()):
        problems.append(Violation(0, "vsic", _("%(code)s: the VSIC code %(vsic)s is not four digits (for example 0118)")
                                  % {"code": code, "vsic": vsic}))
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
        name=name, document=document, note=note, origin=origin, recorded_by=by,
    )
    rebuild_states([org.pk])
    org.refresh_from_db()
    audit.record_created(org, user=by, channel=channel)
    return org


@transaction.atomic
def record_event(org, type, date, *, unit=None, sector="", name="", document="", note="", until=None,
                 successors=(), by=None, channel=Channel.COMMAND):
    """Record a dated event after checking the organisation's whole history with it.

    ``successors`` (codes or organisations, in the record's order) must already be in
    the register: a successor formed that day is established first.
    """
    if type == EventType.ESTABLISHED:
        raise LifecycleError([Violation(0, "type", _("an organisation is established only once"))], org.code)
    Organization.objects.select_for_update().filter(pk=org.pk).first()
    codes = tuple(getattr(s, "code", s) for s in successors)
    steps = _steps_of(org)
    new = Step(type=type, date=date, unit=unit, sector=sector, name=name, until=until, successors=codes)
    position = sum(1 for s in steps if s.date <= date)
    steps.insert(position, new)
    problems = check_sequence(steps, code=org.code)
    if not problems and codes:
        problems = [Violation(position, "successors", message)
                    for message in successor_problems(org.code, org.kind, new, successors_in_register(codes, date))]
    _raise_if(problems, org.code)
    event = Event.objects.create(
        organization=org, type=type, date=date, unit=unit, sector=sector, name=name,
        document=document, note=note, until=until, recorded_by=by,
    )
    if codes:
        ids = dict(Organization.objects.filter(code__in=codes).values_list("code", "pk"))
        EventSuccessor.objects.bulk_create(
            EventSuccessor(event=event, organization_id=ids[c], position=i) for i, c in enumerate(codes))
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
    _raise_if(check_sequence(_steps_of(org, exclude=event), code=org.code), org.code)
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


def insert_new_states(histories, recorded_at):
    """Write the state rows and state versions of organisations just created, from their histories.

    For organisations whose every event was recorded at ``recorded_at`` and none voided (a
    bulk import): the rows :func:`rebuild_states` would write for them, without reading their
    events back. ``histories``: ``(org_id, kind, spans)``, ``spans`` as :func:`intervals` gives
    them. The organisations' current-state cache is the caller's (it can write it with them).
    """
    states, versions = [], []
    moment = OrganizationStateVersion._meta.get_field("recorded_at").get_db_prep_save(recorded_at, connection)
    for org_id, kind, spans in histories:
        rows = _spans_to_rows(org_id, kind, spans, spans[0][0])
        states.extend(row[:-1] for row in rows)
        versions.extend((*row, moment, None) for row in rows)
    _insert_states(states)
    _insert_versions(versions, prepared=True)
