"""The answered requests of this process, turned into log lines and metrics in batches.

The request path only appends a tuple to a deque (:func:`note`); a thread of the
process takes what has come every ``INTERVAL`` seconds (:func:`drain`) and

- counts the batch into the request metrics with one increment per series and
  bucket (:func:`hoptac.ops.metrics.observe_many`), not three per request;
- writes the request log: one line per request, formatted from the tuples by our
  formatters in one pass and written at once, exactly as a record of each would
  have been (any other handler or filter gets ordinary records).

For a cached portal page this was most of the cost of the answer. A line or a
count reaches the log and ``/metrics`` within ``INTERVAL`` seconds; ``/metrics``
drains its own process first; the rest is drained at exit. A process killed
outright loses at most that much of its request log.

An entry is ``(time_ns, request id, user, method, path, status, seconds, remote, db)``.
"""

import atexit
import collections
import logging
import os
import threading
import time

from hoptac.ops import logs, metrics

INTERVAL = 0.5

_pending = collections.deque()  # append and popleft are atomic: no lock on the request path
_drain_lock = threading.Lock()  # one drain at a time, so lines leave in the order they came
_thread = None
log = logging.getLogger("hoptac.request")


def note(entry):
    """Record an answered request (see the module's docstring for the entry)."""
    _pending.append(entry)
    if _thread is None:
        _start()


def drain():
    """Log and count every request noted so far in this process; returns how many."""
    with _drain_lock:
        batch = []
        take, put = _pending.popleft, batch.append
        try:
            while True:
                put(take())
        except IndexError:
            pass
        if not batch:
            return 0
        metrics.observe_many(batch)
        if log.isEnabledFor(logging.INFO):
            logs.log_requests(log, batch)
        return len(batch)


def _start():
    global _thread
    with _drain_lock:
        if _thread is not None:
            return
        _thread = threading.Thread(target=_loop, name="hoptac-request-ledger", daemon=True)
        _thread.start()


def _loop():
    while True:
        time.sleep(INTERVAL)
        try:
            drain()
        except Exception:  # the thread must outlive a bad batch; the batch is lost, not the process
            logging.getLogger(__name__).exception("request log and metrics: a batch could not be written")


def _after_fork():
    """A forked worker has no thread yet and must not write its parent's requests again."""
    global _thread, _drain_lock
    _thread, _drain_lock = None, threading.Lock()
    _pending.clear()


os.register_at_fork(after_in_child=_after_fork)
atexit.register(drain)
