"""Back-office pieces shared by every app: the help menu (hoptac's own guide, offline,
instead of Wagtail's online guide), the admin stylesheet and the script that starts
Wagtail's date pickers without inline scripts."""

import django_filters
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.active_filters import ActiveFilter, BaseFilterAdapter, register_filter_adapter_class
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


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("hoptac/admin.css"))


@hooks.register("insert_global_admin_js")
def admin_widgets_js():
    return format_html('<script src="{}" defer></script>', static("hoptac/admin_widgets.js"))


class BooleanFilterAdapter(BaseFilterAdapter):
    """An active yes/no filter reads "Có"/"Không" in its chip (Wagtail shows Python's True/False)."""

    def get_active_filters(self):
        shown = gettext("Yes") if self.value else gettext("No")
        yield ActiveFilter(self.bound_field.auto_id, self.filter.label, shown, self.get_url_without_filter_param(self.name))


register_filter_adapter_class(django_filters.BooleanFilter, BooleanFilterAdapter)
