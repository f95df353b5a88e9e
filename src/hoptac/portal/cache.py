"""Whole-page cache for the public portal.

A public page is rendered once per (cache version, language, path, accepted
query parameters, day) and served from the cache after that. The version is a
random token in the cache: :func:`bump` replaces it, which makes every cached
page stale at once without enumerating keys (works with Redis and with the file
cache, across processes). Call :func:`bump` after any write that changes what
the public sees — registry lifecycle writes, imports, report approvals; page
publication and site settings are wired here by signals.

Cached HTML keeps a placeholder for the visitor counter, filled in on each
request, so the counter stays live while the page is cached.
"""

import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.utils import timezone

from hoptac.core import cache_version
from hoptac.registry.signals import register_changed

VERSION_KEY = "portal:version"
PAGE_TTL = 10 * 60  # a backstop: data written without a bump shows within 10 minutes
COUNTER_PLACEHOLDER = "<!--hoptac:visitor-counter-->"


def bump():
    """Invalidate every cached public page (call after data or page changes)."""
    cache_version.bump(VERSION_KEY)


def _register_changed(sender, **kwargs):
    bump()


def listen_to_register():
    """Make every cached page stale on each change to the register. Needs no Wagtail: a lean
    command start (``hoptac import``) connects it too."""
    register_changed.connect(_register_changed, dispatch_uid="portal-cache-register")


def version():
    return cache_version.current(VERSION_KEY)


def params_key(path):
    return "portal:params:" + hashlib.sha256(path.encode()).hexdigest()[:32]


def remember_params(path, params):
    """Note which query parameters the page at ``path`` reads, for :func:`lookup`."""
    cache.set(params_key(path), tuple(params), PAGE_TTL)


def lookup(path, query_items, language, host):
    """The cached (content, content type) of a page view, or None.

    Two cache reads and no database query: this runs before Wagtail routes the
    request, using the parameters the page declared when it was first rendered.
    """
    found = cache.get_many([VERSION_KEY, params_key(path)])
    token, params = found.get(VERSION_KEY), found.get(params_key(path))
    if token is None or params is None:
        return None
    return cache.get(key_for(path, query_items, params, language, host, token))


def lookup_request(request):
    return lookup(request.path, request.GET.items(), getattr(request, "LANGUAGE_CODE", ""), request.get_host())


def page_key(request, params):
    """The cache key of a page view: host, URL path, the page's own query parameters, language, day."""
    return key_for(request.path, request.GET.items(), params, getattr(request, "LANGUAGE_CODE", ""),
                   request.get_host(), version())


def key_for(path, query_items, params, language, host, token):
    query = urlencode(sorted((k, v) for k, v in query_items if k in params and v))
    raw = f"{host}|{path}?{query}|{language}|{timezone.localdate().isoformat()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"portal:page:{token}:{digest}"


def cacheable(request):
    """Only anonymous GETs are cached: editors see the userbar and previews live."""
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def get(key):
    return cache.get(key)


def put(key, response):
    cache.set(key, (response.content, response["Content-Type"]), PAGE_TTL)
