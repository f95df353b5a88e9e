from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hoptac.api"
    label = "api"

    def ready(self):
        from hoptac.api.urls import refuse_nul
        from hoptac.core.middleware import register_refusal

        register_refusal("/api/", refuse_nul)
        from hoptac.api import open_data

        open_data.listen_to_register()
