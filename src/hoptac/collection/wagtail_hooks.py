"""The collection pages in the Wagtail back office: URLs under /admin/collection/
and an "Annual reports" menu whose items each appear only to users allowed to use them."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component

from hoptac.accounts import policy
from hoptac.registry.models import Organization

from . import queue, urls


@hooks.register("register_admin_urls")
def register_urls():
    return [path("collection/", include((urls.urlpatterns, "collection"), namespace="collection"))]


class PermittedMenuItem(MenuItem):
    def __init__(self, label, url_name, action, **kwargs):
        super().__init__(label, reverse(url_name), **kwargs)
        self.action = action

    def is_shown(self, request):
        return policy.can(request.user, self.action, Organization)


@hooks.register("register_admin_menu_item")
def register_menu():
    items = [
        PermittedMenuItem(_("Reports and review"), "collection:reports", policy.READ, icon_name="list-ul", order=1),
        PermittedMenuItem(_("Excel template"), "collection:template", policy.VERIFY_REPORT, icon_name="download", order=2),
        PermittedMenuItem(_("Upload Excel"), "collection:upload_new", policy.VERIFY_REPORT, icon_name="upload", order=3),
        PermittedMenuItem(_("Completeness"), "collection:completeness", policy.VERIFY_REPORT, icon_name="tasks", order=4),
        PermittedMenuItem(_("Reporting windows"), "collection:windows", policy.SET_WINDOWS, icon_name="date", order=5),
        PermittedMenuItem(_("Checks of figures"), "collection:checks", policy.SET_CHECKS, icon_name="tick-inverse",
                          order=6),
    ]
    return SubmenuMenuItem(_("Annual reports"), Menu(items=items), icon_name="clipboard-list", order=250)


@hooks.register("insert_global_admin_css")
def collection_css():
    return format_html('<link rel="stylesheet" href="{}">', static("collection/collection.css"))


class WorkQueuePanel(Component):
    """The user's work queue, first on the back-office home page."""

    name = "hoptac_work_queue"
    order = 10
    template_name = "collection/queue_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {"entries": queue.entries(self.user)}


@hooks.register("construct_homepage_panels", order=100)  # after the other apps' panels: it goes first
def add_work_queue(request, panels):
    if policy.role_of(request.user) is not None:
        panels.insert(0, WorkQueuePanel(request.user))


@hooks.register("construct_homepage_summary_items", order=100)  # after Wagtail's own items
def work_before_site_counts(request, summary_items):
    """Wagtail's site summary (pages, images, documents) sits in the home page's header, above every
    panel: the portal's editors and the administrators keep it; for the register's roles it would push
    their work queue down, so their home page starts with the queue."""
    if policy.role_of(request.user) not in (policy.ADMIN, policy.EDITOR):
        summary_items.clear()

