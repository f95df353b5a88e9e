"""Precomputed engine answers, keyed on the register's change stamp.

Every answer of the engine (:mod:`hoptac.indicators.engine`) is a function of what the
register (the ``registry`` tables) and the units (the ``geo`` tables) hold. Database
triggers on every one of those tables change a stamp on each INSERT, UPDATE or DELETE,
whatever wrote it: the domain functions, an import, a bulk load, raw SQL. An answer
remembered under the current stamp is the answer the engine would compute now, so it is
served without computing. The stamp is read *before* the answer is computed, so an answer
is never older than the stamp it is stored under; a rolled-back write never brings back a
stamp that was seen inside it.

* SQLite (writers hold the database's write lock anyway): a row trigger replaces a random
  token in the one row of ``hoptac_register_stamp``; reading it is one primary-key lookup.

Neither table is a model: Django's flush (tests) and the tests' reference-data snapshot leave
them alone, and a flush of the watched tables is itself a write that changes the stamp.
* PostgreSQL: a statement trigger adds one row per writing transaction to
  ``hoptac_register_writes`` (its transaction id, unique; no row is updated, so writers never
  wait for each other or deadlock on it); the stamp is (total weight, highest id) of that small
  table in the reader's snapshot — a committed writer adds weight, a rolled-back one leaves
  none and its id is never used again. A transaction that has written to the register itself
  (its own row is visible to it) gets no stamp: it computes every answer and remembers none. Readers fold old rows into the newest one
  (same total, same highest id) when more than :data:`FOLD_AFTER` rows have gathered.

Answers live in the process (the last token's answers only) and in the shared cache
(``django.core.cache``: Redis or the file cache in production), so the portal's worker
processes, the API and the ``hoptac indicators`` command share them.

The triggers are (re)installed after every ``migrate`` (a ``post_migrate`` handler),
so a later migration that rebuilds a table on SQLite cannot leave it unwatched. When the
stamp row is missing (a test flush), the first reader creates it with a new token.
Answers as recorded at a past moment (``as_recorded``) are not cached here.
"""

import hashlib
import secrets

from django.apps import apps
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, router

from hoptac.indicators.models import SummaryVersion

STAMP_TABLE = "hoptac_register_stamp"  # SQLite (see above)
WATCHED_APPS = ("registry", "geo")
TRIGGER_PREFIX = "hoptac_stamp_"
CACHE_SECONDS = 24 * 60 * 60
_LOCAL_LIMIT = 4096

# Set to False to compute every answer (benchmarks measure the engine itself this way).
ENABLED = True

# (token, {key: answer}): the answers of the last token seen by this process, replaced as a whole
# when the token changes (threads then never mix two tokens' answers).
_state = (None, {})
_MISSING = object()


def watched_tables(using="default"):
    """The database tables whose writes change the stamp: every table of the watched apps."""
    existing = set(connections[using].introspection.table_names())
    tables = set()
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy and model._meta.db_table in existing:
                tables.add(model._meta.db_table)
    return sorted(tables)


CHANGE_TABLE = "hoptac_register_writes"  # PostgreSQL only (see above)
FOLD_AFTER = 200
_PG_SETUP = (
    f"CREATE TABLE IF NOT EXISTS {CHANGE_TABLE} (id bigserial PRIMARY KEY, txid bigint NOT NULL UNIQUE, "
    "weight bigint NOT NULL DEFAULT 1)",
    f"""
CREATE OR REPLACE FUNCTION hoptac_register_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- once per transaction: the setting is local to it
    IF current_setting('hoptac.register_write', true) IS DISTINCT FROM txid_current()::text THEN
        INSERT INTO {CHANGE_TABLE} (txid) VALUES (txid_current()) ON CONFLICT (txid) DO NOTHING;
        PERFORM set_config('hoptac.register_write', txid_current()::text, true);
    END IF;
    RETURN NULL;
END
$$
""",
)
_PG_STAMP = (f"SELECT count(*), sum(weight), max(id), coalesce(bool_or(txid = txid_current_if_assigned()), false) "
             f"FROM {CHANGE_TABLE}")
# Old rows folded into the newest one: the same total weight and highest id, fewer rows to read.
_PG_FOLD = f"""
WITH newest AS (SELECT max(id) AS id FROM {CHANGE_TABLE}),
     gone AS (DELETE FROM {CHANGE_TABLE} WHERE id < (SELECT id FROM newest) RETURNING weight)
UPDATE {CHANGE_TABLE} SET weight = weight + (SELECT coalesce(sum(weight), 0) FROM gone)
WHERE id = (SELECT id FROM newest)
"""


