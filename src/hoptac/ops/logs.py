"""Logs: one JSON object per line (``HOPTAC_LOG_FORMAT=json``) or readable text lines.

Every record carries the id of the request it belongs to; the request log
(logger ``hoptac.request``, one line per request) adds user, method, path,
status and duration. The request id comes from the proxy's ``X-Request-ID``
when it sends a sane one, else it is made here, and is returned in the answer's
``X-Request-ID`` header so that a user's report can be found in the logs.
"""

import contextvars
import datetime
import json
import logging
import math
import os
import sys
import threading
import time

request_id = contextvars.ContextVar("hoptac_request_id", default="")
REQUEST_FIELDS = ("request_id", "user", "method", "path", "status", "duration_ms", "remote", "db")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = request_id.get() or "-"
        return True


class RequestRecord(logging.LogRecord):
    """One line of the request log, made without LogRecord's own look-ups.

    LogRecord's ``__init__`` parses the calling file's path and asks for the thread's, the
    process's and the asyncio task's names on every record: for a cached portal page that was
    more than the page's own work. A request's line is always made at the same place, so those
    attributes are constants here; its time, thread and process are the record's own.
    """

    # Formatters read a record's __dict__: the constant attributes are copied into it at once.
    constant = {"name": "hoptac.request", "msg": "%s %s %s %.1fms %s", "levelno": logging.INFO, "levelname": "INFO",
                "pathname": "hoptac/ops/wsgi.py", "filename": "wsgi.py", "module": "wsgi", "lineno": 0,
                "funcName": "finish", "exc_info": None, "exc_text": None, "stack_info": None, "threadName": None,
                "processName": None, "taskName": None}
    started = time.time_ns()

    def __init__(self, now, request_id, user, method, path, status, seconds, remote, db):
        """``now``: when the request was answered, in nanoseconds since the epoch (``time.time_ns()``)."""
        self.__dict__.update(self.constant)
        self.created, self.msecs = now / 1e9, (now % 1_000_000_000) // 1_000_000 + 0.0
        self.relativeCreated = (now - self.started) / 1e6
        self.thread, self.process = threading.get_ident(), os.getpid()
        self.args = (method, path, status, seconds * 1000, user)
        self.request_id, self.user, self.method, self.path, self.status = request_id, user, method, path, status
        self.duration_ms, self.remote, self.db = round(seconds * 1000, 1), remote, db


class _Seconds:
    """A timestamp's text up to the second, computed once a second: ``time.strftime`` and
    ``datetime.isoformat`` on every line were a tenth of the request log's cost."""

    def __init__(self, render):
        self.render, self.last = render, (None, "")

    def __call__(self, created):
        second = int(created)
        last = self.last  # one tuple: formatters of two handlers may call at once
        if last[0] != second:
            last = self.last = (second, self.render(second))
        return last[1]


