from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "hoptac.ops"
    label = "ops"

    def ready(self):
        from django.db.models.signals import post_migrate

        from hoptac.ops import identity

        post_migrate.connect(identity.after_migrate, sender=self, dispatch_uid="ops-identity")
