from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "hoptac.directives"
    label = "directives"
