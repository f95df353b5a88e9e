"""Back office for accounts: the audit trail (read-only), users with roles, two-factor pages."""

from django.urls import path, reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy

from hoptac.accounts import policy, twofactor, unit_admin  # noqa: F401  (unit_admin registers the units' screens)
from hoptac.accounts.admin_base import READ_ONLY, PolicyPermission, PolicyViewSet
from hoptac.accounts.admin_views import (
    AuditIndexView,
    AuditInspectView,
    ProfileCreateView,
    ProfileEditView,
    ProfileForm,
    ProfileIndexView,
)
from hoptac.accounts.models import Profile
from hoptac.audit import trail as audit
from hoptac.audit.models import AuditEntry, Channel


register_permission_policy(AuditEntry, PolicyPermission(AuditEntry, READ_ONLY))
register_permission_policy(Profile, PolicyPermission(Profile, dict.fromkeys(("view", "add", "change"), policy.MANAGE_USERS)))


class AuditViewSet(PolicyViewSet):
    """Read-only: no add, edit, delete, copy or history URL exists for the audit trail."""

    model = AuditEntry
    icon = "history"
    menu_label = _("Audit trail")
    menu_order = 9000
    add_to_admin_menu = True
    index_view_class = AuditIndexView
    inspect_view_class = AuditInspectView
    inspect_view_enabled = True
    list_filter = ["action", "channel", "actor", "object_type", "object_id", "at"]
    list_per_page = 50
    list_display = [
        Column("at", label=_("when"), accessor=lambda e: localtime(e.at).strftime("%d/%m/%Y %H:%M:%S")),
        "actor",
        "ip",
        "action",
        Column("channel", label=_("channel"), accessor="get_channel_display"),
        Column("object_repr", label=_("object")),
    ]
    copy_view_enabled = False

    declared_urls = ('index', 'index_results', 'inspect')

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


class ProfileViewSet(PolicyViewSet):
    """Users and their roles (administrators only); each change is audited."""

    model = Profile
    icon = "user"
    menu_label = _("Users and roles")
    menu_order = 8900
    add_to_admin_menu = True
    index_view_class = ProfileIndexView
    add_view_class = ProfileCreateView
    edit_view_class = ProfileEditView
    list_display = [Column("user", label=_("user")), "role", Column("unit_codes", label=_("units"), accessor="unit_codes"),
                    "organization"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    search_backend_name = None
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ProfileForm

    declared_urls = ('index', 'index_results', 'add', 'edit')

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("add/", self.add_view, name="add"),
            path("edit/<int:pk>/", self.edit_view, name="edit"),
        ]


audit_viewset = AuditViewSet("audit")
profile_viewset = ProfileViewSet("roles")


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [audit_viewset, profile_viewset]


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", twofactor.setup, name=twofactor.SETUP_URL_NAME),
        path("two-factor/verify/", twofactor.verify, name=twofactor.VERIFY_URL_NAME),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse(twofactor.SETUP_URL_NAME),
        "label": _("Two-factor sign-in"),
        "help_text": _("Confirm each sign-in with a code from an authenticator app."),
    }


# Wagtail's own user screens: every create, change and delete is audited.


@hooks.register("before_edit_user")
def _before_edit_user(request, user):
    if request.method == "POST":
        request._hoptac_user_before = audit.snapshot(type(user)._default_manager.get(pk=user.pk))


@hooks.register("after_edit_user")
def _after_edit_user(request, user):
    before = getattr(request, "_hoptac_user_before", None)
    after = audit.snapshot(type(user)._default_manager.get(pk=user.pk))
    if before != after:
        audit.record(f"{audit.object_type(type(user))}.changed", user, before=before, after=after, request=request,
                     channel=Channel.BACK_OFFICE)


@hooks.register("after_create_user")
def _after_create_user(request, user):
    audit.record_created(user, request=request, channel=Channel.BACK_OFFICE)


@hooks.register("before_delete_user")
def _before_delete_user(request, user):
    if request.method == "POST":
        audit.record_deleted(user, request=request, channel=Channel.BACK_OFFICE)

