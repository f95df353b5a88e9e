"""A WSGI wrapper that answers cached public pages without entering Django.

    application = hoptac.portal.fastpath.wrap(get_wsgi_application())

A request is answered here only when it is an anonymous GET/HEAD (no session
cookie) of a page the portal has already rendered and cached; anything else —
first views, signed-in editors, downloads, the admin, the API, a request that
Django would redirect to HTTPS — goes to Django unchanged (``application``
logs and counts those; the fast path its own answers, the same way). Each process keeps
the pages it served in memory for a few seconds and looks at the shared cache
version at most once a second, so a :func:`hoptac.portal.cache.bump` shows
everywhere within a second. Page views are counted exactly as in Django.
"""

import gzip
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.signals import setting_changed

from hoptac.ops import wsgi as observed
from hoptac.portal import cache, counter
from hoptac.portal.middleware import SKIP_PREFIXES

LOCAL_TTL = 5.0
VERSION_TTL = 1.0
LOCAL_ENTRIES = 256


class FastPath:
    def __init__(self, application):
        self.application = application
        self._pages = OrderedDict()  # key -> (content, content type, stored at)
        self._lock = threading.Lock()
        self._token, self._token_at = None, 0.0
        self._read_settings()
        setting_changed.connect(self._read_settings, weak=False)

    def _read_settings(self, **_signal):
        """The settings read on every request, kept as plain attributes (settings lookups cost)."""
        self._session_cookie = settings.SESSION_COOKIE_NAME
        self._ssl_redirect = settings.SECURE_SSL_REDIRECT
        self._proxy_header = settings.SECURE_PROXY_SSL_HEADER
        self._hsts = self._hsts_header()
        self._language = settings.LANGUAGE_CODE
        self._headers = self._security_headers()
        # key -> (counter HTML, page with it, its headers) for the last counter HTML; emptied when the settings
        # change, since the headers follow them
        self._filled = {}

    @staticmethod
    def _hsts_header():
        """Strict-Transport-Security as Django's SecurityMiddleware sends it (None when off)."""
        seconds = settings.SECURE_HSTS_SECONDS
        if not seconds:
            return None
        value = f"max-age={seconds}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            value += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            value += "; preload"
        return value

    @staticmethod
    def _security_headers():
        """The headers Django's middleware would add to a public page (cached pages use no nonce)."""
        from django.utils.csp import CSP, build_policy

        headers = [("X-Content-Type-Options", "nosniff"), ("Vary", "Accept-Encoding, Cookie, Accept-Language")]
        if settings.SECURE_CSP:
            headers.append((str(CSP.HEADER_ENFORCE), build_policy(settings.SECURE_CSP)))
        if settings.SECURE_CSP_REPORT_ONLY:
            headers.append((str(CSP.HEADER_REPORT_ONLY), build_policy(settings.SECURE_CSP_REPORT_ONLY)))
        if settings.X_FRAME_OPTIONS:
            headers.append(("X-Frame-Options", settings.X_FRAME_OPTIONS))
        if settings.SECURE_REFERRER_POLICY:
            headers.append(("Referrer-Policy", settings.SECURE_REFERRER_POLICY))
        if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
            headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
        return headers

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        rid = observed.request_id(environ)  # first, for any line logged on the way (Django's layer keeps it)
        cookies = _cookies(environ)
        hit = self._eligible(environ, cookies) and self._lookup(environ)
        if not hit:
            return self.application(environ, start_response)
        try:
            body = self._answer(environ, start_response, cookies, hit, rid)
        except BaseException:
            observed.finish(environ, rid, 500, started)
            raise
        observed.finish(environ, rid, 200, started)
        return body

    def _answer(self, environ, start_response, cookies, hit, rid):
        """The cached page, with the visitor counter filled in and the view counted."""
        content, content_type, local_key = hit
        secure = self._is_secure(environ)
        new_cookie = counter.visitors.record_view(environ.get("HTTP_USER_AGENT", ""), cookies.get(counter.COOKIE, ""),
                                                  secure)
        language = "en" if environ.get("PATH_INFO", "").startswith("/en/") else self._language
        compressed = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
        content, headers = self._with_counter(local_key, content, content_type, language,
                                              counter.counter_html(language), compressed)
        headers = list(headers)
        if secure and self._hsts:
            headers.append(("Strict-Transport-Security", self._hsts))
        if new_cookie:
            value, max_age = new_cookie
            flags = "; Secure" if secure else ""
            headers.append(("Set-Cookie", f"{counter.COOKIE}={value}; Max-Age={max_age}; Path=/; HttpOnly; "
                                          f"SameSite=Lax{flags}"))
        headers.append(("X-Request-ID", rid))
        start_response("200 OK", headers)
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [content]

    def _with_counter(self, local_key, content, content_type, language, html, compressed=False):
        """The page with the counter filled in, gzipped if asked, and the headers every visitor gets with it;
        reused while the counter HTML is the same object.

        A page is compressed, and its headers made, at most once per counter refresh (a second), not per request.
        """
        key = (local_key, compressed)
        filled = self._filled.get(key)
        if filled is not None and filled[0] is html:
            return filled[1], filled[2]
        marker = cache.COUNTER_PLACEHOLDER.encode()
        page = content.replace(marker, html, 1) if marker in content else content
        if compressed:
            page = gzip.compress(page, compresslevel=6, mtime=0)
        headers = (("Content-Type", content_type), ("Content-Length", str(len(page))), *self._headers,
                   ("Content-Language", language), *((("Content-Encoding", "gzip"),) if compressed else ()))
        with self._lock:
            self._filled[key] = (html, page, headers)
            if len(self._filled) > LOCAL_ENTRIES * 2:
                self._filled.clear()
        return page, headers

    def _eligible(self, environ, cookies):
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return False
        path = environ.get("PATH_INFO", "")
        if path.startswith(SKIP_PREFIXES) or "format=" in environ.get("QUERY_STRING", ""):
            return False
        if self._session_cookie in cookies:
            return False  # perhaps signed in: Django decides
        if self._ssl_redirect and not self._is_secure(environ):
            return False
        return True

    def _is_secure(self, environ):
        if environ.get("wsgi.url_scheme") == "https":
            return True
        proxy = self._proxy_header
        return bool(proxy) and environ.get(proxy[0]) == proxy[1]

    def _version(self):
        now = time.monotonic()
        if self._token is None or now - self._token_at > VERSION_TTL:
            self._token, self._token_at = cache.version(), now
        return self._token

    def _lookup(self, environ):
        raw_path, query = environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        # The request as it came (the same page asked with its parameters in another
        # order is another entry here, and one entry in the shared cache).
        local_key = (self._version(), host, raw_path, query)
        now = time.monotonic()
        found = self._pages.get(local_key)
        if found is not None and now - found[2] < LOCAL_TTL:
            return found[0], found[1], local_key
        # Django decodes PATH_INFO from latin-1 bytes to UTF-8 text; do the same.
        path = raw_path.encode("latin-1").decode("utf-8", "replace")
        language = "en" if path.startswith("/en/") else self._language
        params = dict(parse_qsl(query, keep_blank_values=True))
        shared = cache.lookup(path, params.items(), language, host)
        if shared is None:
            return None
        with self._lock:
            self._pages[local_key] = (shared[0], shared[1], now)
            self._pages.move_to_end(local_key)
            while len(self._pages) > LOCAL_ENTRIES:
                self._pages.popitem(last=False)
        return shared[0], shared[1], local_key


def _cookies(environ):
    raw = environ.get("HTTP_COOKIE", "")
    if not raw:
        return {}
    out = {}
    for part in raw.split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            out[name] = value
    return out


def wrap(application):
    return FastPath(application)
