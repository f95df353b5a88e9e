from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from hoptac.core import views as core_views
from hoptac.ops.views import metrics_view

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    # Only public images are served from the media folder: uploads and generated
    # reports there are never reachable by URL (reports have their own view).
    re_path(r"^media/(?P<path>(?:images|original_images)/[^/]+)$", core_views.public_media, name="public_media"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("hoptac.api.urls")),
    path("", include("hoptac.reports.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("hoptac.api.open_data_urls")),
    path("", include("hoptac.portal.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
