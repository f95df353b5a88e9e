"""One JSON line per request with its id, user and duration; /metrics for the operator only."""

import io
import json
import logging
import sys
import time
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, override_settings
from prometheus_client import REGISTRY

from hoptac.ops import ledger
from hoptac.ops.logs import TEXT_FORMAT, BatchedStreamHandler, JsonFormatter, RequestIdFilter, RequestRecord, TextFormatter
from hoptac.ops.wsgi import observe
from hoptac.portal import fastpath
from tests.accounts.factories import make_user

pytestmark = pytest.mark.django_db


def call(path, **environ):
    """Through hoptac's WSGI stack as `hoptac.wsgi` builds it (without setting Django up again,
    which would reconfigure logging): the request log wraps the portal's fast path too."""
    application = observe(fastpath.wrap(WSGIHandler()))
    env = {"PATH_INFO": path, "REMOTE_ADDR": "127.0.0.1", "wsgi.errors": sys.stderr, **environ}
    setup_testing_defaults(env)
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen.update(status=int(status[:3]), headers=dict(headers))

    # As Django's test client does: the test's transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = application(env, start_response)
        content = b"".join(body)
        if hasattr(body, "close"):
            body.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return seen["status"], seen["headers"], content


@pytest.fixture
def json_log():
    ledger.drain()  # earlier tests' requests are not this test's: written before this handler is there
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("hoptac.request")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    def lines():
        ledger.drain()  # what the ledger's thread does every half second
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_each_request_is_one_json_line_with_its_id_user_and_duration(json_log):
    officer = make_user("canbo", role="province_officer")
    client = Client()
    client.force_login(officer)
    cookie = f"sessionid={client.cookies['sessionid'].value}"

    status, headers, _ = call("/admin/", HTTP_COOKIE=cookie, HTTP_X_REQUEST_ID="proxy-given-id-42")
    call("/healthz")

    assert status == 200 and headers["X-Request-ID"] == "proxy-given-id-42"
    first, second = json_log()
    assert {"time", "level", "message", "request_id", "user", "method", "path", "status", "duration_ms"} <= set(first)
    assert (first["request_id"], first["user"], first["method"], first["path"], first["status"]) == (
        "proxy-given-id-42", "canbo", "GET", "/admin/", 200)
    assert first["duration_ms"] > 0
    assert "user" not in second and len(second["request_id"]) == 32


