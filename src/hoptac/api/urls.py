"""``/api/v1/``: the API, and problem documents for addresses it does not know."""

from django.urls import path, re_path

from .api import api
from .problems import problem


def unknown(request, rest=""):
    return problem(request, 404, "There is no API operation at this address; the list is at /api/v1/docs.")


urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", unknown),
]
