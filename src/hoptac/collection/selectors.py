"""Read-side helpers for the back-office pages."""

from django.db.models import Max, OuterRef, Subquery

from hoptac.registry.models import AnnualReport

from .workflow import figures_of


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
    return figures_of(AnnualReport.objects.filter(organization=organization, year=year - 1, in_force=True).first())


def latest_year(default):
    value = AnnualReport.objects.aggregate(y=Max("year"))["y"]
    return value or default
