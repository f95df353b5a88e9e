"""The back office's help menu: hoptac's own guide, offline, instead of Wagtail's online guide."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from hoptac.core import help as guide


@hooks.register("register_admin_urls")
def help_urls():
    return [
        path("help/", guide.index, name="hoptac_help"),
        path("help/<slug:slug>/", guide.topic, name="hoptac_help_topic"),
    ]


@hooks.register("construct_main_menu")
def own_help_menu(request, menu_items):
    """Wagtail's "Help" (links to its guide on the internet) gives way to the product's guide."""
    menu_items[:] = [item for item in menu_items if item.name != "help"]
    menu_items.append(MenuItem(_("User guide"), reverse("hoptac_help"), name="hoptac-help", icon_name="help",
                               order=11000))


@hooks.register("construct_reports_menu")
def drop_aging_pages_report(request, menu_items):
    """Wagtail's "aging pages" report names pages without a publisher "None" (demo and imported pages)
    and is not a task of the Department's editors."""
    menu_items[:] = [item for item in menu_items if item.name != "aging-pages"]