class TextFormatter(logging.Formatter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.seconds = _Seconds(lambda second: time.strftime(self.default_time_format, self.converter(second)))

    def formatTime(self, record, datefmt=None):
        if datefmt:
            return super().formatTime(record, datefmt)
        return f"{self.seconds(record.created)},{int(record.msecs):03d}"

    def format_requests(self, entries):
        """The lines ``format`` makes of each entry's :class:`RequestRecord`, made from the tuples at once
        (None when this formatter was given another format, which only records can fill)."""
        if self._fmt != TEXT_FORMAT or self.datefmt or type(self).converter is not TextFormatter.converter:
            return None
        seconds = self.seconds
        lines = []
        for prefix, (_now, rid, user, method, path, status, duration, _remote, _db) in _timed(
                entries, lambda now, milli: f"{seconds(now / 1e9)},{milli % 1000:03d} INFO hoptac.request ["):
            lines.append(f"{prefix}{rid or '-'}] {method} {path} {status} {duration * 1000:.1f}ms {user}")
        return lines


def _timed(entries, render):
    """Each request-log entry with ``render(now, millisecond)`` of its time, made once a millisecond.

    A record's second is that of the float ``now / 1e9``, which may round up to the next second in the
    last microseconds of a second: the text of a second's last millisecond is not reused."""
    last, text = None, ""
    for entry in entries:
        now = entry[0]
        millisecond = now // 1_000_000
        if millisecond != last:
            last = millisecond if millisecond % 1000 != 999 else None
            text = render(now, millisecond)
        yield text, entry


# json.dumps with options builds a new encoder on every call
_encode_json = json.JSONEncoder(ensure_ascii=False, default=str).encode
_json_string = json.encoder.encode_basestring  # a string as that encoder writes it (ensure_ascii=False)
_utc_seconds = _Seconds(lambda second: datetime.datetime.fromtimestamp(second, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S"))


class JsonFormatter(logging.Formatter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._known = {}  # a kind of request -> its line's pieces (see _pieces)

    def format(self, record):
        entry = {
            "time": f"{_utc_seconds(record.created)}.{int(record.msecs):03d}+00:00",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in REQUEST_FIELDS:
            value = getattr(record, field, None)
            if value not in (None, "-", ""):
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return _encode_json(entry)

    def format_requests(self, entries):
        """The lines ``format`` makes of each entry's :class:`RequestRecord`, made from the tuples at once.

        The JSON is written here as the encoder writes that dict (building the dict and encoding it cost a
        third more). What a line has besides its time, request id and duration is the same for every request
        of a page by the same user and client: those pieces are made once (:meth:`_pieces`). The time is
        reused within a millisecond, as in text lines.
        """
        if len(self._known) > 4096:  # too many kinds of request to remember (a crawler's 404s)
            self._known = {}
        lines, known_pieces, make = [], self._known, self._pieces
        for stamp, (_now, rid, user, method, path, status, duration, remote, db) in _timed(
                entries, lambda now, milli: f'{{"time": "{_utc_seconds(now / 1e9)}.{milli % 1000:03d}+00:00", '
                                            f'"level": "INFO", "logger": "hoptac.request", "message": '):
            key = (user, method, path, status, remote, db)
            known = known_pieces.get(key) or make(key)
            ms = duration * 1000
            # the message's figure needs no escaping: digits, a point, a sign or "inf"
            lines.append(f'{stamp}{known[0]}{ms:.1f}{known[1]}'
                         f'{_json_field(_REQUEST_ID, rid)}{known[2]}{_json_value(round(ms, 1))}{known[3]}')
        return lines

    def _pieces(self, key):
        """A line's constant pieces around the duration and request id, for one kind of request (JSON escapes
        a string character by character, so the message's parts can be escaped apart)."""
        user, method, path, status, remote, db = key
        pieces = (_json_string(f"{method} {path} {status} ")[:-1], _json_string(f"ms {user}")[1:],
                  "".join(_json_field(name, value) for name, value in (
                      (', "user": ', user), (', "method": ', method), (', "path": ', path), (', "status": ', status)))
                  + ', "duration_ms": ',
                  "".join(_json_field(name, value) for name, value in ((', "remote": ', remote), (', "db": ', db)))
                  + "}")
        self._known[key] = pieces
        return pieces


_REQUEST_ID = ', "request_id": '


def _json_field(name, value):
    """A field of a request's line as ``format`` writes it: left out when empty or "-"."""
    return "" if value in (None, "-", "") else name + _json_value(value)


def _json_value(value):
    """``value`` as ``_encode_json`` writes it, without the encoder's set-up for the usual kinds."""
    kind = type(value)
    if kind is str:
        return _json_string(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    return _encode_json(value)


def log_requests(logger, entries):
    """Write request-log entries (see :mod:`hoptac.ops.ledger`) through ``logger``'s handlers.

    Our batched handlers with our formatters take the batch whole; any other set-up (another
    handler, a filter, a propagating logger) gets a :class:`RequestRecord` for each entry.
    """
    handlers = logger.handlers
    if logger.propagate or logger.filters or not all(_takes_batches(h) for h in handlers):
        for entry in entries:
            logger.handle(RequestRecord(*entry))
        return
    for handler in handlers:
        lines = handler.formatter.format_requests(entries)
        if lines is None:
            for entry in entries:
                handler.handle(RequestRecord(*entry))
        else:
            handler.write_lines(lines)


def _takes_batches(handler):
    return (isinstance(handler, BatchedStreamHandler) and handler.level <= logging.INFO
            and all(isinstance(f, RequestIdFilter) for f in handler.filters)
            and hasattr(handler.formatter, "format_requests"))


class BatchedStreamHandler(logging.StreamHandler):
    """Standard error, written a batch of lines at a time: every ``interval`` seconds, when the
    buffer is full, and at exit.

    For the request log, one line per request: writing each line at once cost a cached portal
    page more than its own work (a system call per request, with the interpreter lock handed to
    another thread around it). A line reaches the log within ``interval`` seconds; a process
    killed outright loses at most that much of the request log. Other records are not batched.
    """

    def __init__(self, interval=0.5, buffer_size=64 * 1024):
        super().__init__()
        self.interval, self.buffer_size = interval, buffer_size
        self.pending, self.size, self.flusher = [], 0, None

    def emit(self, record):
        try:
            line = self.format(record) + self.terminator
        except Exception:
            self.handleError(record)
            return
        # emit runs under the handler's lock (Handler.handle)
        self.pending.append(line)
        self.size += len(line)
        if self.size >= self.buffer_size:
            self._write()
        elif self.flusher is None or not self.flusher.is_alive():  # none yet, or lost in a fork
            self.flusher = threading.Thread(target=self._loop, name="hoptac-log-flush", daemon=True)
            self.flusher.start()

    def _write(self):
        lines, self.pending, self.size = self.pending, [], 0
        if lines:
            stream = self.stream if self.stream is not None else sys.stderr
            try:
                stream.write("".join(lines))
                stream.flush()
            except (OSError, ValueError):
                # Standard error closed or broken (the process shutting down, or a runner that replaced and
                # closed it): the lines have nowhere to go, and the flushing thread must not die of it.
                pass

    def write_lines(self, lines):
        """Lines already formatted (a batch of the request log), written now after any pending."""
        with self.lock:
            self.pending.append(self.terminator.join(lines) + self.terminator)
            self._write()

    def flush(self):
        with self.lock:
            self._write()

    def _loop(self):
        while True:
            time.sleep(self.interval)
            self.flush()


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def config(level="WARNING", fmt="text", access=True):
    """Django's LOGGING: everything to standard error; the request log at INFO when ``access``."""
    formatter = {"()": JsonFormatter} if fmt == "json" else {"()": TextFormatter, "fmt": TEXT_FORMAT}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"hoptac": formatter},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "hoptac", "filters": ["request_id"]},
            "requests": {"()": BatchedStreamHandler, "formatter": "hoptac", "filters": ["request_id"]},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "hoptac.request": {"handlers": ["requests"], "level": "INFO" if access else "WARNING", "propagate": False},
            # Django's own request log repeats ours for 4xx/5xx (without the request id); keep its errors only.
            "django.request": {"level": "ERROR"},
        },
    }
