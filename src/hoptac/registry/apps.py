from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "hoptac.registry"
    label = "registry"
