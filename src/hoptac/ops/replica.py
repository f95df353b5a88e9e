"""Reads of the public from a PostgreSQL streaming replica (``DATABASE_REPLICA_URL``).

A request reads from the replica when it only reads (GET, HEAD, OPTIONS), is
for the portal or the API, and carries neither a session cookie nor an
``Authorization`` header: the public reads from the replica; anyone signed in,
any API caller with a token, every write, the back office, sessions, accounts,
tokens, the task queue and the audit trail use the primary, as do reads made
inside a transaction and everything outside a request (commands, the worker).

When the replica does not answer, requests read from the primary and the
replica is tried again after ``RETRY_SECONDS``. For ``HOPTAC_REPLICA_FRESH_SECONDS``
after a change the public sees (the portal's cache being invalidated), reads
stay on the primary too, so that no page is cached from a replica that has not
yet replayed the change.
"""

import contextvars
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

ALIAS = "replica"
RETRY_SECONDS = 10.0
CHANGED_KEY = "ops:public-change-at"
PRIMARY_PATHS = ("/admin/", "/documents/", "/healthz", "/metrics", "/i18n/")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
#: Apps whose rows must be fresh for whoever reads them.
PRIMARY_APPS = {"auth", "sessions", "admin", "otp_totp", "otp_static", "django_otp", "accounts", "audit", "api",
                "django_tasks_db", "ops", "collection"}

log = logging.getLogger("hoptac.ops")
_use_replica = contextvars.ContextVar("hoptac_use_replica", default=False)
_state = threading.local()
_down_until = [0.0]
_changed = {"value": 0.0, "read_at": 0.0}


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (_use_replica.get() and model._meta.app_label not in PRIMARY_APPS
                and not connections[DEFAULT_DB_ALIAS].in_atomic_block):
            return ALIAS
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


def configured():
    return ALIAS in settings.DATABASES


def note_public_change():
    """Called when what the public sees changed: keep reads on the primary for a while."""
    if configured():
        cache.set(CHANGED_KEY, time.time(), 3600)


def _recently_changed(now):
    if now - _changed["read_at"] > 1.0:  # one cache read per second and process
        _changed["value"], _changed["read_at"] = cache.get(CHANGED_KEY) or 0.0, now
    return now - _changed["value"] < settings.HOPTAC_REPLICA_FRESH_SECONDS


def available(now=None):
    """Whether the replica answers (checked once per request; a failure rests it RETRY_SECONDS)."""
    now = now or time.monotonic()
    if now < _down_until[0]:
        return False
    connection = connections[ALIAS]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as exc:
        _down_until[0] = now + RETRY_SECONDS
        connection.close()
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        log.warning("read replica unavailable, reading from the primary for %ss: %s", RETRY_SECONDS, first)
        return False
    return True


def wants_replica(request):
    if request.method not in SAFE_METHODS or request.path_info.startswith(PRIMARY_PATHS):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False
    return not _recently_changed(time.time()) and available()


def use_replica(value):
    """Route this context's reads to the replica (True) or the primary; returns a reset token."""
    return _use_replica.set(value)


def reset(token):
    _use_replica.reset(token)


def status():
    """(up, lag in seconds or None) of the replica, for the metrics."""
    try:
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("SELECT EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())")
            (lag,) = cursor.fetchone()
        return True, (float(lag) if lag is not None else None)
    except DatabaseError:
        connections[ALIAS].close()
        return False, None
