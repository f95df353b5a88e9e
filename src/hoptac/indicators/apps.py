from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "hoptac.indicators"
    label = "indicators"
