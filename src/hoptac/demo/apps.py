from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models: registered for the demo's message catalogue, and so that production mode
    refuses the demo's published password (at sign-in and in ``check --deploy``)."""

    name = "hoptac.demo"
    label = "demo"
    verbose_name = "Hải Phòng demo"

    def ready(self):
        from django.core import checks

        from hoptac.accounts import signin
        from hoptac.demo import accounts

        signin.refuse_in_production(accounts.DEMO_PASSWORD)
        checks.register(accounts.check_no_demo_password, checks.Tags.security, deploy=True)
