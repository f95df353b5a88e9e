"""Walk the back office as one signed-in person, with Django's test client (no browser):
the pages the sidebar menu offers, then the links those pages hold (one of each kind).

Reusable: ``Crawl(client).run(...)`` returns every page visited with its status and
content; the checks live in :mod:`tests.journeys.language`.
"""

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

# Links that act, leave, or only repeat a listing with other parameters.
SKIP = re.compile(
    r"/logout/|/delete/|/unpublish/|/publish/|/revisions/\d+/revert/|/copy/|/move/|/lock/|/unlock/|"
    r"/two-factor/|/withdraw/|/download/|/export/|/file/|format=|export=|/sprite/|/jsi18n/|/preview/|"
    r"/usage/|/history/|/workflow/|/convert_alias/|/set_privacy/|/bulk/|/chooser/|/results/|/search/|"
    r"/reorder/|/add_subpage/|/api/|/bao-cao/\d+/|/documents/\d+/"
)


def menu_urls(html):
    """Every URL of the Wagtail sidebar (its props are JSON in the page)."""
    match = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    if not match:
        return []
    urls = []

    def walk(node):
        if isinstance(node, dict):
            url = node.get("url")
            if isinstance(url, str) and url.startswith("/"):
                urls.append(url)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(match.group(1)))
    return list(dict.fromkeys(urls))


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href") and not attrs.get("download") is not None:
            self.links.append(attrs["href"])


def links(html):
    parser = _Links()
    parser.feed(html)
    return parser.links


def shape(url):
    """/admin/registry/organizations/123/?date=… → /admin/registry/organizations/N/ (one page of each kind)."""
    path = urlsplit(url).path
    return re.sub(r"/\d+(?=/|$)", "/N", re.sub(r"/[0-9]{4}/", "/Y/", path))


@dataclass
class Visit:
    url: str
    status: int
    html: str
    source: str  # "menu", or the page the link was found on


@dataclass
class Crawl:
    client: object
    prefix: str = "/admin/"
    limit: int = 60
    visits: list = field(default_factory=list)

    def run(self, start, follow=True):
        """Visit ``start`` (the menu pages), then one page of each kind their links reach, up to ``limit``."""
        seen, queue = set(), [(url, "menu") for url in start]
        shapes = set()
        while queue and len(self.visits) < self.limit:
            url, source = queue.pop(0)
            url = urldefrag(url)[0]
            if url in seen or not url.startswith(self.prefix) or SKIP.search(url):
                continue
            seen.add(url)
            response = self.client.get(url, follow=True, headers={"Accept-Language": "vi"})
            html = response.content.decode("utf-8", "replace") if "html" in response.get("Content-Type", "") else ""
            self.visits.append(Visit(url, response.status_code, html, source))
            if follow and source == "menu" and html:
                for link in links(html):
                    link = urldefrag(link)[0]
                    if link.startswith(self.prefix) and shape(link) not in shapes and not SKIP.search(link):
                        shapes.add(shape(link))
                        queue.append((link, url))
        return self.visits
