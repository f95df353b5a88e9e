"""The outermost WSGI layer: request id, request log and request metrics.

It wraps everything, the portal's fast path included, so that every answer is
logged and counted once. Django's middleware adds the user and the database
read from through the WSGI environ.
"""

import logging
import re
import time
import uuid

from hoptac.ops import logs, metrics

USER_KEY = "hoptac.user"
DB_KEY = "hoptac.db"
SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
log = logging.getLogger("hoptac.request")


def observe(application):
    def observed(environ, start_response):
        incoming = environ.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if SANE_ID.match(incoming) else uuid.uuid4().hex
        environ["HTTP_X_REQUEST_ID"] = rid
        logs.request_id.set(rid)
        started = time.perf_counter()
        seen = {"status": 500}

        def start(status, headers, exc_info=None):
            seen["status"] = int(status[:3])
            headers.append(("X-Request-ID", rid))
            return start_response(status, headers, exc_info)

        try:
            body = application(environ, start)
        except BaseException:
            finish(environ, rid, 500, started)
            raise
        return Closing(body, lambda: finish(environ, rid, seen["status"], started))

    return observed


class Closing:
    """The answer's body, calling ``done`` once the server has sent it."""

    def __init__(self, body, done):
        self.body, self.done = body, done

    def __iter__(self):
        return iter(self.body)

    def close(self):
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.done()


def finish(environ, rid, status, started):
    seconds = time.perf_counter() - started
    method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
    metrics.observe(method, path, status, seconds)
    if log.isEnabledFor(logging.INFO):
        user = environ.get(USER_KEY, "-")
        log.info("%s %s %s %.1fms %s", method, path, status, seconds * 1000, user, extra={
            "request_id": rid, "user": user, "method": method, "path": path,
            "status": status, "duration_ms": round(seconds * 1000, 1), "remote": environ.get("REMOTE_ADDR", ""),
            "db": environ.get(DB_KEY, "-")})
