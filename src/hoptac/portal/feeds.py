"""Atom feeds of the portal: news articles and published review reports."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import pgettext

from hoptac.portal import selectors
from hoptac.portal.models import ArticlePage, DocumentsPage, NewsIndexPage

FEED_SIZE = 30


def _moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)))


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return pgettext("portal", "News of the collective economy portal")

    def link(self):
        index = NewsIndexPage.objects.live().first()
        return index.get_url(self.request) if index else "/"

    def subtitle(self):
        return pgettext("portal", "The latest news articles, newest first.")

    def items(self):
        return ArticlePage.objects.live().public().order_by("-date", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return _moment(item.date)

    def item_updateddate(self, item):
        return item.last_published_at or _moment(item.date)

    def item_author_name(self, item):
        return item.authors or None


class ReportsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return pgettext("portal", "Published review reports")

    def link(self):
        page = DocumentsPage.objects.live().first()
        return page.url if page else "/"

    def subtitle(self):
        return pgettext("portal", "Review reports of the collective economy as they are published.")

    def items(self):
        return [r for r in selectors.published_reports() if not getattr(r, "withdrawn", None)][:FEED_SIZE]

    def item_title(self, item):
        return f"{item.title} ({item.format.upper()})"

    def item_description(self, item):
        return pgettext("portal", "Data as of %(date)s; SHA-256 %(sha)s.") % {
            "date": item.as_of.strftime("%d/%m/%Y"), "sha": item.sha256}

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at
