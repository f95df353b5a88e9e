from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from hoptac.registry.interchange import ImportRejected, ReadError, import_path


class Command(BaseCommand):
    help = "Import a register in the interchange format (a folder of CSV files or an .xlsx workbook)."
    # The system checks load every URL module (Wagtail's included), which a lean start has not got.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", help="folder of CSV files, or a workbook ending in .xlsx")

    def handle(self, *args, path, **options):
        try:
            result = import_path(path)
        except ReadError as exc:
            raise CommandError(str(exc), returncode=1) from None
        except ImportRejected as exc:
            count = len(exc.problems)
            head = ngettext(
                "import rejected, nothing was changed: %(count)d problem",
                "import rejected, nothing was changed: %(count)d problems", count,
            ) % {"count": count}
            raise CommandError("\n".join([head, *exc.lines()]), returncode=1) from None
        self.stdout.write(result.summary())
