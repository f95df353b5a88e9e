"""Predecessors and successors of an organisation: the reorganisations that link it to others (SPEC §2 v2).

One reader for the back office's organisation page, the portal's directory profile and the
drill-through, so that each shows the same links. Voided events link nothing.
"""

from dataclasses import dataclass

from hoptac.registry.models import EventSuccessor


@dataclass(frozen=True)
class Link:
    """Another organisation linked by a reorganising event (``event`` is that event's type)."""

    event: str
    event_label: str
    date: object
    organization: object


def _live(queryset):
    return queryset.filter(event__voided_at__isnull=True).select_related("event", "event__organization", "organization")


def predecessors(org):
    """The organisations whose reorganisation named ``org`` as a successor, by date."""
    links = _live(EventSuccessor.objects.filter(organization=org)).order_by("event__date", "event__organization__code")
    return [Link(s.event.type, s.event.get_type_display(), s.event.date, s.event.organization) for s in links]


def successors(org):
    """The organisations ``org``'s reorganisations named as successors, by date and then in the record's order."""
    links = _live(EventSuccessor.objects.filter(event__organization=org)).order_by("event__date", "event_id", "position")
    return [Link(s.event.type, s.event.get_type_display(), s.event.date, s.organization) for s in links]


def successor_codes(events):
    """``{event id: [successor code, …]}`` for ``events``, in the record's order."""
    out = {}
    for event_id, code in EventSuccessor.objects.filter(event__in=[e.pk for e in events]).order_by(
            "event_id", "position").values_list("event_id", "organization__code"):
        out.setdefault(event_id, []).append(code)
    return out
