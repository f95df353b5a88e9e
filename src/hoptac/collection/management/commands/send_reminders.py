"""Send the reminder e-mails due today (run it once a day, e.g. from a systemd timer)."""

from django.core.management.base import BaseCommand

from hoptac.collection import reminders


class Command(BaseCommand):
    help = "Send the reporting-deadline reminders due today and record them."

    def handle(self, *args, **options):
        sent = reminders.send()
        self.stdout.write(f"{len(sent)} reminder(s) sent")
