from django.core.management.base import BaseCommand, CommandError

from hoptac.registry.interchange import ReadError, export_path


class Command(BaseCommand):
    help = "Export the register in the interchange format (a folder of CSV files or an .xlsx workbook)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="folder to write CSV files into, or a workbook ending in .xlsx")
        # See import_register: hoptac.cli prints CommandError as one line with its exit code.
        parser.set_defaults(traceback=True)

    def handle(self, *args, path, **options):
        try:
            result = export_path(path)
        except ReadError as exc:
            raise CommandError(str(exc), returncode=1) from None
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror or exc}", returncode=1) from None
        self.stdout.write(result.summary())
