"""Public pages are served from the cache until the data or the page changes."""

import pytest
from django.test.utils import CaptureQueriesContext
from django.db import connection

from hoptac.portal import cache
from hoptac.portal.models import DocumentsPage, PortalSettings, StatisticsPage

pytestmark = pytest.mark.django_db


def test_a_second_view_is_served_from_the_cache_without_queries(client, portal):
    client.get("/thong-ke/?unit=31&date=2021-12-31")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/thong-ke/?unit=31&date=2021-12-31")
    assert response.status_code == 200
    # answered before routing; the footer counter reuses the figures it read a moment ago
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_the_cache_key_depends_on_language_and_the_page_parameters(client, portal, make_org):
    vi = client.get("/thong-ke/?unit=31&date=2021-12-31").content.decode()
    en = client.get("/en/thong-ke/?unit=31&date=2021-12-31").content.decode()
    assert '<html lang="vi">' in vi and '<html lang="en">' in en
    other_date = client.get("/thong-ke/?unit=31&date=2020-12-31").content.decode()
    assert "31/12/2020" in other_date


def test_junk_parameters_share_one_cache_entry(client, portal):
    from django.test import RequestFactory

    factory = RequestFactory()
    a = factory.get("/thong-ke/", {"unit": "31", "x": "1"})
    b = factory.get("/thong-ke/", {"unit": "31", "y": "2"})
    params = StatisticsPage.cache_params
    assert cache.page_key(a, params) == cache.page_key(b, params)


def test_a_registry_write_shows_after_bump(client, portal, make_org):
    make_org(unit="303")
    assert "HTX Thử nghiệm 2" not in client.get("/hop-tac-xa/").content.decode()
    make_org(unit="303")
    assert "HTX Thử nghiệm 2" not in client.get("/hop-tac-xa/").content.decode()  # still cached
    cache.bump()
    assert "HTX Thử nghiệm 2" in client.get("/hop-tac-xa/").content.decode()


def test_a_lifecycle_write_invalidates_the_cache_when_it_commits(client, portal, make_org,
                                                                  django_capture_on_commit_callbacks):
    make_org(unit="303")
    client.get("/hop-tac-xa/")
    with django_capture_on_commit_callbacks(execute=True):
        make_org(unit="303")  # registry.lifecycle announces the change; the portal bumps its cache
    assert "HTX Thử nghiệm 2" in client.get("/hop-tac-xa/").content.decode()


def test_publishing_a_page_invalidates_the_cache(client, portal):
    client.get("/thong-ke/")
    page = StatisticsPage.objects.get()
    page.title = "Số liệu thống kê mới"
    page.save_revision().publish()
    assert "Số liệu thống kê mới" in client.get("/thong-ke/").content.decode()


def test_changing_the_footer_settings_invalidates_the_cache(client, portal):
    client.get("/")
    settings = PortalSettings.for_site(portal.get_site())
    settings.office = "Sở Tài chính thành phố"
    settings.save()
    assert "Sở Tài chính thành phố" in client.get("/").content.decode()


def test_signed_in_users_are_not_served_cached_pages(client, portal, django_user_model):
    client.get("/van-ban/")
    DocumentsPage.objects.update(title="Tiêu đề chưa qua bộ nhớ đệm")  # no publish signal: no bump
    assert "Tiêu đề chưa qua bộ nhớ đệm" not in client.get("/van-ban/").content.decode()
    client.force_login(django_user_model.objects.create_user("editor", password="a-long-password-1"))
    assert "Tiêu đề chưa qua bộ nhớ đệm" in client.get("/van-ban/").content.decode()
