"""Re-coding an organisation located only to a district or the province to a commune (SPEC §2 v2).

A re-code is a correction, made the way every correction of the register is made:
the ``established`` event, and any ``relocated`` event naming a district or the
province, is recorded again with a commune code in force on its date — a new
record with its own recording moment — and the old record is voided (it stays
visible). The commune must lie under the unit the old record named. Events
recorded on the same day after a re-recorded one are recorded again too,
unchanged, so that same-day events keep applying in their order.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from hoptac.audit import trail as audit
from hoptac.audit.models import Channel
from hoptac.geo.models import Level, Unit, UnitClosure, UnitNotFound
from hoptac.registry.lifecycle import LifecycleError, Violation, rebuild_states
from hoptac.registry.models import Event, EventSuccessor, EventType, Organization

RECODED_EVENTS = (EventType.ESTABLISHED, EventType.RELOCATED)
ACTION = "registry.organization.recoded"


def _fmt(date):
    return date.strftime("%d/%m/%Y")


def above_commune(event):
    """Whether ``event`` locates the organisation only to a district or a province that has communes."""
    return (
        event.type in RECODED_EVENTS and event.unit_id is not None and event.unit.level < Level.COMMUNE
        and Unit.objects.filter(parent_id=event.unit_id).exists()
    )


def events_to_recode(org):
    """The organisation's non-voided events that name a district or the province, in order."""
    events = org.events.filter(voided_at__isnull=True, type__in=RECODED_EVENTS).select_related("unit")
    return [e for e in events.order_by("date", "id") if above_commune(e)]


@dataclass(frozen=True)
class Recoded:
    organization: Organization
    events: list  # the new events that name the commune


def _commune_for(event, code):
    """The commune ``code`` names on the event's date, under the unit the event named; else a Violation."""
    label = f"{capfirst(event.get_type_display())} ({_fmt(event.date)})"
    try:
        unit = Unit.objects.resolve(code, event.date)
    except UnitNotFound as exc:
        return Violation(0, "unit", f"{label}: {exc}")
    if unit.level != Level.COMMUNE:
        return Violation(0, "unit", _("%(event)s: %(unit)s is not a commune") % {"event": label, "unit": unit})
    if not UnitClosure.objects.filter(ancestor_id=event.unit_id, descendant=unit).exists():
        return Violation(0, "unit", _("%(event)s: the commune %(unit)s does not lie in %(old)s")
                         % {"event": label, "unit": unit, "old": event.unit})
    return unit


def _record_again(event, unit, *, by, now, reason):
    """A copy of ``event`` (naming ``unit``) recorded now; the original voided."""
    copy = Event.objects.create(
        organization_id=event.organization_id, type=event.type, date=event.date, unit=unit, sector=event.sector,
        name=event.name, document=event.document, note=event.note, until=event.until, origin=event.origin,
        recorded_at=now, recorded_by=by,
    )
    EventSuccessor.objects.bulk_create(
        EventSuccessor(event=copy, organization_id=link.organization_id, position=link.position)
        for link in event.successor_links.all()
    )
    event.voided_at, event.voided_by, event.void_reason = now, by, reason
    event.save(update_fields=["voided_at", "voided_by", "void_reason"])
    return copy


@transaction.atomic
def recode(org, commune_code, *, by=None, channel=Channel.COMMAND, reason=""):
    """Re-code ``org`` to the commune ``commune_code`` (resolved on each re-recorded event's date).

    Raises :class:`LifecycleError` naming the organisation and every event the code does not fit;
    nothing is written then.
    """
    org = Organization.objects.select_for_update().get(pk=org.pk)
    targets = events_to_recode(org)
    if not targets:
        raise LifecycleError([Violation(0, "unit", _("%(org)s is already located to a commune") % {"org": org})],
                             org.code)
    code = (commune_code or "").strip()
    if not code:
        raise LifecycleError([Violation(0, "unit", _("give the code of the commune"))], org.code)
    communes, problems = {}, []
    for event in targets:
        found = _commune_for(event, code)
        if isinstance(found, Violation):
            problems.append(found)
        else:
            communes[event.pk] = found
    if problems:
        raise LifecycleError(problems, org.code)
    before = {"unit": org.unit.code, "events": [{"id": e.pk, "type": e.type, "date": e.date.isoformat(),
                                                  "unit": e.unit.code} for e in targets]}
    now = timezone.now()
    reason = reason.strip() or _("re-coded to the commune %(code)s") % {"code": code}
    dates = {e.date for e in targets}
    first_on = {}
    for e in targets:
        first_on.setdefault(e.date, (e.date, e.pk))
    created = []
    # Every non-voided event of a re-coded day from the first re-coded one on, in order (see module doc).
    for event in org.events.filter(voided_at__isnull=True, date__in=dates).order_by("date", "id"):
        if (event.date, event.pk) < first_on[event.date]:
            continue
        unit = communes.get(event.pk, event.unit)
        copy = _record_again(event, unit, by=by, now=now, reason=reason)
        if event.pk in communes:
            created.append(copy)
    rebuild_states([org.pk])
    org.refresh_from_db()
    audit.record(ACTION, org, before=before,
                 after={"unit": org.unit.code, "events": [{"id": e.pk, "type": e.type, "date": e.date.isoformat(),
                                                           "unit": e.unit.code} for e in created]},
                 user=by, channel=channel, note=reason)
    return Recoded(org, created)


def pending(organizations=None):
    """Organisations (of the given queryset) with a non-voided event naming a district or province with communes."""
    organizations = Organization.objects.all() if organizations is None else organizations
    return organizations.filter(
        events__voided_at__isnull=True, events__type__in=RECODED_EVENTS, events__unit__level__lt=Level.COMMUNE,
        events__unit__children__isnull=False,
    ).distinct()


@transaction.atomic
def recode_many(orgs, commune_code, *, by=None, channel=Channel.COMMAND, reason=""):
    """Re-code every organisation of ``orgs`` to one commune, all or nothing.

    Raises :class:`LifecycleError` listing, for every organisation the code does not fit, its code and why.
    """
    done, problems = [], []
    for org in orgs:
        try:
            with transaction.atomic():
                done.append(recode(org, commune_code, by=by, channel=channel, reason=reason))
        except LifecycleError as exc:
            problems += [Violation(0, v.field, f"{org.code}: {v.message}") for v in exc.violations]
    if problems:
        transaction.set_rollback(True)
        raise LifecycleError(problems)
    return done
