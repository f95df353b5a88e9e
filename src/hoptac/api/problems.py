"""Errors as ``application/problem+json`` (RFC 9457).

Every error the API returns — ours, Django's 404, ninja's validation and
authentication errors, the domain's refusals — goes through :func:`problem`, so
a client always gets ``type``, ``title``, ``status``, ``detail`` and
``instance``, and for invalid input an ``errors`` list naming the field (and,
for files, the row and column).
"""

import json
import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger("hoptac.api")

CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "/api/v1/problems/"

TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    429: "Too many requests",
    500: "Internal server error",
}


class Problem(Exception):
    """Raise to answer with a problem document."""

    def __init__(self, status, detail, *, kind=None, title=None, errors=None, headers=None):
        self.status, self.detail = status, detail
        self.kind = kind or TITLES.get(status, "error").lower().replace(" ", "-")
        self.title = title or TITLES.get(status, "Error")
        self.errors, self.headers = errors, headers or {}
        super().__init__(detail)


def problem(request, status, detail, *, kind=None, title=None, errors=None, headers=None):
    kind = kind or TITLES.get(status, "error").lower().replace(" ", "-")
    body = {
        "type": TYPE_BASE + kind,
        "title": title or TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.get_full_path() if request is not None else "",
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field_of(loc):
    """ninja's ``("query", "date")`` → ``"date"``; nested bodies → ``"a.b"``."""
    parts = [str(p) for p in loc[1:]] if loc and loc[0] in ("query", "path", "body", "form", "file", "header") else [
        str(p) for p in loc
    ]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or (str(loc[0]) if loc else "")


def validation_errors(exc):
    errors = []
    for err in exc.errors:
        loc = tuple(err.get("loc", ()))
        errors.append({
            "field": _field_of(loc),
            "in": loc[0] if loc else "",
            "message": err.get("msg", ""),
        })
    return errors


def install(api):
    """Route every exception the API can meet to a problem document."""

    @api.exception_handler(Problem)
    def _problem(request, exc):
        return problem(request, exc.status, exc.detail, kind=exc.kind, title=exc.title,
                       errors=exc.errors, headers=exc.headers)

    @api.exception_handler(ValidationError)
    def _validation(request, exc):
        errors = validation_errors(exc)
        names = ", ".join(sorted({e["field"] for e in errors if e["field"]})) or _("the request")
        return problem(request, 422, _("Some input is not valid: %(fields)s. See 'errors' for each field.")
                       % {"fields": names}, kind="validation", title="Invalid input", errors=errors)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return problem(request, 401, _(
            "This operation needs an API token. Send it as 'Authorization: Bearer <token>'; "
            "tokens are created in the back office under 'API tokens'."
        ), headers={"WWW-Authenticate": 'Bearer realm="hoptac"'})

    @api.exception_handler(HttpError)
    def _http_error(request, exc):
        headers = {}
        if exc.status_code == 429 and getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait) + 1)
        return problem(request, exc.status_code, str(exc), headers=headers)

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return problem(request, 403, str(exc) or _("Your account may not do this."))

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return problem(request, 404, str(exc) or _("Nothing exists at this address."))

    @api.exception_handler(Exception)
    def _crash(request, exc):
        logger.exception("API error on %s", request.get_full_path())
        return problem(request, 500, _(
            "The server could not answer this request. The error was logged; please try again later "
            "or tell the Department's IT staff the time and the address you called."
        ))