def install_triggers(using="default", **kwargs):
    """Create (or replace) the stamp triggers on every watched table of database ``using``."""
    db = connections[using]
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            for statement in _PG_SETUP:
                cursor.execute(statement)
            for table in watched_tables(using):
                cursor.execute(
                    f'CREATE OR REPLACE TRIGGER {TRIGGER_PREFIX}{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
                    f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION hoptac_register_stamp()'
                )
        elif db.vendor == "sqlite":
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {STAMP_TABLE} (id integer PRIMARY KEY, n integer NOT NULL, "
                           "token text NOT NULL)")
            cursor.execute(f"INSERT INTO {STAMP_TABLE} (id, n, token) VALUES (1, 0, %s) ON CONFLICT (id) DO NOTHING",
                           [secrets.token_hex(16)])
            for table in watched_tables(using):
                for op in ("INSERT", "UPDATE", "DELETE"):
                    name = f"{TRIGGER_PREFIX}{table}_{op.lower()}"
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")  # replaced: its body may have changed
                    cursor.execute(
                        f'CREATE TRIGGER {name} AFTER {op} ON "{table}" '
                        f"BEGIN INSERT INTO {STAMP_TABLE} (id, n, token) VALUES (1, 1, lower(hex(randomblob(16)))) "
                        f"ON CONFLICT (id) DO UPDATE SET n = n + 1, token = excluded.token; END"
                    )


def stamp():
    """The register's change stamp now, or None when answers are not to be cached (disabled, or
    another database engine). Read from the database the engine's reads go to (a public request
    may read from the replica, :mod:`hoptac.ops.replica`): the stamp and the data then agree."""
    if not ENABLED:
        return None
    alias = router.db_for_read(SummaryVersion)
    connection = connections[alias]
    if connection.vendor == "postgresql":
        return _pg_stamp(connection, fold=alias == DEFAULT_DB_ALIAS)
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {STAMP_TABLE} WHERE id = 1")
        row = cursor.fetchone()
        if row is None:  # emptied (a test flush): start a new token
            token = secrets.token_hex(16)
            cursor.execute(f"INSERT INTO {STAMP_TABLE} (id, n, token) VALUES (1, 1, %s) ON CONFLICT (id) DO NOTHING",
                           [token])
            cursor.execute(f"SELECT token FROM {STAMP_TABLE} WHERE id = 1")
            row = cursor.fetchone()
    return row[0] if row else None


def _pg_stamp(connection, fold):
    with connection.cursor() as cursor:
        cursor.execute(_PG_STAMP)
        rows, weight, newest, own_write = cursor.fetchone()
        if own_write:
            return None  # this transaction wrote to the register: nothing it sees is remembered
        if fold and rows > FOLD_AFTER and not connection.in_atomic_block:
            cursor.execute(_PG_FOLD)  # its own transaction (autocommit); the stamp stays the same
    return f"{weight or 0}:{newest or 0}"


def copied(value):
    """A copy of an answer's containers (dicts, lists), the values in them shared: callers may
    change what they are given without changing what is remembered."""
    if isinstance(value, dict):
        return {k: copied(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copied(v) for v in value]
    if isinstance(value, tuple):
        return tuple(copied(v) for v in value)
    return value


def key_of(name, parts):
    raw = "|".join(repr(p) for p in parts)
    return f"{name}:{hashlib.sha256(raw.encode()).hexdigest()[:40]}"


def remember(name, parts, compute, token=None):
    """``compute()``, or the answer remembered for (``name``, ``parts``) under the current stamp.

    ``parts`` must name every input of the answer (reprs are compared). ``token``: a stamp the
    caller read just before (else it is read here)."""
    token = stamp() if token is None else token
    if token is None:
        return compute()
    global _state
    key = key_of(name, parts)
    state = _state
    if state[0] != token:
        state = _state = (token, {})
    answers = state[1]
    if key in answers:
        return copied(answers[key])
    shared_key = f"indicators:answer:{token}:{key}"
    value = cache.get(shared_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(shared_key, value, CACHE_SECONDS)
    if len(answers) >= _LOCAL_LIMIT:
        answers.clear()
    answers[key] = value
    return copied(value)
