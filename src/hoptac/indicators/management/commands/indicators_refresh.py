"""hoptac manage indicators_refresh: rebuild the year-end aggregates now.

Series of provinces and of the nation rebuild them by themselves when the
register has changed; after a bulk import of a national register the rebuild
takes a while, so run this once instead of letting the first reader pay it.
"""

import time

from django.core.management.base import BaseCommand

from hoptac.indicators import summary


class Command(BaseCommand):
    requires_system_checks = []
    help = "Rebuild the year-end aggregates the province and national series read."

    def handle(self, *args, **opts):
        started = time.perf_counter()
        version = summary.build()
        self.stdout.write(
            f"year-end aggregates rebuilt for {version.first_year}–{version.last_year} "
            f"in {time.perf_counter() - started:.1f} s\n"
        )
