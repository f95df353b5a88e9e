from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IndicatorsConfig(AppConfig):
    name = "hoptac.indicators"
    label = "indicators"

    def ready(self):
        from hoptac.indicators.answers import install_triggers

        # After every migrate: a migration that rebuilt a table (SQLite) dropped its triggers.
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="hoptac-register-stamp")
