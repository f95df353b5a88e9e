"""Remove what hoptac keeps only for a while; run it daily (cron or a systemd timer).

- uploaded workbooks, ``HOPTAC_UPLOAD_KEEP_DAYS`` after they were saved or
  rejected: the file goes, the upload's record (who, when, summary, problems) stays;
- uploads checked but never confirmed, after ``HOPTAC_UPLOAD_CONFIRM_DAYS``:
  marked failed ("not confirmed in time") and their file removed;
- stored answers to API ``Idempotency-Key`` retries, after ``HOPTAC_IDEMPOTENCY_HOURS``;
- expired sign-in sessions, and finished background-task results after 14 days.

The first three belong to their apps (``collection/retention.py``, ``api/retention.py``).

The audit trail, the register and the reports are never purged.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _


def purge(now=None, dry_run=False):
    """Purge what is past its retention in every app that has a ``retention`` module; returns {what: count}.

    Each app owns its retention (``<app>/retention.py`` with ``purge(now, dry_run)``),
    so this command knows none of them.
    """
    now = now or timezone.now()
    counts = {}
    for config in apps.get_app_configs():
        if config.name.startswith("hoptac.") and module_has_submodule(config.module, "retention"):
            counts.update(import_module(f"{config.name}.retention").purge(now, dry_run))
    return counts


class Command(BaseCommand):
    help = "Remove uploaded workbooks, unconfirmed uploads, idempotency answers and sessions past their retention."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only count what would be removed")

    def handle(self, *args, dry_run, **options):
        counts = purge(dry_run=dry_run)
        if not dry_run:
            call_command("clearsessions")
            if settings.HOPTAC_TASKS == "worker":  # task results are stored only by the worker's queue
                call_command("prune_db_task_results", verbosity=0)
        if dry_run:
            text = _("Would remove %(workbooks)s uploaded workbooks, expire %(unconfirmed)s unconfirmed uploads "
                     "and delete %(answers)s stored API answers.")
        else:
            text = _("Removed %(workbooks)s uploaded workbooks, expired %(unconfirmed)s unconfirmed uploads "
                     "and deleted %(answers)s stored API answers; expired sessions cleared.")
        self.stdout.write(text % counts)
