"""How fresh the register is: the day of its latest recorded change (for "data as of")."""

from django.db.models import Max
from django.utils import timezone

from hoptac.registry.models import AnnualReport, Event, Organization


def latest_change():
    """The day of the latest change recorded in the register (organisations, events, approvals)."""
    stamps = [
        Organization.objects.aggregate(m=Max("updated_at"))["m"],
        Event.objects.aggregate(m=Max("recorded_at"))["m"],
        AnnualReport.objects.aggregate(m=Max("approved_at"))["m"],
    ]
    stamps = [s for s in stamps if s]
    return timezone.localdate(max(stamps)) if stamps else timezone.localdate()
