from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hoptac.reports"
    label = "reports"
