"""Every back-office page each demo role's menu reaches, and the portal pages, read as a
person reads them: in Vietnamese (English only under /en/), no year written like a
number (2.023), no server error, no dead menu link. Django's test client, no browser."""

import pytest

from hoptac.accounts.testing import force_verified_login
from hoptac.demo.accounts import USERNAMES
from tests.journeys.crawl import Crawl, menu_urls
from tests.journeys.language import english_on_vietnamese_page, grouped_years, vietnamese_on_english_page

pytestmark = pytest.mark.django_db

PORTAL = ["/", "/tin-tuc/", "/thong-ke/", "/thong-ke/?date=2026-06-30", "/hop-tac-xa/", "/van-ban/",
          # issue 19: explorer, open data, methodology, map, site search, drill-through
          "/kham-pha/", "/du-lieu-mo/", "/phuong-phap/", "/ban-do/", "/tim-kiem/?q=nuoc+sach",
          "/thong-ke/?drill=htx.total"]


def data_words():
    """Words of the names the register holds (Long Biên, Bạch Long Vĩ…) and usernames: data, whatever they look like."""
    from hoptac.geo.models import Unit
    from hoptac.registry.models import Organization

    from django.contrib.auth import get_user_model

    names = [*Unit.objects.values_list("name", flat=True), *Organization.objects.values_list("name", flat=True),
             *get_user_model().objects.values_list("username", flat=True)]
    return frozenset(word.lower() for name in names for word in name.split())


def problems_of(visits, english=english_on_vietnamese_page):
    """One line per problem (a text found on several pages is named once, with its first page)."""
    found = {}
    for visit in visits:
        if visit.status >= 500 or (visit.status == 404 and visit.source == "menu"):
            found.setdefault(("status", visit.url), f"{visit.url}: HTTP {visit.status}")
            continue
        for where, text in english(visit.html):
            found.setdefault((where, text), f"{visit.url} ({where}): {text}")
        for where, text in grouped_years(visit.html):
            found.setdefault(("year", text), f"{visit.url}: a year grouped like a number in the {where}: {text}")
    return list(found.values())


@pytest.mark.parametrize("username", USERNAMES)
def test_every_page_a_role_reaches_from_the_menu_is_vietnamese(world, client, username):
    from django.contrib.auth import get_user_model

    force_verified_login(client, get_user_model().objects.get(username=username))
    home = client.get("/admin/")
    assert home.status_code == 200
    start = ["/admin/", *menu_urls(home.content.decode())]
    visits = Crawl(client, limit=45).run(start)
    allowed = data_words()
    problems = problems_of(visits, english=lambda html: english_on_vietnamese_page(html, allowed))
    _keep(username, problems)
    assert not problems, f"{username}: {len(problems)} problems on {len(visits)} pages:\n" + "\n".join(problems[:80])


def test_the_portal_is_vietnamese_and_english_under_en(world, client):
    pages = PORTAL + [_first_link(client, "/tin-tuc/", "/tin-tuc/"), _first_link(client, "/hop-tac-xa/", "/hop-tac-xa/")]
    vi = Crawl(client, prefix="/", limit=20).run([p for p in pages if p], follow=False)
    en = Crawl(client, prefix="/en/", limit=20).run(["/en" + p for p in pages if p], follow=False)
    from wagtail.models import Page

    from taggit.models import Tag

    # written by editors, in Vietnamese: page titles and tags
    titles = frozenset([*Page.objects.values_list("title", flat=True), *Tag.objects.values_list("name", flat=True)])
    allowed = data_words()
    problems = problems_of(vi, english=lambda html: english_on_vietnamese_page(html, allowed)) + problems_of(en, english=lambda html: vietnamese_on_english_page(html, titles))
    _keep("portal", problems)
    # a year without approved reports: no data yet, not "0 members"
    no_reports = next(v for v in vi if v.url == "/thong-ke/?date=2026-06-30").html
    assert 'data-code="members.total"><span class="figure-card__value figure-card__value--none">Chưa có số liệu' in no_reports
    assert not problems, "\n".join(problems[:80])


def _first_link(client, page, prefix):
    from tests.journeys.crawl import links

    html = client.get(page).content.decode()
    return next((link for link in links(html) if link.startswith(prefix) and link.rstrip("/") != prefix.rstrip("/")
                 and "?" not in link), None)


def _keep(name, problems):
    """HOPTAC_CRAWL_REPORT=folder: write every problem found, one file per role (to fix them in bulk)."""
    import os
    from pathlib import Path

    folder = os.environ.get("HOPTAC_CRAWL_REPORT")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{name}.txt").write_text("\n".join(problems), encoding="utf-8")
