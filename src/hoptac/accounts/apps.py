from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hoptac.accounts"
    label = "accounts"
    verbose_name = _("accounts and audit")

    def ready(self):
        # Connects the sign-in, sign-out and refused sign-in receivers.
        from hoptac.accounts import audit  # noqa: F401
