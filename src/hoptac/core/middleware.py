"""Request guards shared by every part of the site."""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import get_language


class BackOfficePolicyMiddleware:
    """The back office's Content-Security-Policy (``BACK_OFFICE_CONTENT_SECURITY_POLICY``).

    Sits just after Django's ContentSecurityPolicyMiddleware, which then sends the
    policy this sets on ``/admin/`` answers instead of ``SECURE_CSP``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            policy = settings.BACK_OFFICE_CONTENT_SECURITY_POLICY
            if settings.SECURE_CSP:
                response._csp_config = policy
            if settings.SECURE_CSP_REPORT_ONLY:
                response._csp_ro_config = policy
        return response


NUL = "\x00"
# Renderers of the refusal for parts of the site with their own error format
# (the API registers its problem documents): [(path prefix, function)].
REFUSAL_RENDERERS = []


def register_refusal(prefix, render):
    """``render(request, field, where)`` answers a refused request under ``prefix``
    (:func:`nul_message` says why)."""
    REFUSAL_RENDERERS.append((prefix, render))


def nul_message(field):
    return _("The value of “%(field)s” contains a NUL character (code 0), which no text may hold; remove it and "
             "send again.") % {"field": field}


def _nul_field(request):
    """(field, where) of the first value of the request holding a NUL character, or None."""
    if NUL in request.path:
        return "path", "path"
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in v for v in values):
            return name.replace(NUL, ""), "query"
    if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded",
                                                              "multipart/form-data"):
        for name, values in request.POST.lists():
            if NUL in name or any(NUL in v for v in values):
                return name.replace(NUL, ""), "form"
    return None


class RefuseNulMiddleware:
    """Refuse a request whose path, query string or form fields hold a NUL character.

    No text hoptac keeps may contain one: PostgreSQL refuses it (a server error
    when it reached a query) and SQLite stores it, after which exports and pages
    break. A 400 with one clear line, in the visitor's language, for every page;
    parts of the site with their own error format register a renderer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = _nul_field(request)
        if found is None:
            return self.get_response(request)
        field, where = found
        for prefix, render in REFUSAL_RENDERERS:
            if request.path.replace(NUL, "").startswith(prefix):
                return render(request, field, where)
        return HttpResponseBadRequest(f'<!doctype html><html lang="{escape(get_language())}"><meta charset="utf-8">'
                                      f'<title>400</title><p>{escape(nul_message(field))}</p></html>')
