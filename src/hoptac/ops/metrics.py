"""Metrics for the operator in Prometheus' text format, at ``/metrics``.

Request counters and latencies are kept by each server process; under
``hoptac serve`` (several processes) they are shared through files in
``PROMETHEUS_MULTIPROC_DIR``, which the command sets and empties at start. The
state of the installation (task queue, worker heartbeat, last backup, database
and replica) is read from the database when the endpoint is asked.
"""

import bisect
import os

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client import multiprocess
from prometheus_client.core import REGISTRY

MULTIPROC_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
SECTIONS = (("/admin/", "admin"), ("/api/", "api"), ("/static/", "static"), ("/media/", "media"),
            ("/documents/", "documents"), ("/healthz", "health"), ("/metrics", "metrics"))

REQUESTS = Counter("hoptac_http_requests", "HTTP requests answered", ["section", "method", "status"])
ERRORS = Counter("hoptac_http_server_errors", "HTTP requests answered with a server error (5xx)", ["section"])
LATENCY = Histogram("hoptac_http_request_duration_seconds", "Time to answer an HTTP request", ["section"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def section(path):
    for prefix, name in SECTIONS:
        if path.startswith(prefix):
            return name
    return "portal"


_sections = {}  # path -> section, for the paths answered lately


def _section_of(path):
    found = _sections.get(path)
    if found is None:
        if len(_sections) > 4096:
            _sections.clear()
        found = _sections[path] = section(path)
    return found


_series = {}  # (section, method, status) -> (request counter, latency histogram)


def observe_many(entries):
    """Count a batch of answered requests (entries of :mod:`hoptac.ops.ledger`), as ``observe`` would each.

    One increment per series, and per histogram bucket, for the whole batch: under ``hoptac serve``
    each increment takes a lock, asks the system for the process id and writes a shared file.
    """
    groups = {}  # (section, method, status) -> durations
    for entry in entries:
        method, status = entry[3], entry[5]
        key = (_section_of(entry[4]), method if method in METHODS else "other", status)
        found = groups.get(key)
        if found is None:
            groups[key] = [entry[6]]
        else:
            found.append(entry[6])
    for key, durations in groups.items():
        found = _series.get(key)
        if found is None:  # labels() takes a lock and builds its key each time: once per series here
            found = _series[key] = (REQUESTS.labels(key[0], key[1], str(key[2])), LATENCY.labels(key[0]))
        found[0].inc(len(durations))
        _observe_all(found[1], durations)
        if key[2] >= 500:
            ERRORS.labels(key[0]).inc(len(durations))


def _observe_all(histogram, amounts):
    """``histogram.observe`` of each amount, with one increment of each bucket touched and of the sum.

    This reads the histogram's bucket bounds and values (prometheus_client has no batch
    observation); ``test_a_batch_is_counted_as_each_request_would_be`` holds it to ``observe``.
    """
    bounds, buckets = getattr(histogram, "_upper_bounds", None), getattr(histogram, "_buckets", None)
    total = getattr(histogram, "_sum", None)
    if bounds is None or buckets is None or total is None:
        for amount in amounts:
            histogram.observe(amount)
        return
    counts = {}
    for amount in amounts:
        i = bisect.bisect_left(bounds, amount)  # the first bound at or above: observe's bucket
        counts[i] = counts.get(i, 0) + 1
    total.inc(sum(amounts))
    for i, n in counts.items():
        buckets[i].inc(n)


def request_metrics():
    """The request metrics of every server process, as Prometheus text."""
    if os.environ.get(MULTIPROC_VARIABLE):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry).decode()
    return generate_latest(REGISTRY).decode()


def _line(name, value, help_text, kind="gauge", labels=None):
    label_text = "{" + ",".join(f'{k}="{v}"' for k, v in labels.items()) + "}" if labels else ""
    return f"# HELP {name} {help_text}\n# TYPE {name} {kind}\n{name}{label_text} {value}\n"


def state_metrics():
    """Gauges read now: version, database, replica, task queue, worker heartbeat, last backup."""
    import hoptac
    from django.db import DatabaseError, connections
    from django.db.models import Count

    from hoptac.ops import heartbeat, replica

    out = []
    try:
        from django_tasks_db.models import DBTaskResult

        counts = {status: 0 for status in ("READY", "RUNNING", "FAILED", "SUCCESSFUL")}
        for row in DBTaskResult.objects.using("default").values("status").order_by().annotate(n=Count("id")):
            counts[row["status"]] = row["n"]
        installation = heartbeat_installation()
        out.append(_line("hoptac_info", 1, "Version and installation", labels={
            "version": hoptac.__version__, "installation": installation}))
        out.append(_line("hoptac_database_up", 1, "The primary database answers"))
        out.append(_line("hoptac_tasks_queued", counts["READY"], "Background tasks waiting for the worker"))
        out.append(_line("hoptac_tasks_running", counts["RUNNING"], "Background tasks being run"))
        out.append(_line("hoptac_tasks_failed", counts["FAILED"], "Background tasks that failed (kept 14 days)"))
        for name, metric, help_text in (
                (heartbeat.WORKER, "hoptac_worker_last_heartbeat_timestamp_seconds", "Last heartbeat of hoptac worker"),
                (heartbeat.BACKUP, "hoptac_backup_last_timestamp_seconds", "When the last backup was made")):
            at, detail = heartbeat.last(name)
            out.append(_line(metric, at.timestamp() if at else 0, help_text))
            if name == heartbeat.BACKUP:
                out.append(_line("hoptac_backup_last_size_bytes", detail.get("bytes", 0), "Size of the last backup"))
    except DatabaseError:
        out.append(_line("hoptac_database_up", 0, "The primary database answers"))
    if replica.ALIAS in connections:
        up, lag = replica.status()
        out.append(_line("hoptac_database_replica_up", int(up), "The read replica answers"))
        if lag is not None:
            out.append(_line("hoptac_database_replica_lag_seconds", f"{lag:.3f}",
                             "Age of the last transaction the replica replayed (grows when the primary is idle)"))
    return "".join(out)


def heartbeat_installation():
    from hoptac.ops import identity

    return identity.current()
