from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from hoptac.accounts import policy

from . import admin_views


@hooks.register("register_admin_urls")
def api_token_urls():
    return [
        path("api-tokens/", admin_views.tokens, name="hoptac_api_tokens"),
        path("api-tokens/<int:pk>/revoke/", admin_views.revoke, name="hoptac_api_token_revoke"),
    ]


class TokenMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.role_of(request.user) is not None


@hooks.register("register_settings_menu_item")
def api_token_menu_item():
    return TokenMenuItem(_("API tokens"), reverse("hoptac_api_tokens"), icon_name="key", order=900)
