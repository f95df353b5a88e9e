from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hoptac.accounts"
    label = "accounts"
    verbose_name = _("accounts")

    def ready(self):
        from django.db.models.signals import post_migrate

        if not self.apps.is_installed("wagtail"):
            return  # a lean command start (hoptac import, indicators, drill): no portal editors to keep
        # Connects the receivers that keep the portal editors' Wagtail group in step with roles.
        from hoptac.accounts import portal_editors  # noqa: F401

        post_migrate.connect(portal_editors.sync_all, sender=self)
