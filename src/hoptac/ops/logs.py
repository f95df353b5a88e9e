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

request_id = contextvars.ContextVar("hoptac_request_id", default="")
REQUEST_FIELDS = ("request_id", "user", "method", "path", "status", "duration_ms", "remote", "db")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = request_id.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
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
        return json.dumps(entry, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def config(level="WARNING", fmt="text", access=True):
    """Django's LOGGING: everything to standard error; the request log at INFO when ``access``."""
    formatter = {"()": JsonFormatter} if fmt == "json" else {"format": TEXT_FORMAT}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"hoptac": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "hoptac", "filters": ["request_id"]}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "hoptac.request": {"handlers": ["console"], "level": "INFO" if access else "WARNING", "propagate": False},
            # Django's own request log repeats ours for 4xx/5xx (without the request id); keep its errors only.
            "django.request": {"level": "ERROR"},
        },
    }
