from django.core.management.base import BaseCommand, CommandError

from hoptac.ops.backup import BackupError, describe
from hoptac.ops.restore import restore, verify


class Command(BaseCommand):
    requires_system_checks = []  # no database access before the backup is checked
    help = ("Check a backup whole, then restore it into an empty database and data directory "
            "(--check: only check it). A backup made by an older version is migrated.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--check", action="store_true", help="only check the backup; change nothing")

    def handle(self, *args, path, check, **options):
        try:
            manifest = verify(path) if check else restore(path)
        except BackupError as exc:
            raise CommandError(f"restore refused: {exc}; nothing was changed") from None
        except OSError as exc:
            raise CommandError(f"restore failed: {exc.strerror or exc}: {exc.filename or path}") from None
        files = len(manifest["files"])
        if check:
            self.stdout.write(f"the backup is complete and intact: {files} files; {describe(manifest)}")
        else:
            self.stdout.write(f"restored {files} files; {describe(manifest)}")
