from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run background tasks from the database queue (large uploads, reports)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="exit when the queue is empty")

    def handle(self, *args, batch, **options):
        self.stdout.write("hoptac worker: waiting for tasks (Ctrl+C to stop)")
        call_command("db_worker", *(["--batch"] if batch else []))
