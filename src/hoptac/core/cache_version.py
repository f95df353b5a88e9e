"""Version tokens in the shared cache: invalidate a whole family of cached entries at once.

A family's keys include its current token; :func:`bump` replaces the token, so
every entry built with the old one is never read again (and expires on its own).
Works alike with Redis and the file cache, across processes, without listing keys.
"""

import secrets

from django.core.cache import cache

from hoptac.ops import replica


def bump(key):
    """Replace the token stored under ``key``."""
    cache.set(key, secrets.token_hex(6), None)
    replica.note_public_change()


def current(key):
    """The token stored under ``key``, made on first use."""
    token = cache.get(key)
    if token is None:
        token = secrets.token_hex(6)
        # add(): when two processes race, both end up using the one that won.
        if not cache.add(key, token, None):
            token = cache.get(key) or token
    return token
