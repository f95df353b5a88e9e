from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models: registered only so that Django finds the demo's message catalogue."""

    name = "hoptac.demo"
    label = "demo"
    verbose_name = "Hải Phòng demo"
