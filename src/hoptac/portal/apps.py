from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "hoptac.portal"
    label = "portal"

    def ready(self):
        from django.db.models.signals import post_migrate

        from hoptac.portal import pages, signals

        signals.connect()
        post_migrate.connect(pages.after_migrate, sender=self, dispatch_uid="portal-sections")
