"""Administrative units in the back office (the geo app's screens, scoped by the policy): read-only (they come from the statistics office)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.permissions import register_permission_policy

from hoptac.accounts.admin_base import (
    READ_ONLY,
    PolicyPermission,
    ReadOnlyPolicyViewSet,
    ScopedViewMixin,
)
from hoptac.geo.models import Unit

register_permission_policy(Unit, PolicyPermission(Unit, READ_ONLY))


class UnitIndexView(ScopedViewMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("parent")


class UnitInspectView(ScopedViewMixin, generic.InspectView):
    fields = ["code", "name", "division_type", "level", "regime", "parent", "valid_from", "valid_to"]

    def get_field_label(self, field_name, field):
        return _("parent unit") if field_name == "parent" else super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value is None or value == "" else value  # no end date: still in force


class UnitViewSet(ReadOnlyPolicyViewSet):
    model = Unit
    icon = "site"
    menu_label = _("Administrative units")
    menu_order = 8000
    add_to_admin_menu = True
    index_view_class = UnitIndexView
    inspect_view_class = UnitInspectView
    list_display = ["code", "name", "division_type", Column("parent", label=_("parent unit")), "regime"]
    list_filter = ["regime", "level"]
    search_fields = ["code", "name"]
    search_backend_name = None
    list_per_page = 50


@hooks.register("register_admin_viewset")
def register_units():
    return UnitViewSet("units", url_prefix="units")
