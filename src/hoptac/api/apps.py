from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hoptac.api"
    label = "api"

    def ready(self):
        try:
            from hoptac.registry.signals import register_changed
        except ImportError:  # the register does not announce changes in this version
            return
        from hoptac.api import open_data

        register_changed.connect(open_data.bump, dispatch_uid="hoptac.api.open_data.bump")
