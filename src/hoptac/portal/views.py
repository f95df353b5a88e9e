"""Portal pages outside the Wagtail tree: the methodology page."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hoptac.portal import methodology, selectors


@require_GET
def methodology_page(request):
    return render(request, "portal/methodology.html", {
        "general": methodology.GENERAL, "groups": methodology.GROUPS, "data_date": selectors.data_date(),
    })


@require_GET
def explorer_page(request):
    """The indicator explorer (``hoptac.portal.explorer``); ``format=csv|svg`` downloads what is shown."""
    from hoptac.portal import explorer
    from hoptac.portal.models import PortalSettings

    view = explorer.compute(explorer.parse(request.GET, PortalSettings.for_request(request)))
    fmt = request.GET.get("format")
    name = f"hoptac-{view.indicator}-{'-'.join(u.code for u in view.units)}-{view.first}-{view.last}"
    if fmt in ("csv", "svg"):
        body = explorer.csv_file(view) if fmt == "csv" else explorer.svg_file(view)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8" if fmt == "csv" else "image/svg+xml")
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response
    return render(request, "portal/explorer.html", {
        "view": view, "title": explorer.title(view), "chart": explorer.chart(view),
        "indicators": explorer.indicator_choices(), "unit_groups": selectors.directory_units(
            PortalSettings.for_request(request).province_code),
        "chosen_codes": [u.code for u in view.units], "data_date": selectors.data_date(),
        "permalink": request.build_absolute_uri(f"{request.path}?{view.query()}"),
        "max_units": explorer.MAX_UNITS, "slots": range(explorer.MAX_UNITS),
    })
