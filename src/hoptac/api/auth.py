"""Who is calling: a user through an API token, or the anonymous public.

``Bearer`` accepts ``Authorization: Bearer <token>``; a header with a wrong or
revoked token is refused (401) rather than treated as anonymous, so a client
never silently loses its rights. ``Public`` lets anonymous callers in and
applies the per-IP rate limit. Read endpoints use ``[Bearer(), Public()]``,
write endpoints ``[Bearer()]``.
"""

import math
import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from hoptac.core import clients

from .models import ApiToken
from .problems import Problem

# Refresh last_used_at at most this often (seconds): one write per token per minute.
LAST_USED_GRANULARITY = 60


class Bearer(HttpBearer):
    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header and not header.lower().startswith("bearer "):
            raise Problem(401, _("The Authorization header must be 'Bearer <token>'."),
                          headers={"WWW-Authenticate": 'Bearer realm="hoptac"'})
        return super().__call__(request)

    def authenticate(self, request, token):
        found = ApiToken.objects.find(token.strip())
        if found is None:
            raise Problem(401, _(
                "This API token is not valid: it was revoked, mistyped, or its user was deactivated. "
                "Create a new one in the back office under 'API tokens'."
            ), kind="invalid-token", headers={"WWW-Authenticate": 'Bearer realm="hoptac", error="invalid_token"'})
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.api_token = found
        request.user = found.user
        return found.user


class Public:
    """Anonymous access to public data, rate-limited per client address."""

    def __call__(self, request):
        check_rate(request)
        request.api_token = None
        return AnonymousUser()


def client_ip(request):
    """The caller's address, behind ``HOPTAC_TRUSTED_PROXIES`` too (see :mod:`hoptac.core.clients`)."""
    return clients.client_ip(request) or "unknown"


def check_rate(request):
    """Sliding-window limit: the previous window counts in proportion to its overlap.

    Two cache counters per address (current and previous fixed window) give an
    estimate of the requests in the last ``window`` seconds without storing
    every timestamp; over the limit, 429 with the seconds until one is freed.
    """
    limit = settings.HOPTAC_API_ANON_RATE
    window = settings.HOPTAC_API_ANON_WINDOW
    if not limit:
        return
    now = time.time()
    current = int(now // window)
    elapsed = now - current * window
    key = f"hoptac-api-rate:{client_ip(request)}:"
    previous_count = cache.get(key + str(current - 1), 0)
    count = cache.get(key + str(current), 0)
    weight = 1 - elapsed / window
    estimate = previous_count * weight + count
    if estimate + 1 > limit:
        # Time until the previous window's share drops enough, or until this window ends.
        if previous_count and count < limit:
            need = (estimate + 1 - limit) / previous_count * window
            wait = max(1, math.ceil(need))
        else:
            wait = max(1, math.ceil(window - elapsed))
        raise Problem(429, _(
            "Too many requests from your address: anonymous callers may make %(limit)s requests per "
            "%(window)s seconds. Wait %(wait)s seconds, or use an API token."
        ) % {"limit": limit, "window": window, "wait": wait}, kind="rate-limited", headers={"Retry-After": str(wait)})
    try:
        cache.incr(key + str(current))
    except ValueError:
        cache.set(key + str(current), 1, timeout=window * 2 + 1)


READ = [Bearer(), Public()]
WRITE = [Bearer()]


def require_writable(request):
    token = getattr(request, "api_token", None)
    if token is not None and token.read_only:
        raise Problem(403, _("This API token is read-only; create a token without 'read only' to make changes."),
                      kind="read-only-token")
