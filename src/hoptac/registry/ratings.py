"""The Department's yearly rating of an organisation (SPEC §2 v2).

A rating belongs to the organisation and year, not to a report revision. Recording a
new one supersedes the current one (its ``superseded_at`` is set, it stays as history
for vintages); every change is audited. Only province officers (and administrators)
rate: the policy's ``rate`` action.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.accounts import policy
from hoptac.audit import trail as audit
from hoptac.registry.models import Organization, Rating, YearRating


def current(organization, year):
    return YearRating.objects.filter(organization=organization, year=year, superseded_at__isnull=True).first()


def history(organization, year=None):
    qs = YearRating.objects.filter(organization=organization).select_related("recorded_by")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-recorded_at", "-pk")


def record(user, organization, year, rating, *, channel, now=None):
    """Record ``rating`` for ``organization`` and ``year``; returns the rating in force.

    Raises PermissionDenied for anyone but a province officer or an administrator, and
    ValidationError (a message naming the field) for an unknown rating or a year the
    organisation did not exist in or that has not begun.
    """
    if not policy.can(user, policy.RATE, organization):
        raise PermissionDenied(_("Only officers of the Department rate organisations."))
    if rating not in Rating.values:
        raise ValidationError({"rating": _("“%(value)s” is not a rating; use %(ratings)s.")
                               % {"value": rating, "ratings": ", ".join(Rating.values)}})
    this_year = timezone.localdate().year
    if not organization.established_on.year <= year <= this_year:
        raise ValidationError({"year": _("%(year)s: a rating is for a year from %(first)s, when the organisation "
                                         "was established, to %(last)s.")
                               % {"year": year, "first": organization.established_on.year, "last": this_year}})
    now = now or timezone.now()
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()  # one writer per organisation
        before = current(organization, year)
        if before is not None and before.rating == rating:
            return before
        if before is not None:
            before.superseded_at = now
            before.save(update_fields=["superseded_at"])
        after = YearRating.objects.create(organization=organization, year=year, rating=rating, recorded_at=now,
                                          recorded_by=user)
        audit.record("registry.rating.recorded", after, channel=channel, user=user,
                     before={"year": year, "rating": before.rating} if before else None,
                     after={"year": year, "rating": rating})
    return after
