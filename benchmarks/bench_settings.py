"""Lean settings for the benchmarks: the engine's apps only (no portal, no admin).

The indicator engine and its command need geo, registry and indicators (and
the audit trail, which the registry records into, with accounts, whose
migrations it follows); the
rest of the project (Wagtail, accounts, …) only adds start-up time to every
`hoptac indicators` process, which would measure Django's app loading rather
than the engine. `benchmarks/run` reports the figure with these settings; the
README says how to run it with the full settings.
"""

from hoptac.settings import *  # noqa: F403

_KEEP = {"hoptac.core", "hoptac.geo", "hoptac.registry", "hoptac.indicators", "hoptac.accounts",
         "hoptac.audit"}
INSTALLED_APPS = [
    app for app in INSTALLED_APPS  # noqa: F405
    if (app.startswith("hoptac.") and app in _KEEP)
    or (app.startswith("django.contrib.") and app != "django.contrib.admin")
]
MIDDLEWARE = []
ROOT_URLCONF = "bench_urls"
