"""Portal pages outside the Wagtail tree: the methodology page."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hoptac.core.vietnamese import fold
from hoptac.geo.models import Unit, UnitNotFound
from hoptac.portal import boundaries, explorer, methodology, recent, selectors, statistics
from hoptac.portal.models import ArticlePage, PortalSettings


@require_GET
def methodology_page(request):
    return render(request, "portal/methodology.html", {
        "general": methodology.GENERAL, "groups": methodology.GROUPS, "data_date": selectors.data_date(),
    })


@require_GET
def explorer_page(request):
    """The indicator explorer (``hoptac.portal.explorer``); ``format=csv|svg|png`` downloads what is shown."""
    site = PortalSettings.for_request(request)
    view = explorer.parse(request.GET, site)
    # SPEC §6: the public sees no aggregate over fewer than 3 reports; officers covering every unit shown do.
    public = not all(selectors.sees_small_figures(request.user, unit) for unit in view.units)
    explorer.compute(view, public=public)
    recent.note(recent.EXPLORER, site.site_id, request.GET)
    fmt = request.GET.get("format")
    name = f"hoptac-{view.indicator}-{'-'.join(u.code for u in view.units)}-{view.first}-{view.last}"
    downloads = {
        "csv": (explorer.csv_file, "text/csv; charset=utf-8"),
        "svg": (explorer.svg_file, "image/svg+xml"),
        "png": (lambda v: explorer.png_file(v, publisher=site.office or request.get_host()), "image/png"),
    }
    if fmt in downloads:
        make, content_type = downloads[fmt]
        response = HttpResponse(make(view), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response
    return render(request, "portal/explorer.html", {
        "view": view, "title": explorer.title(view), "chart": explorer.chart(view), "notes": explorer.notes(view),
        "territory_options": view.territory_options(),
        "indicators": explorer.indicator_choices(), "unit_groups": selectors.directory_units(site.province_code),
        "chosen_codes": [u.code for u in view.units], "data_date": selectors.data_date(),
        "permalink": request.build_absolute_uri(f"{request.path}?{view.query()}"),
        "max_units": explorer.MAX_UNITS, "slots": range(explorer.MAX_UNITS),
    })


@require_GET
def map_page(request):
    """A choropleth of an indicator over the units under the province (``?indicator=&date=``)."""
    portal_settings = PortalSettings.for_request(request)
    choices = explorer.indicator_choices()
    indicator = request.GET.get("indicator") or "htx.total"
    errors = []
    if indicator not in dict(choices):
        errors.append(_("Indicator: “%(code)s” is not an indicator of the list.") % {"code": indicator})
        indicator = "htx.total"
    try:
        date = selectors.parse_date(request.GET.get("date")) or boundaries.default_date()
    except ValueError:
        errors.append(_("The date “%(value)s” is not a date; use dd/mm/yyyy.") % {"value": request.GET.get("date")})
        date = boundaries.default_date()
    context = {"indicators": choices, "indicator": indicator, "date": date, "errors": errors,
               "data_date": selectors.data_date(), "loaded": boundaries.any_loaded()}
    if context["loaded"]:
        try:
            parent = Unit.objects.resolve(portal_settings.province_code, date)
        except UnitNotFound as exc:
            errors.append(str(exc))
            parent = None
        public = not selectors.sees_small_figures(request.user, parent)  # SPEC §6
        rows = boundaries.map_rows(parent, date, indicator, public=public) if parent else []
        title = f"{dict(choices)[indicator]} – {date.strftime('%d/%m/%Y')}"
        context.update(rows=rows, title=title, parent=parent, decimals=statistics.DECIMALS.get(indicator, 0),
                       withheld=any(selectors.withheld(value) for _u, _g, value in rows),
                       svg=boundaries.choropleth(title, rows, statistics.DECIMALS.get(indicator, 0)) if rows else "")
    return render(request, "portal/map.html", context)


SEARCH_LIMIT = 20


@require_GET
def search_page(request):
    """One search over news, documents and organisations, forgiving diacritics and case."""
    query = (request.GET.get("q") or "").strip()[:120]
    results = {"news": [], "documents": [], "organizations": [], "organizations_count": 0}
    if query:
        key = fold(query)
        articles = ArticlePage.objects.live().public().order_by("-date", "-pk").only("title", "lead", "date")
        results["news"] = [a for a in articles if key in fold(a.title) or key in fold(a.lead)][:SEARCH_LIMIT]
        results["documents"] = [d for d in selectors.policy_documents()
                                if key in fold(f"{d.number} {d.title} {d.summary} {d.issuer}")][:SEARCH_LIMIT]
        organizations = selectors.directory(query)
        results["organizations_count"] = len(organizations)
        results["organizations"] = organizations[:SEARCH_LIMIT]
    return render(request, "portal/search.html", {"query": query, **results})
