from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import pgettext
from wagtail.models import Site

from hoptac.core import numbers
from hoptac.indicators.documents import SUPPRESSED_MARK, SUPPRESSED_NOTE
from hoptac.portal import models
from hoptac.portal.models import DirectoryPage, DocumentsPage, HomePage, NewsIndexPage, StatisticsPage
from hoptac.portal.selectors import withheld
from hoptac.registry import vocabulary

register = template.Library()


def _withheld():
    """A figure withheld from the public (SPEC §6): the mark and its note, the same everywhere."""
    return format_html('<span class="withheld">{}<small class="withheld__note"> ({})</small></span>',
                       SUPPRESSED_MARK, SUPPRESSED_NOTE)


@register.filter
def num(value, decimals=None):
    """A number in the active language's format (62.950; 34,83); '–' for none; a withheld figure
    as "—" with its note.

    Integers are grouped; other numbers get ``decimals`` places (default 1).
    """
    if withheld(value) or withheld(getattr(value, "value", None)):
        return _withheld()
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return numbers.localized(value)
    if isinstance(value, float | Decimal):
        return numbers.localized(value, 1 if decimals is None else int(decimals))
    return value


@register.filter
def cell(value):
    """A table cell: a Figure with its own decimals, other numbers as :func:`num`."""
    places = getattr(value, "places", None)
    if places is not None:
        return num(value.value, places)
    if isinstance(value, float | Decimal):
        return num(value, 2)
    return num(value)


@register.simple_tag(takes_context=True)
def other_language(context):
    """(code, name, url) of the other language's version of this page (vi at /, en at /en/)."""
    request = context["request"]
    path = request.get_full_path()
    if get_language() == "en":
        target = path[3:] if path.startswith("/en/") else "/"
        return {"code": "vi", "name": "Tiếng Việt", "url": target or "/"}
    return {"code": "en", "name": "English", "url": "/en" + path}


@register.simple_tag(takes_context=True)
def portal_nav(context):
    """The site's main sections with translated labels, in a fixed order."""
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return []
    home = site.root_page
    labels = [
        (HomePage, pgettext("portal", "Home")),
        (NewsIndexPage, pgettext("portal", "News")),
        (StatisticsPage, pgettext("portal", "Statistics")),
        (DirectoryPage, pgettext("portal", "Directory")),
        (DocumentsPage, pgettext("portal", "Reports and documents")),
    ]
    current = context.get("page")
    items = []
    for model, label in labels:
        page = home if model is HomePage else model.objects.live().child_of(home).first()
        if page is None:
            continue
        active = current is not None and (
            current.pk == page.pk or (model is not HomePage and current.path.startswith(page.path))
        )
        items.append({"url": page.get_url(request), "label": label, "active": active})
    return items


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def minus(a, b):
    return a - b


@register.filter
def negate(a):
    return -a


SECTION_MODELS = {
    "news": "NewsIndexPage",
    "statistics": "StatisticsPage",
    "directory": "DirectoryPage",
    "documents": "DocumentsPage",
}


@register.simple_tag(takes_context=True)
def portal_section(context, name):
    """URL of a section of the portal (news, statistics, directory, documents), or ''."""
    model = getattr(models, SECTION_MODELS[name])
    page = model.objects.live().first()
    return page.get_url(context["request"]) if page else ""


@register.filter
def label(code, family):
    """Display name of a kind, sector, status or event code: ``org.kind|label:"kinds"``."""
    return vocabulary.label(family, code)


@register.filter
def get_index(sequence, index):
    """``sequence[index]``, or None past its end."""
    try:
        return sequence[index]
    except (IndexError, TypeError):
        return None
