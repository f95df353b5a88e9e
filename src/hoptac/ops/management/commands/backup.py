from django.core.management.base import BaseCommand, CommandError

from hoptac.ops.backup import BackupError, make


class Command(BaseCommand):
    requires_system_checks = []  # no database access before the backup is checked
    help = ("Make a consistent backup of the database and the stored files while the server runs: PATH is a new "
            "directory, or a directory of backups where a dated one is made.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--keep", type=int, metavar="N",
                            help="in a directory of backups, keep only the N newest of this installation")

    def handle(self, *args, path, keep, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep must be at least 1")
        try:
            destination, manifest = make(path, keep=keep)
        except BackupError as exc:
            raise CommandError(f"backup failed: {exc}") from None
        except OSError as exc:
            raise CommandError(f"backup failed: {exc.strerror or exc}: {exc.filename or path}") from None
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(f"backup made: {destination} ({len(manifest['files'])} files, {size / 1048576:.1f} MB, "
                          f"{manifest['database']['engine']}, installation {manifest['installation']})")
