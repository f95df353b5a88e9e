"""The footer's visitor counter: every view counted, bots ignored, nothing personal kept."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import RequestFactory

from hoptac.portal import counter
from hoptac.portal.models import OnlineVisitor, VisitorDay

pytestmark = pytest.mark.django_db
UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


def view(cookie=None, ua=UA):
    from django.http import HttpResponse

    request = RequestFactory().get("/", HTTP_USER_AGENT=ua)
    if cookie:
        request.COOKIES[counter.COOKIE] = cookie
    response = HttpResponse("ok")
    counter.record(request, response)
    return response


def test_a_new_browser_is_a_visit_and_its_next_views_are_not(db):
    first = view()
    cookie = first.cookies[counter.COOKIE].value
    view(cookie)
    view(cookie)
    counter.visitors.flush()
    today = VisitorDay.objects.get()
    assert (today.visits, today.views) == (1, 3)
    assert OnlineVisitor.objects.count() == 1


def test_the_cookie_is_random_expires_by_midnight_and_is_http_only(db):
    response = view()
    morsel = response.cookies[counter.COOKIE]
    assert len(morsel.value) == 32
    assert 60 <= int(morsel["max-age"]) <= 24 * 3600
    assert morsel["httponly"] and morsel["samesite"] == "Lax"


def test_nothing_personal_is_stored(db):
    response = view()
    cookie = response.cookies[counter.COOKIE].value
    counter.visitors.flush()
    stored = OnlineVisitor.objects.get()
    assert cookie not in stored.key and len(stored.key) == 16
    assert [f.name for f in OnlineVisitor._meta.get_fields()] == ["id", "key", "last_seen"]


@pytest.mark.parametrize("ua", ["", "Googlebot/2.1", "curl/8.5", "python-requests/2.32", "Mozilla/5.0 HeadlessChrome/130"])
def test_bots_are_ignored(db, ua):
    view(ua=ua)
    assert counter.visitors.flush() == 0
    assert not VisitorDay.objects.exists()


def test_concurrent_views_are_all_counted_with_flushes_in_between(db):
    """250 views from 25 threads while this thread keeps flushing: no count lost."""

    def browse(_):
        response = view()
        cookie = response.cookies[counter.COOKIE].value
        for _ in range(9):
            view(cookie)

    # the views only touch memory; this thread flushes meanwhile (it holds the test's connection)
    with ThreadPoolExecutor(max_workers=25) as pool:
        futures = [pool.submit(browse, i) for i in range(25)]
        while not all(f.done() for f in futures):
            counter.visitors.flush()
        for f in futures:
            f.result()
    counter.visitors.flush()
    today = VisitorDay.objects.get()
    assert today.views == 250
    assert today.visits == 25


def test_a_failed_flush_keeps_the_counts(db, monkeypatch):
    view()
    view()

    def broken(*args, **kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(VisitorDay.objects, "get_or_create", broken)
    with pytest.raises(RuntimeError):
        counter.visitors.flush()
    monkeypatch.undo()
    assert counter.visitors.flush() == 2
    assert VisitorDay.objects.get().views == 2


def test_footer_shows_online_today_week_and_total(client, portal):
    client.get("/")
    client.get("/tin-tuc/")
    html = client.get("/thong-ke/").content.decode()
    assert 'id="footer-visitors-title"' in html
    figures = counter.visitors.figures()
    assert figures == {"online": 1, "today": 1, "week": 1, "total": 1}
    counter.visitors.flush()
    assert VisitorDay.objects.get().views == 3


def test_a_crowd_of_new_browsers_is_online_once_each_and_a_return_refreshes_its_time(db):
    cookies = [view().cookies[counter.COOKIE].value for _ in range(1500)]
    assert len(set(cookies)) == 1500 and all(len(c) == 32 and int(c, 16) >= 0 for c in cookies)
    assert counter.visitors.flush() == 1500
    assert OnlineVisitor.objects.count() == 1500
    first_seen = OnlineVisitor.objects.order_by("last_seen").first().last_seen
    OnlineVisitor.objects.update(last_seen=first_seen - counter.ONLINE_WINDOW)  # five minutes pass
    counter.visitors._flushed = {}
    view(cookies[0])
    view(cookies[1])
    counter.visitors.flush()
    assert OnlineVisitor.objects.count() == 1500  # refreshed, not added
    assert OnlineVisitor.objects.filter(last_seen__gte=first_seen).count() == 2
    counter.visitors._figures = None
    assert counter.visitors.figures()["online"] == 2


def test_a_forked_worker_starts_with_an_empty_buffer(db, monkeypatch):
    view()
    view()
    monkeypatch.setattr(counter.visitors, "_thread", counter.visitors._thread)  # restored after the test
    counter.visitors._after_fork()  # what os.fork() runs in the child
    assert counter.visitors.flush() == 0
    assert counter.visitors._random == []  # the parent's unused cookie values are not given out again
    assert counter.visitors._thread is None
