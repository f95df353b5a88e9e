"""The footer's visitor counter: every view counted, bots ignored, nothing personal kept."""

import datetime
import zoneinfo
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    assert online_now() == 1


def test_the_cookie_is_random_expires_by_midnight_and_is_http_only(db):
    response = view()
    morsel = response.cookies[counter.COOKIE]
    assert len(morsel.value) == 32
    assert 60 <= int(morsel["max-age"]) <= 24 * 3600
    assert morsel["httponly"] and morsel["samesite"] == "Lax"


def online_now():
    """"Online now" as the footer shows it, read afresh from the table."""
    counter.visitors._figures = None
    return counter.visitors.figures()["online"]


def test_nothing_personal_is_stored(db):
    cookie = view().cookies[counter.COOKIE].value
    counter.visitors.flush()
    new = OnlineVisitor.objects.get()  # a new browser is a number in its second's count
    assert (new.visitors, new.since) == (1, None) and new.key.startswith("+") and cookie not in new.key
    view(cookie)
    counter.visitors.flush()
    back = OnlineVisitor.objects.exclude(pk=new.pk).get()  # a returning one, a keyed hash of its cookie
    assert cookie not in back.key and len(back.key) == 16 and int(back.key, 16) >= 0
    assert back.since.timestamp() == int(cookie[:8], 16) == int(new.last_seen.timestamp())
    assert [f.name for f in OnlineVisitor._meta.get_fields()] == ["id", "key", "last_seen", "since", "visitors"]


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


class Clock:
    """The counter's time, moved by the test (whole seconds, as the table keeps them)."""

    def __init__(self, monkeypatch, start=1_796_000_000):
        self.now = start
        monkeypatch.setattr(counter.time, "time", lambda: float(self.now))
        monkeypatch.setattr(counter.timezone, "now", lambda: counter._aware(self.now))

    def __iadd__(self, seconds):
        self.now += seconds
        return self


def test_views_either_side_of_local_midnight_count_in_their_own_days(db, monkeypatch):
    midnight = datetime.datetime(2026, 12, 2, tzinfo=zoneinfo.ZoneInfo(django_settings.TIME_ZONE))
    clock = Clock(monkeypatch, start=int(midnight.timestamp()) - 2)
    late = view().cookies[counter.COOKIE]
    assert int(late["max-age"]) == 60  # two seconds to midnight: the least the counter gives
    clock += 3
    view(late.value)  # the same browser, one second into the next day
    early = view().cookies[counter.COOKIE]
    assert int(early["max-age"]) == 24 * 3600 - 1
    assert counter.visitors.flush() == 3
    days = {d.day: (d.visits, d.views) for d in VisitorDay.objects.all()}
    assert days == {datetime.date(2026, 12, 1): (1, 1), datetime.date(2026, 12, 2): (1, 2)}


def test_a_crowd_of_new_browsers_is_online_once_each_and_a_return_keeps_it_online(db, monkeypatch):
    clock = Clock(monkeypatch)
    cookies = [view().cookies[counter.COOKIE].value for _ in range(1500)]
    assert len(set(cookies)) == 1500 and all(len(c) == 32 and int(c, 16) >= 0 for c in cookies)
    assert counter.visitors.flush() == 1500
    assert OnlineVisitor.objects.count() == 1  # one counted row for the second they came in
    assert online_now() == 1500
    clock += 240
    view(cookies[0])
    view(cookies[1])
    counter.visitors.flush()
    assert online_now() == 1500  # not counted twice
    clock += 120  # six minutes after the crowd came: only the two that came back are online
    assert online_now() == 2
    view(cookies[2])  # one more comes back, after its count has lapsed
    assert counter.visitors.figures()["online"] == 3  # seen here, not yet written
    counter.visitors.flush()
    assert online_now() == 3
    clock += 300
    assert online_now() == 1  # the last seen, exactly five minutes ago
    clock += 1
    assert online_now() == 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(0, 200), st.sampled_from(["new", "back", "back", "flush"]),
                                 st.integers(0, 30), st.booleans()), max_size=30))
def test_online_now_is_every_browser_seen_in_the_last_five_minutes(db, monkeypatch, steps):
    """Against a literal reference: a browser is online while its latest view is at most five minutes old
    (looked at, after a flush, wherever a step says so)."""
    OnlineVisitor.objects.all().delete()
    counter.visitors._take()
    counter.visitors._flushed = {}
    window = counter.ONLINE_WINDOW.total_seconds()
    with monkeypatch.context() as patch:
        clock = Clock(patch)
        cookies, last_view = [], []
        for wait, what, which, look in steps:
            clock += wait
            if what == "new" or not cookies:
                cookies.append(view().cookies[counter.COOKIE].value)
                last_view.append(clock.now)
            elif what == "back":
                view(cookies[which % len(cookies)])
                last_view[which % len(cookies)] = clock.now
            else:
                counter.visitors.flush()
            if look:
                counter.visitors.flush()
                assert online_now() == sum(1 for seen in last_view if seen >= clock.now - window)


def test_a_forked_worker_starts_with_an_empty_buffer(db, monkeypatch):
    view()
    view()
    monkeypatch.setattr(counter.visitors, "_thread", counter.visitors._thread)  # restored after the test
    counter.visitors._after_fork()  # what os.fork() runs in the child
    assert counter.visitors.flush() == 0
    assert counter.visitors._random == []  # the parent's unused cookie values are not given out again
    assert counter.visitors._thread is None
