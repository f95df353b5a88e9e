"""``hoptac load-boundaries FILE.geojson``: load the outlines of units for the portal's map."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from hoptac.portal import boundaries


class Command(BaseCommand):
    help = ("Load unit boundaries from a GeoJSON FeatureCollection (any source): each feature names its unit "
            "by a property (--code-property, default 'code'); all or nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--code-property", default="code", help="the feature property holding the unit code")
        parser.add_argument("--date", help="resolve the codes on this date (YYYY-MM-DD; default today), "
                                           "e.g. 2025-06-30 for the districts before the reform")

    def handle(self, file, code_property, date=None, **options):
        try:
            on = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"--date {date!r} is not a date (YYYY-MM-DD)") from None
        try:
            units = boundaries.load(file, code_property, on)
        except boundaries.BoundaryFileError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{len(units)} boundaries loaded: " + ", ".join(f"{u.name} ({u.code})" for u in units))
