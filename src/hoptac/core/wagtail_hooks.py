"""Back-office assets shared by every app: the admin stylesheet and the script that
starts Wagtail's date pickers without inline scripts."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("hoptac/admin.css"))


@hooks.register("insert_global_admin_js")
def admin_widgets_js():
    return format_html('<script src="{}" defer></script>', static("hoptac/admin_widgets.js"))
