"""Read-side helpers for the back-office pages."""

from django.db.models import Max, OuterRef, Subquery

from hoptac.accounts import policy
from hoptac.geo.models import Unit
from hoptac.registry.models import AnnualReport, Organization

from .completeness import year_end


def with_report_status(organizations, year):
    """``organizations`` annotated with the latest revision's status, revision and pk for ``year``."""
    latest = AnnualReport.objects.filter(organization=OuterRef("pk"), year=year).order_by("-revision")
    return organizations.annotate(
        report_status=Subquery(latest.values("status")[:1]),
        report_revision=Subquery(latest.values("revision")[:1]),
    )


def revisions(organization, year):
    return (AnnualReport.objects.filter(organization=organization, year=year)
            .select_related("created_by", "submitted_by", "verified_by", "approved_by", "returned_by")
            .prefetch_related("steps__by").order_by("-revision"))


def last_year_figures(organization, year):
    from .workflow import figures_of

    return figures_of(AnnualReport.objects.filter(organization=organization, year=year - 1, in_force=True).first())


def unit_choices(user, year):
    """Units worth offering for a unit-and-year form: the user's units (and the ones just below),
    or, for the whole province, the provinces and districts that hold organisations."""
    on = year_end(year)
    scope = policy.scope_unit_ids(user)
    if scope is None:
        holding = Organization.objects.values("unit_id")
        return Unit.objects.on(on).filter(level__lte=2, closure_descendants__descendant_id__in=holding).distinct()
    own = user.hoptac_profile.units.all()
    return (Unit.objects.on(on).filter(pk__in=scope).filter(level__lte=3)
            .filter(pk__in=own) | Unit.objects.on(on).filter(parent__in=own)).distinct().order_by("level", "code")


def latest_year(default):
    value = AnnualReport.objects.aggregate(y=Max("year"))["y"]
    return value or default
