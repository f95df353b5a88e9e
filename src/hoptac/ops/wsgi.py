"""The WSGI layer of request id, request log and request metrics around Django.

Every answer is logged and counted once: Django's here, the portal's cached pages
by its fast path in front (:mod:`hoptac.portal.fastpath`), with the same
:func:`request_id` and :func:`finish`. Django's middleware adds the user and the
database read from through the WSGI environ.
"""

import random
import re
import time

from hoptac.ops import ledger, logs

USER_KEY = "hoptac.user"
DB_KEY = "hoptac.db"
SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def observe(application):
    def observed(environ, start_response):
        started = time.perf_counter()
        rid = request_id(environ)
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
        if isinstance(body, list):
            # The whole answer is in hand (the portal's cached pages): done now. granian sends a
            # list in one piece; any other iterable it pulls from Python chunk by chunk, then closes.
            finish(environ, rid, seen["status"], started)
            return body
        return Closing(body, lambda: finish(environ, rid, seen["status"], started))

    return observed


def request_id(environ):
    """The request's id, the proxy's when it sent a sane one, set in the environ and the log context."""
    incoming = environ.get("HTTP_X_REQUEST_ID", "")
    # A request id only tells requests apart in the logs and needs no secrecy: a pseudo-random one
    # costs no system call (uuid4 asks the kernel, letting go of the interpreter lock, every request).
    rid = incoming if incoming and SANE_ID.match(incoming) else f"{random.getrandbits(128):032x}"
    environ["HTTP_X_REQUEST_ID"] = rid
    logs.request_id.set(rid)
    return rid


class Closing:
    """A streamed answer's body, calling ``done`` once the server has sent it."""

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
    """Hand the answered request to the ledger, which logs and counts it within half a second."""
    seconds = time.perf_counter() - started
    ledger.note((time.time_ns(), rid, environ.get(USER_KEY, "-"), environ.get("REQUEST_METHOD", ""),
                 environ.get("PATH_INFO", ""), status, seconds, environ.get("REMOTE_ADDR", ""),
                 environ.get(DB_KEY, "-")))
