"""The WSGI fast path answers cached public pages before Django, and only those."""

import io

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from hoptac.portal import cache, counter
from hoptac.portal.fastpath import FastPath
from hoptac.portal.models import VisitorDay

pytestmark = pytest.mark.django_db
UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


class Spy:
    """The Django application, noting whether it was called."""

    def __init__(self):
        self.calls = 0
        self.django = WSGIHandler()

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.django(environ, start_response)


def call(app, path="/thong-ke/", query="unit=31&date=2021-12-31", method="GET", cookie="", accept_encoding=""):
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "localhost",
        "SERVER_PORT": "80", "HTTP_HOST": "localhost", "HTTP_USER_AGENT": UA, "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""), "wsgi.errors": io.StringIO(), "SCRIPT_NAME": "",
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    if accept_encoding:
        environ["HTTP_ACCEPT_ENCODING"] = accept_encoding
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, headers

    body = b"".join(app(environ, start_response))
    return seen["status"], dict(seen["headers"]), body


@pytest.fixture
def app(portal):
    # As Django's test client does: a request must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield FastPath(Spy())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_first_view_goes_to_django_then_the_cache_answers(app):
    status, _, first = call(app)
    assert status.startswith("200") and app.application.calls == 1
    status, headers, second = call(app)
    assert status.startswith("200") and app.application.calls == 1
    assert b'id="key-figures"' in second and b"footer-visitors" in second
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Set-Cookie"].startswith(f"{counter.COOKIE}=")


def test_views_answered_by_the_fast_path_are_counted(app):
    for _ in range(5):
        call(app)
    counter.visitors.flush()
    assert VisitorDay.objects.get().views == 5


@pytest.mark.parametrize("kwargs", [
    {"method": "POST"},
    {"cookie": "sessionid=abc"},
    {"query": "unit=31&format=csv"},
    {"path": "/admin/"},
])
def test_other_requests_go_to_django(app, kwargs):
    call(app)
    before = app.application.calls
    call(app, **kwargs)
    assert app.application.calls == before + 1


def test_a_bump_is_seen_by_the_fast_path(app):
    call(app)
    cache.bump()
    app._token_at = 0  # the version is re-read at most once a second; pretend a second passed
    call(app)
    assert app.application.calls == 2


def test_english_pages_are_cached_apart(app):
    call(app, path="/en/thong-ke/")
    status, headers, body = call(app, path="/en/thong-ke/")
    assert b'<html lang="en">' in body and headers["Content-Language"] == "en"
    assert app.application.calls == 1


def test_browsers_that_accept_gzip_get_the_page_compressed(app):
    import gzip

    call(app)
    _, plain_headers, plain = call(app)
    status, headers, body = call(app, accept_encoding="gzip, deflate, br")
    assert status.startswith("200") and headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"] and int(headers["Content-Length"]) == len(body) < len(plain) / 3
    # the same page (the live counter in the footer may have moved on in between)
    assert gzip.decompress(body).split(b"footer-visitors")[0] == plain.split(b"footer-visitors")[0]
    assert "Content-Encoding" not in plain_headers
