"""Public download of published reports (the portal links here)."""

from django.urls import path

from hoptac.reports import views

app_name = "reports"
urlpatterns = [
    path("bao-cao/<int:pk>/so-lieu.json", views.published_figures, name="published_figures"),
    path("bao-cao/<int:pk>/<str:filename>", views.published_download, name="published_download"),
]
