from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from hoptac.reports import admin_views, permissions, revision_views


@hooks.register("register_admin_urls")
def report_urls():
    return [
        path("reports/", admin_views.generate, name="hoptac_reports"),
        path("reports/<int:pk>/download/", admin_views.download, name="hoptac_report_download"),
        path("reports/<int:pk>/withdraw/", admin_views.withdraw, name="hoptac_report_withdraw"),
        path("reports/<int:pk>/revisions/", revision_views.admin_revisions, name="hoptac_report_revisions"),
        path("reports/vintages/", revision_views.admin_vintages, name="hoptac_vintages"),
        path("reports/preview/<str:token>/", admin_views.preview, name="hoptac_report_preview"),
        path("reports/preview/<str:token>/file/", admin_views.preview_file, name="hoptac_report_preview_file"),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.may_make(request.user)


@hooks.register("register_admin_menu_item")
def report_menu_item():
    return ReportMenuItem(_("Review reports"), reverse("hoptac_reports"), icon_name="doc-full", order=400)


@hooks.register("register_admin_menu_item")
def vintages_menu_item():
    return ReportMenuItem(_("Vintages"), reverse("hoptac_vintages"), icon_name="history", order=401)
