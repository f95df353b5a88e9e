"""Public download of published reports (the portal links here)."""

from django.urls import path

from hoptac.reports import revision_views, views

app_name = "reports"
urlpatterns = [
    path("bao-cao/<int:pk>/so-lieu.json", views.published_figures, name="published_figures"),
    path("bao-cao/<int:pk>/dieu-chinh.json", revision_views.public_revisions_json, name="published_revisions_json"),
    path("bao-cao/<int:pk>/dieu-chinh/", revision_views.public_revisions, name="published_revisions"),
    path("bao-cao/<int:pk>/<str:filename>", views.published_download, name="published_download"),
]
