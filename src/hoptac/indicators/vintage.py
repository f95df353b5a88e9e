"""Vintages (SPEC §3, as recorded): the rows the engine reads, today or as the register held them at R.

Every indicator query goes through a :class:`Vintage`. Today's (``Vintage(None)``) gives exactly
the filters the engine always used — the current state rows, the revisions ``in_force``, the
events not voided, the current ratings, macro data and windows — so today's answers and their
speed do not change. ``Vintage(R)`` reads, with the same queries:

* state rows from ``OrganizationStateVersion`` recorded at or before R and not superseded by then
  (the states the events known at R give; organisations recorded after R have none);
* report revisions approved at or before R and not superseded by then;
* events recorded at or before R and not voided by then;
* ratings, macro data, targets and reporting windows recorded at or before R and not superseded by then;
* first submissions made at or before R, of revisions recorded by then (on-time reporting).
"""

from django.db.models import Q

from hoptac.registry.models import (
    Grdp,
    OrganizationState,
    OrganizationStateVersion,
    ReportingWindow,
    Target,
    recorded_as_of,
)


class Vintage:
    """Which rows an answer reads: today's (``moment`` None) or those in force at ``moment``."""

    def __init__(self, moment=None):
        self.moment = moment

    @property
    def today(self):
        return self.moment is None

    def __repr__(self):
        return "Vintage(today)" if self.today else f"Vintage({self.moment.isoformat()})"

    # --- state rows ---------------------------------------------------------------

    @property
    def states(self):
        """The state rows to count over (a queryset with ``on``/``in_scope``)."""
        if self.today:
            return OrganizationState.objects.all()
        return OrganizationStateVersion.objects.as_recorded(self.moment)

    @property
    def prefix(self):
        """The path from an organisation-owned row (report, event, rating) to its state rows."""
        return "organization__states__" if self.today else "organization__state_versions__"

    def state_q(self, prefix=None):
        """The condition on the state rows joined through ``prefix`` (nothing today)."""
        if self.today:
            return Q()
        return recorded_as_of(self.moment, self.prefix if prefix is None else prefix)

    def first_q(self, prefix=""):
        """State rows that begin with the establishment (the first interval), on a versions queryset.
        Today's queries keep their own reading (``valid_from = established_on`` or the anti-join)."""
        return Q(**{f"{prefix}is_first": True})

    # --- other rows ---------------------------------------------------------------------

    def reports(self, prefix=""):
        """Annual report revisions in force."""
        if self.today:
            return Q(**{f"{prefix}in_force": True})
        return recorded_as_of(self.moment, prefix, "approved_at", "superseded_at")

    def events(self, prefix=""):
        """Events in the register (not voided)."""
        if self.today:
            return Q(**{f"{prefix}voided_at__isnull": True})
        return recorded_as_of(self.moment, prefix, "recorded_at", "voided_at")

    def ratings(self, prefix=""):
        """Current ratings."""
        if self.today:
            return Q(**{f"{prefix}superseded_at__isnull": True})
        return recorded_as_of(self.moment, prefix)

    def submissions(self):
        """Report revisions whose first-submission moment was known."""
        if self.today:
            return Q(first_submitted_at__isnull=False)
        return Q(first_submitted_at__isnull=False, first_submitted_at__lte=self.moment, created_at__lte=self.moment)

    @property
    def macro(self):
        return Grdp.objects.all() if self.today else Grdp.objects.as_recorded(self.moment)

    @property
    def targets(self):
        return Target.objects.all() if self.today else Target.objects.as_recorded(self.moment)

    @property
    def windows(self):
        return ReportingWindow.objects.all() if self.today else ReportingWindow.objects.as_recorded(self.moment)


TODAY = Vintage(None)


def of(as_recorded):
    """The vintage of an ``as_recorded`` argument (None, a moment, or a Vintage)."""
    if isinstance(as_recorded, Vintage):
        return as_recorded
    return TODAY if as_recorded is None else Vintage(as_recorded)
