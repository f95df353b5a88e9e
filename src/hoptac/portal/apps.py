from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "hoptac.portal"
    label = "portal"
