"""Portal pages outside the Wagtail tree: the methodology page."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from hoptac.portal import methodology, selectors


@require_GET
def methodology_page(request):
    return render(request, "portal/methodology.html", {
        "general": methodology.GENERAL, "groups": methodology.GROUPS, "data_date": selectors.data_date(),
    })
