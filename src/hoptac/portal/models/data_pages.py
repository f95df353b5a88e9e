"""Pages over the register: statistics, the directory of organisations, documents."""

from urllib.parse import unquote

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from hoptac.geo.models import UnitNotFound
from hoptac.portal import exports, selectors, recent, statistics
from hoptac.portal.models.base import CachedPage
from hoptac.portal.models.site import PortalSettings

DIRECTORY_PER_PAGE = 25


class StatisticsPage(CachedPage, Page):
    """Indicators of a unit on a date (``?unit=&date=&since=&baseline_year=``), with downloads."""

    intro = models.TextField(gettext_lazy("introduction"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1
    cache_params = ("unit", "date", "since", "baseline_year", "territory_of", "as_recorded", "drill")

    class Meta:
        verbose_name = gettext_lazy("statistics page")

    def get_template(self, request, *args, **kwargs):
        if selectors.drillable(request.GET.get("drill", "")):
            return "portal/statistics_drill.html"
        return super().get_template(request, *args, **kwargs)

    def serve(self, request, *args, **kwargs):
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            portal_settings = PortalSettings.for_request(request)
            choice = statistics.parse(request.GET, portal_settings)
            public = not selectors.sees_small_figures(request.user, choice.unit)
            tables = statistics.build(choice, portal_settings, public=public)
            filename = f"hoptac-thong-ke-{choice.unit_code}-{choice.date.isoformat()}"
            return (exports.csv_response if fmt == "csv" else exports.xlsx_response)(tables, filename)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        portal_settings = PortalSettings.for_request(request)
        choice = statistics.parse(request.GET, portal_settings)
        context["data_date"] = selectors.data_date()
        code = request.GET.get("drill", "")
        if selectors.drillable(code) and choice.unit is not None:
            # The organisations behind one public count (SPEC §3, §6): registration facts only.
            rows = selectors.drill(choice.unit, choice.date, code, choice.since, choice.territory_of,
                                   choice.as_recorded)
            context.update(choice=choice, drill_code=code, drill_title=statistics.drill_title(code),
                           drill_rows=rows, back_url=f"{self.get_url(request)}?{choice.querystring()}")
            return context
        # SPEC §6: the public sees no aggregate over fewer than 3 reports; officers of the unit do.
        public = not selectors.sees_small_figures(request.user, choice.unit)
        recent.note(recent.STATISTICS, portal_settings.site_id, request.GET)
        context.update(
            choice=choice,
            tables=statistics.build(choice, portal_settings, page_url=self.get_url(request), public=public),
            unit_choices=selectors.unit_choices(portal_settings.province_code, choice.date),
            values=statistics.values_of(choice, public),
        )
        return context


class DirectoryPage(CachedPage, Page):
    """The public directory: search and filters; ``<code>/`` is an organisation's profile."""

    intro = models.TextField(gettext_lazy("introduction"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1
    cache_params = ("q", "unit", "sector", "kind", "status", "page")

    class Meta:
        verbose_name = gettext_lazy("directory of organisations")

    def route(self, request, path_components):
        if len(path_components) == 1 and self.live:
            return RouteResult(self, kwargs={"code": unquote(path_components[0])})
        return super().route(request, path_components)

    def get_template(self, request, *args, **kwargs):
        if kwargs.get("code"):
            return "portal/organization_profile.html"
        return super().get_template(request, *args, **kwargs)

    def get_context(self, request, *args, code=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if code:
            profile = selectors.organization_profile(code)
            if profile is None:
                raise Http404(_("No organisation has the registration number %(code)s.") % {"code": code})
            context["profile"] = profile
            return context
        portal_settings = PortalSettings.for_request(request)
        get = request.GET
        filters = {key: (get.get(key) or "").strip()[:120] for key in ("q", "unit", "sector", "kind", "status")}
        error = None
        try:
            orgs = selectors.directory(filters["q"], filters["unit"], filters["sector"], filters["kind"],
                                       filters["status"])
        except UnitNotFound as exc:
            error = _("Unit: %(problem)s.") % {"problem": exc}
            filters["unit"] = ""
            orgs = selectors.directory(filters["q"], "", filters["sector"], filters["kind"], filters["status"])
        paginator = Paginator(orgs, DIRECTORY_PER_PAGE)
        try:
            page = paginator.page(get.get("page", 1))
        except PageNotAnInteger:
            page = paginator.page(1)
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
        context.update(
            filters=filters,
            error=error,
            organizations=page,
            paginator=paginator,
            unit_choices=selectors.directory_units(portal_settings.province_code),
            kinds=selectors.KINDS,
            sectors=selectors.SECTORS,
            statuses=selectors.STATUSES,
            query_without_page="&".join(f"{k}={v}" for k, v in filters.items() if v),
        )
        return context


class DocumentsPage(CachedPage, Page):
    """Published review reports and the policy documents the province follows."""

    intro = models.TextField(gettext_lazy("introduction"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = gettext_lazy("reports and documents page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["reports"] = selectors.published_reports()
        context["documents"] = selectors.policy_documents()
        return context
