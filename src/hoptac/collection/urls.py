from django.urls import path

from . import check_views, views

app_name = "collection"
urlpatterns = [
    path("", views.report_list, name="reports"),
    path("reports/<str:code>/<int:year>/", views.report_detail, name="report"),
    path("template/", views.template_download, name="template"),
    path("uploads/new/", views.upload_new, name="upload_new"),
    path("uploads/<int:pk>/", views.upload_detail, name="upload"),
    path("uploads/<int:pk>/confirm/", views.upload_confirm, name="upload_confirm"),
    path("uploads/<int:pk>/status/", views.upload_status, name="upload_status"),
    path("completeness/", views.completeness_view, name="completeness"),
    path("windows/", views.windows_view, name="windows"),
    path("checks/", check_views.checks_view, name="checks"),
    path("checks/<slug:code>/", check_views.check_edit_view, name="check"),
    path("queue/<slug:key>/", views.queue_view, name="queue"),
]
