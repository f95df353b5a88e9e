from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "hoptac.directives"
    label = "directives"

    def ready(self):
        from hoptac.directives.interchange import DirectivesPart
        from hoptac.registry.interchange import extensions

        extensions.register(DirectivesPart)
