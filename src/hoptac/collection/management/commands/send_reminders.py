"""Send the reminder e-mails due today (run it once a day, e.g. from a systemd timer)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hoptac.collection import tasks


class Command(BaseCommand):
    help = "Send the reporting-deadline reminders due today and record them."

    def handle(self, *args, **options):
        result = tasks.send_reminders.call()
        self.stdout.write(_("%(n)s reminders sent.") % {"n": result["sent"]})
        if result["failed"]:
            address, reason = result["failed"][0]
            raise CommandError(_(
                "%(n)s reminders could not be sent (the mail server said, for %(address)s: %(reason)s); "
                "they will be sent by the next run. Check HOPTAC_EMAIL_HOST and HOPTAC_EMAIL_PORT."
            ) % {"n": len(result["failed"]), "address": address, "reason": reason})
