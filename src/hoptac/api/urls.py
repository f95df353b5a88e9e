"""``/api/v1/``: the API, and problem documents for addresses and methods it does not know."""

import functools

from django.urls import path, re_path
from django.utils import translation
from django.utils.translation import gettext as _

from hoptac.core.middleware import nul_message

from . import imports
from .api import api
from .problems import problem


def _speak_callers_language(request):
    """The API follows Accept-Language (Vietnamese by default); LocaleMiddleware would
    always pick the default language for paths outside i18n_patterns."""
    translation.activate(translation.get_language_from_request(request, check_path=False))
    request.LANGUAGE_CODE = translation.get_language()


def refuse_nul(request, field, where):
    """A NUL character in the path, query or form (refused by core's middleware): 422, like other bad input."""
    _speak_callers_language(request)
    message = nul_message(field)
    return problem(request, 422, message, kind="validation", title="Invalid input",
                   errors=[{"field": field, "in": where, "message": message}])


def unknown(request, rest=""):
    _speak_callers_language(request)
    return problem(request, 404, _("There is no API operation at this address; the list is at /api/v1/docs."))


def _body_too_large(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    # Room for the multipart envelope around the largest accepted file.
    return length > imports.max_upload() + 64 * 1024


def _api_view(view):
    """Language of the caller; ninja's plain-text 405 said as a problem document."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        _speak_callers_language(request)
        if _body_too_large(request):
            # Refused before the body is read: an upload never reaches the disk.
            return problem(request, 413, str(imports.too_large().detail))
        response = view(request, *args, **kwargs)
        if response.status_code == 405:
            allowed = response.get("Allow", "")
            return problem(request, 405, _("This address accepts only: %(methods)s.") % {"methods": allowed},
                           headers={"Allow": allowed})
        return response

    return wrapper


# Not named app_name: a module-level app_name would namespace this whole urlconf.
_patterns, _app, _namespace = api.urls
for _pattern in _patterns:
    _pattern.callback = _api_view(_pattern.callback)

urlpatterns = [
    path("api/v1/", (_patterns, _app, _namespace)),
    re_path(r"^api/v1/(?P<rest>.*)$", unknown),
]