def test_a_whole_answer_is_handed_on_as_a_list_logged_and_counted_once(json_log):
    """The portal's cached pages come as a list: granian sends a list in one piece, any other
    iterable chunk by chunk through Python."""
    page = b"<html>cached</html>"

    def cached_page(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html")])
        return [page]

    def answered():
        return REGISTRY.get_sample_value("hoptac_http_requests_total",
                                         {"section": "portal", "method": "GET", "status": "200"}) or 0

    before = answered()
    env = {"PATH_INFO": "/thong-ke/", "REMOTE_ADDR": "127.0.0.1"}
    setup_testing_defaults(env)
    seen = {}
    body = observe(cached_page)(env, lambda status, headers, exc_info=None: seen.update(headers=dict(headers)))

    assert body == [page]
    [line] = json_log()  # logged once
    assert (line["path"], line["status"], line["request_id"]) == ("/thong-ke/", 200, seen["headers"]["X-Request-ID"])
    assert len(line["request_id"]) == 32 and int(line["request_id"], 16) >= 0
    assert answered() == before + 1


@pytest.mark.parametrize("formatter", [TextFormatter(TEXT_FORMAT), JsonFormatter()], ids=["text", "json"])
def test_a_request_line_reads_as_a_standard_record_would(formatter):
    """The request log's lean record and the formatters' once-a-second time give the very line
    that logging's own record and formatting give, in both formats, across seconds."""
    fields = ("f" * 32, "canbo", "GET", "/thống-kê/", 200, 0.01234, "203.0.113.7", "replica")
    standard = logging.Formatter(TEXT_FORMAT) if isinstance(formatter, TextFormatter) else JsonFormatter()
    for created in (1_796_000_000.0, 1_796_000_000.5, 1_796_000_001.999, 1_796_003_600.25):
        lean = RequestRecord(0, *fields)
        lean.created, lean.msecs = created, created * 1000 % 1000 // 1
        usual = logging.getLogger("hoptac.request").makeRecord(
            "hoptac.request", logging.INFO, "wsgi.py", 0, "%s %s %s %.1fms %s", ("GET", "/thống-kê/", 200, 12.34, "canbo"),
            None, extra=dict(zip(("request_id", "user", "method", "path", "status", "duration_ms", "remote", "db"),
                                 (*fields[:5], 12.3, *fields[6:]))))
        usual.created, usual.msecs = lean.created, lean.msecs
        assert formatter.format(lean) == standard.format(usual)
    assert formatter.format(lean).count("12.3") == (1 if isinstance(formatter, TextFormatter) else 2)


def test_the_request_log_is_written_in_batches_and_none_is_lost():
    stream = io.StringIO()
    writes = []
    stream.write = lambda text, write=stream.write: (writes.append(text), write(text))[1]
    handler = BatchedStreamHandler(interval=0.2, buffer_size=200)
    handler.setStream(stream)
    logger = logging.getLogger("hoptac.test.batched")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("first")
        logger.warning("second")
        assert stream.getvalue() == ""  # not yet: a line per system call is what this handler spares
        deadline = time.monotonic() + 5
        while not stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert stream.getvalue() == "first\nsecond\n" and len(writes) == 1  # within the interval, at once
        for n in range(40):  # 40 lines of 8 characters: the 200-character buffer is written when full
            logger.warning("line %02d", n)
        assert stream.getvalue().count("line") >= 25
        handler.flush()  # what logging.shutdown does at exit
        assert stream.getvalue().splitlines()[2:] == [f"line {n:02d}" for n in range(40)]
    finally:
        logger.removeHandler(handler)


def test_metrics_answer_the_operator_on_loopback(json_log):
    call("/healthz")
    status, headers, body = call("/metrics")
    text = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    for name in ("hoptac_http_requests_total", "hoptac_http_request_duration_seconds_bucket",
                 "hoptac_tasks_queued", "hoptac_worker_last_heartbeat_timestamp_seconds",
                 "hoptac_backup_last_timestamp_seconds", "hoptac_database_up 1"):
        assert name in text


@pytest.mark.parametrize("environ", [
    {"REMOTE_ADDR": "203.0.113.7"},                                   # an outsider
    {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"},  # an outsider through the proxy
    {"REMOTE_ADDR": "203.0.113.7", "HTTP_AUTHORIZATION": "Bearer wrong-token-wrong-token-wrong"},
])
def test_metrics_are_not_reachable_by_the_public(environ):
    status, _headers, body = call("/metrics", **environ)
    assert status == 404 and b"hoptac_" not in body


@override_settings(HOPTAC_METRICS_TOKEN="t" * 32)
def test_metrics_answer_the_operators_token_from_anywhere():
    status, _headers, body = call("/metrics", REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION="Bearer " + "t" * 32)
    assert status == 200 and b"hoptac_tasks_queued" in body


def test_the_batched_log_drops_its_lines_quietly_when_its_stream_is_closed():
    stream = io.StringIO()
    handler = BatchedStreamHandler(interval=0.05)
    handler.setStream(stream)
    record = logging.LogRecord("hoptac.request", logging.INFO, __file__, 1, "GET /", None, None)
    handler.emit(record)
    stream.close()
    handler.flush()  # no ValueError from the closed stream
    assert handler.pending == []
    handler.emit(record)  # and the flushing thread keeps running
    time.sleep(0.2)
    assert handler.flusher.is_alive() and handler.pending == []
