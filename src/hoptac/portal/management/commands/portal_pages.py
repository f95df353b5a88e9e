from django.core.management.base import BaseCommand

from hoptac.portal.pages import ensure_portal_pages


class Command(BaseCommand):
    help = "Create the portal's missing sections (news, statistics, directory, documents) under the home page."

    def handle(self, *args, **options):
        home = ensure_portal_pages()
        names = ", ".join(p.title for p in home.get_children().live())
        self.stdout.write(f"portal pages under “{home.title}”: {names}")
