"""The product's own short guide, in the back office (``/admin/help/``), readable offline.

One page per task an officer does, written per language (``core/help/<lang>/<topic>.html``);
Wagtail's help menu, which links to Wagtail's guide on the internet, is replaced by
this one (closed office networks cannot reach the internet).
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# slug -> title, in reading order
TOPICS = {
    "bat-dau": _("Signing in and finding your way"),
    "so-dang-ky": _("The register: organisations and events"),
    "bao-cao-nam": _("Annual reports: the form, Excel and review"),
    "bao-cao-tong-ket": _("Review reports: make, preview, publish, withdraw"),
    "tin-tuc": _("Portal news"),
}


def _lang():
    return "en" if (get_language() or "").startswith("en") else "vi"


def index(request):
    return render(request, "core/help/index.html", {"topics": TOPICS.items()})


def topic(request, slug):
    if slug not in TOPICS:
        raise Http404
    return render(request, "core/help/topic.html", {
        "title": TOPICS[slug], "body": f"core/help/{_lang()}/{slug}.html", "topics": TOPICS.items(), "slug": slug,
    })
