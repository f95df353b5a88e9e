from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "hoptac.portal"
    label = "portal"

    def ready(self):
        from hoptac.portal import signals

        signals.connect()
