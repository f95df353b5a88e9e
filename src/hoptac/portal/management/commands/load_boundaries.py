"""``hoptac load-boundaries FILE.geojson``: load the outlines of units for the portal's map."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hoptac.core import dates
from hoptac.portal import boundaries


class Command(BaseCommand):
    help = ("Load unit boundaries from a GeoJSON FeatureCollection (any source): each feature names its unit "
            "by a property (--code-property, default 'code'); all or nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--code-property", default="code", help="the feature property holding the unit code")
        parser.add_argument("--date", help="resolve the codes on this date (31/12/2021 or 2021-12-31; default today), "
                                           "e.g. 2025-06-30 for the districts before the reform")

    def handle(self, file, code_property, date=None, **options):
        try:
            on = dates.parse_typed(date)
        except ValueError:
            raise CommandError(_("--date %(value)s is not a date (write 31/12/2021 or 2021-12-31)")
                               % {"value": date}) from None
        try:
            units = boundaries.load(file, code_property, on)
        except boundaries.BoundaryFileError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(_("%(count)s boundaries loaded: %(units)s")
                          % {"count": len(units), "units": ", ".join(f"{u.name} ({u.code})" for u in units)})
