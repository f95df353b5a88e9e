from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "hoptac.audit"
    label = "audit"
    verbose_name = _("audit trail")

    def ready(self):
        # Connects the sign-in, sign-out and refused sign-in receivers.
        from hoptac.audit import trail  # noqa: F401
