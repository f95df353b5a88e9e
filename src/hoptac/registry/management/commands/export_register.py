from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hoptac.registry.interchange import ReadError, export_path


class Command(BaseCommand):
    help = "Export the register in the interchange format (a folder of CSV files or an .xlsx workbook)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="folder to write CSV files into, or a workbook ending in .xlsx")

    def handle(self, *args, path, **options):
        try:
            result = export_path(path)
        except ReadError as exc:
            raise CommandError(str(exc), returncode=1) from None
        except OSError as exc:
            raise CommandError(
                _("cannot write %(path)s: %(error)s") % {"path": path, "error": exc.strerror or exc}, returncode=1
            ) from None
        self.stdout.write(result.summary())
