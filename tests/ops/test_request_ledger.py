"""The request ledger: requests noted on the request path, logged and counted in batches exactly
as they would have been one by one."""

import io
import logging
import threading

from hypothesis import example, given, settings
from hypothesis import strategies as st
from prometheus_client import CollectorRegistry, Histogram

from hoptac.ops import ledger, logs, metrics

NOW = st.integers(min_value=1_700_000_000 * 10**9, max_value=1_900_000_000 * 10**9)
# Requests answered a few microseconds apart, across milliseconds and seconds (a line's time is reused
# within a millisecond)
CLOSE = st.integers(min_value=1_799_999_999_997_000_000, max_value=1_800_000_000_001_000_000)
ENTRY = st.tuples(
    st.one_of(NOW, CLOSE),
    st.sampled_from(["", "f" * 32, "proxy-given-id-42"]),
    st.sampled_from(["-", "canbo", "Nguyễn Văn A", 'say "hi"\\\n']),
    st.sampled_from(["GET", "HEAD", "POST", "BREW"]),
    st.sampled_from(["/", "/thống-kê/", "/api/v1/units/", "/admin/", "/healthz", "/metrics"]),
    st.sampled_from([200, 302, 404, 500, 503]),
    st.one_of(st.floats(min_value=0, max_value=60, allow_nan=False), st.just(float("inf"))),
    st.sampled_from(["", "127.0.0.1", "203.0.113.7"]),
    st.sampled_from(["-", "default", "replica"]),
)
FORMATTERS = {"text": logs.TextFormatter(logs.TEXT_FORMAT), "json": logs.JsonFormatter()}


# In a second's last millisecond, ``now / 1e9`` may round up to the next second: a record then shows
# the next second with the millisecond 999, and the line made from the tuple must say the same.
LAST_MICROSECONDS = [(1_799_999_999_999_000_000 + gap, "", "-", "GET", "/", 200, 0.001, "", "-")
                     for gap in (0, 999_000, 999_990)]


@settings(max_examples=60, deadline=None)
@given(entries=st.lists(ENTRY, max_size=20), kind=st.sampled_from(sorted(FORMATTERS)))
@example(entries=LAST_MICROSECONDS, kind="text")
@example(entries=LAST_MICROSECONDS, kind="json")
def test_a_batch_of_lines_is_what_a_record_of_each_would_give(entries, kind):
    formatter = FORMATTERS[kind]
    expected = []
    outside_requests = logs.request_id.set("")  # as in the ledger's thread
    try:
        for entry in entries:
            record = logs.RequestRecord(*entry)
            logs.RequestIdFilter().filter(record)
            expected.append(formatter.format(record))
    finally:
        logs.request_id.reset(outside_requests)
    assert formatter.format_requests(entries) == expected


@settings(max_examples=60, deadline=None)
@given(amounts=st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), max_size=40))
def test_a_batch_is_counted_as_each_request_would_be(amounts):
    buckets = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
    one_by_one, batched = CollectorRegistry(), CollectorRegistry()
    each = Histogram("latency", "each", buckets=buckets, registry=one_by_one)
    whole = Histogram("latency", "whole", buckets=buckets, registry=batched)
    for amount in amounts:
        each.observe(amount)
    metrics._observe_all(whole, amounts)

    def samples(registry):
        return {(s.name, tuple(sorted(s.labels.items()))): s.value
                for family in registry.collect() for s in family.samples if not s.name.endswith("_created")}

    got, want = samples(batched), samples(one_by_one)
    assert got.keys() == want.keys()
    for key, value in want.items():
        assert got[key] == (value if not key[0].endswith("_sum") else got[key])
    assert abs(got[("latency_sum", ())] - want[("latency_sum", ())]) <= 1e-9 * max(1, want[("latency_sum", ())])


def configured_logger(name, stream, formatter):
    """A logger set up as ``logs.config`` sets up the request log."""
    handler = logs.BatchedStreamHandler(interval=60)
    handler.setStream(stream)
    handler.setFormatter(formatter)
    handler.addFilter(logs.RequestIdFilter())
    logger = logging.getLogger(name)
    logger.handlers, logger.propagate, logger.level = [handler], False, logging.INFO
    return logger


def test_the_configured_request_log_takes_a_batch_in_one_write():
    stream, writes = io.StringIO(), []
    stream.write = lambda text, write=stream.write: (writes.append(text), write(text))[1]
    logger = configured_logger("hoptac.test.ledger.fast", stream, logs.TextFormatter(logs.TEXT_FORMAT))
    entries = [(1_800_000_000_123_456_789 + n, f"{n:032x}", "-", "GET", f"/p{n}/", 200, 0.001 * n, "", "-")
               for n in range(50)]
    logs.log_requests(logger, entries)
    assert len(writes) == 1
    assert stream.getvalue().splitlines() == logs.TextFormatter(logs.TEXT_FORMAT).format_requests(entries)


def test_any_other_request_log_gets_a_record_for_each_request():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    seen = []
    handler.addFilter(lambda record: seen.append(type(record)) or True)
    logger = logging.getLogger("hoptac.test.ledger.other")
    logger.handlers, logger.propagate, logger.level = [handler], False, logging.INFO
    entries = [(1_800_000_000 * 10**9, "r" * 32, "canbo", "GET", "/", 200, 0.5, "127.0.0.1", "default")] * 3
    logs.log_requests(logger, entries)
    assert seen == [logs.RequestRecord] * 3
    assert stream.getvalue().splitlines() == logs.JsonFormatter().format_requests(entries)


def test_requests_noted_from_many_threads_are_each_logged_once(monkeypatch):
    stream = io.StringIO()
    logger = configured_logger("hoptac.test.ledger.threads", stream, logs.TextFormatter(logs.TEXT_FORMAT))
    monkeypatch.setattr(ledger, "log", logger)
    monkeypatch.setattr(metrics, "observe_many", lambda entries: None)
    ledger.drain()
    stream.truncate(0)

    def requests(thread):
        for n in range(2000):
            ledger.note((1_800_000_000 * 10**9, f"{thread}-{n:05d}", "-", "GET", "/", 200, 0.0, "", "-"))

    threads = [threading.Thread(target=requests, args=(t,)) for t in range(6)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        ledger.drain()  # drains racing the requests, as the ledger's thread does
    for thread in threads:
        thread.join()
    ledger.drain()
    ids = [line.split("[")[1].split("]")[0] for line in stream.getvalue().splitlines()]
    assert len(ids) == len(set(ids)) == 6 * 2000
    for t in range(6):  # each thread's requests in the order they came
        mine = [i for i in ids if i.startswith(f"{t}-")]
        assert mine == sorted(mine)
