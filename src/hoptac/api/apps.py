from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hoptac.api"
    label = "api"
