"""Cached pages carry the same security headers as Django's answers."""

import io

import pytest
from django.test import override_settings

from .test_fastpath import app, call  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True,
                   SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_a_cached_page_sends_hsts_with_subdomains_and_the_csp(app):  # noqa: F811
    from django.core.signals import setting_changed

    app._read_settings()
    call(app)  # rendered by Django, then cached
    calls = app.application.calls
    environ_headers = {}

    def secure_call():
        from hoptac.portal import fastpath  # noqa: F401

        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": "/thong-ke/", "QUERY_STRING": "unit=31&date=2021-12-31",
            "SERVER_NAME": "localhost", "SERVER_PORT": "443", "HTTP_HOST": "localhost", "wsgi.url_scheme": "https",
            "HTTP_USER_AGENT": "Mozilla/5.0 Firefox/140.0", "wsgi.input": io.BytesIO(b""), "wsgi.errors": io.StringIO(),
            "SCRIPT_NAME": "",
        }

        def start_response(status, headers, exc_info=None):
            environ_headers.update(headers)

        b"".join(app(environ, start_response))

    secure_call()
    assert app.application.calls == calls  # answered from the cache
    assert environ_headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    policy = environ_headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "nonce" not in policy
    del setting_changed
