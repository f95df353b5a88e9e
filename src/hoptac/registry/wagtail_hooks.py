"""The register in the back office: organisations, events, annual reports, targets."""

from django.urls import include, path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from hoptac.accounts import policy
from hoptac.accounts.admin_base import (
    READ_ONLY,
    READ_WRITE,
    PolicyPermission,
    PolicyViewSet,
    ReadOnlyPolicyViewSet,
)
from hoptac.registry import admin_macro, reconcile_views, recode_views, unit_picker
from hoptac.registry import admin_views as views
from hoptac.registry.models import AnnualReport, Event, Grdp, Organization, Target

register_permission_policy(
    Organization, PolicyPermission(Organization, {"view": policy.READ, "add": policy.WRITE, "change": policy.WRITE}))
register_permission_policy(Event, PolicyPermission(Event, {"view": policy.READ, "add": policy.WRITE}))
register_permission_policy(AnnualReport, PolicyPermission(AnnualReport, READ_ONLY))
register_permission_policy(Target, PolicyPermission(Target, {**READ_WRITE, "delete": policy.WRITE}))
register_permission_policy(Grdp, PolicyPermission(Grdp, {**READ_WRITE, "delete": policy.WRITE}))


class OrganizationViewSet(PolicyViewSet):
    """List on a chosen date, organisation page with its timeline, registration, contact edits.

    No delete: an organisation's history is never erased (a dissolution is an event).
    """

    model = Organization
    icon = "group"
    menu_label = _("Organisations")
    index_view_class = views.OrganizationIndexView
    inspect_view_class = views.OrganizationInspectView
    edit_view_class = views.OrganizationEditView
    filterset_class = views.OrganizationFilterSet
    inspect_view_enabled = True
    search_fields = ["name", "code"]
    search_backend_name = None
    form_fields = ["address", "phone", "email", "representative", "products", "public_contact"]
    export_filename = "organisations"
    list_per_page = 50

    declared_urls = ('index', 'index_results', 'add', 'inspect', 'edit')

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("add/", views.OrganizationCreateView.as_view(), name="add"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/edit/", self.edit_view, name="edit"),
        ]


class EventViewSet(PolicyViewSet):
    """Events are recorded through the lifecycle rules and voided, never edited or deleted."""

    model = Event
    icon = "date"
    menu_label = _("Events")
    index_view_class = views.EventIndexView
    list_display = ["organization", "type", "date", "document", "recorded_by", "voided_at"]
    list_filter = ["type", "date"]
    search_fields = ["organization__name", "organization__code", "document"]
    search_backend_name = None
    list_per_page = 50

    declared_urls = ('index', 'index_results', 'add', 'void')

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("add/", views.EventCreateView.as_view(), name="add"),
            path("<int:pk>/void/", views.EventVoidView.as_view(), name="void"),
        ]


class AnnualReportViewSet(ReadOnlyPolicyViewSet):
    """Read here; the collection app owns the forms and the approval workflow."""

    model = AnnualReport
    icon = "table"
    menu_label = _("Annual reports")
    index_view_class = views.ReportIndexView
    inspect_view_class = views.ReportInspectView
    list_display = [
        Column("organization", label=_("organisation")), "year", "revision", "status", "in_force",
        "members", "workers", "revenue",
    ]
    list_filter = ["year", "status", "in_force"]
    search_fields = ["organization__name", "organization__code"]
    search_backend_name = None
    list_per_page = 50


class PlanInputViewSet(PolicyViewSet):
    """Targets and macro data: list, add, edit, delete, through the scoped and audited generic views."""

    index_view_class = views.TargetIndexView
    add_view_class = views.TargetCreateView
    edit_view_class = views.TargetEditView
    delete_view_class = views.TargetDeleteView
    declared_urls = ('index', 'index_results', 'add', 'edit', 'delete')


class TargetViewSet(PlanInputViewSet):
    model = Target
    icon = "pick"
    menu_label = _("Targets")
    list_display = ["indicator", "unit", "year", "op", "value", "source"]
    list_filter = ["year", "indicator"]

    def get_form_class(self, for_update=False):
        return views.TargetForm


class MacroViewSet(PlanInputViewSet):
    """Macro data (SPEC §2 v2): GRDP, official share, population, each with its source."""

    model = Grdp
    icon = "table"
    menu_label = _("Macro data")
    list_display = [
        "unit", "year",
        *(Column(name, label=capfirst(Grdp._meta.get_field(name).verbose_name), accessor=admin_macro.shown(name))
          for name in ("grdp", "grdp_share_official", "population")),
    ]
    list_filter = ["year"]

    def get_form_class(self, for_update=False):
        return admin_macro.MacroForm


class RegistryGroup(ViewSetGroup):
    menu_label = _("Register")
    menu_icon = "folder-open-inverse"
    menu_order = 150
    submenu_hook = "register_registry_menu_item"  # screens that are not viewsets add their items here
    items = (
        OrganizationViewSet("registry_organizations", url_prefix="registry/organizations"),
        EventViewSet("registry_events", url_prefix="registry/events"),
        AnnualReportViewSet("registry_reports", url_prefix="registry/reports"),
        TargetViewSet("registry_targets", url_prefix="registry/targets"),
        MacroViewSet("registry_macro", url_prefix="registry/macro"),
    )


@hooks.register("register_admin_viewset")
def register_registry():
    return RegistryGroup()


@hooks.register("register_admin_urls")
def register_unit_picker():
    return [path("unit-picker/", unit_picker.pick, name="hoptac_unit_pick")]


class WriterMenuItem(MenuItem):
    """Shown to users who may change organisations (the views check it again)."""

    def is_shown(self, request):
        return policy.can(request.user, policy.WRITE, Organization)


RECODE_URLS = [
    path("", recode_views.RecodeListView.as_view(), name="index"),
    path("<int:pk>/", recode_views.RecodeOneView.as_view(), name="one"),
]


@hooks.register("register_admin_urls")
def register_recode_urls():
    return [
        path("registry/recode/", include((RECODE_URLS, "registry_recode"), namespace="registry_recode")),
        path("registry/reconcile/", reconcile_views.ReconcileView.as_view(), name="registry_reconcile"),
    ]


class ReconcileMenuItem(MenuItem):
    def is_shown(self, request):
        return reconcile_views.may_reconcile(request.user)


@hooks.register("register_registry_menu_item")
def reconcile_menu_item():
    return ReconcileMenuItem(_("Reconcile with the national system"), reverse("registry_reconcile"),
                             icon_name="resubmit", order=60)


@hooks.register("register_registry_menu_item")
def recode_menu_item():
    return WriterMenuItem(_("Locate to a commune"), reverse("registry_recode:index"), icon_name="site", order=50)
