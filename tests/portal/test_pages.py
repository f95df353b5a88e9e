"""Every page type renders, in Vietnamese at / and in English under /en/."""

import datetime

import pytest
from wagtail.models import Page

from hoptac.portal.models import ArticlePage, NewsIndexPage
from hoptac.portal.pages import ensure_portal_pages

pytestmark = pytest.mark.django_db


def test_ensure_portal_pages_creates_the_sections_once(portal):
    first = sorted(portal.get_children().values_list("slug", flat=True))
    ensure_portal_pages()
    again = sorted(portal.get_children().values_list("slug", flat=True))
    assert first == again == ["hop-tac-xa", "thong-ke", "tin-tuc", "van-ban"]


@pytest.mark.parametrize("path", ["/", "/tin-tuc/", "/thong-ke/", "/hop-tac-xa/", "/van-ban/"])
def test_each_section_renders_in_vietnamese_with_landmarks(client, portal, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer", 'class="skip-link" href="#main"'):
        assert landmark in html


@pytest.mark.parametrize("path", ["/en/", "/en/tin-tuc/", "/en/thong-ke/", "/en/hop-tac-xa/", "/en/van-ban/"])
def test_each_section_renders_in_english_under_en(client, portal, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html
    assert 'href="/en/thong-ke/"' in html  # navigation stays in English


def test_language_switch_links_to_the_same_page_in_the_other_language(client, portal):
    vi = client.get("/thong-ke/?unit=31").content.decode()
    assert 'href="/en/thong-ke/?unit=31" hreflang="en"' in vi
    en = client.get("/en/thong-ke/?unit=31").content.decode()
    assert 'href="/thong-ke/?unit=31" hreflang="vi"' in en


def _article(index, title, date, tags=(), lead="Tóm tắt.", slug=None):
    slug = slug or f"tin-{date.isoformat()}"
    article = index.add_child(instance=ArticlePage(title=title, slug=slug, date=date, lead=lead, authors="Ban biên tập"))
    for tag in tags:
        article.tags.add(tag)
    article.save_revision().publish()
    return article


def test_news_index_paginates_newest_first_and_filters_by_tag(client, portal):
    index = NewsIndexPage.objects.get()
    for day in range(1, 13):
        _article(index, f"Tin số {day}", datetime.date(2021, 10, day), tags=["hội nghị"] if day % 2 else [])
    page1 = client.get("/tin-tuc/").content.decode()
    assert page1.index("Tin số 12") < page1.index("Tin số 11")
    assert "Tin số 2<" not in page1 and "Tin số 1<" not in page1
    page2 = client.get("/tin-tuc/?page=2").content.decode()
    assert "Tin số 2<" in page2 and "Tin số 1<" in page2
    tagged = client.get("/tin-tuc/?tag=hội nghị").content.decode()
    assert "Tin số 11" in tagged and "Tin số 12" not in tagged


def test_article_shows_lead_authors_date_and_tags(client, portal):
    index = NewsIndexPage.objects.get()
    _article(index, "Hội nghị tổng kết", datetime.date(2021, 10, 28), tags=["Nghị quyết 13"], lead="Thành phố tổng kết.",
             slug="hoi-nghi-tong-ket")
    html = client.get("/tin-tuc/hoi-nghi-tong-ket/").content.decode()
    assert "Thành phố tổng kết." in html
    assert "Ban biên tập" in html
    assert '<time datetime="2021-10-28">28/10/2021</time>' in html
    assert "Nghị quyết 13" in html


def test_home_lists_the_latest_news(client, portal):
    index = NewsIndexPage.objects.get()
    _article(index, "Tin mới nhất", datetime.date(2021, 11, 1))
    assert "Tin mới nhất" in client.get("/").content.decode()


def test_an_unpublished_section_is_not_served(client, portal):
    Page.objects.get(slug="van-ban").specific.unpublish()
    assert client.get("/van-ban/").status_code == 404
