"""Optimistic concurrency for back-office forms: a second save over a stale form is refused.

A form carries the fingerprint of the record as it was when the form was shown
(``edit_version``). The save locks the record, compares the fingerprint with the
stored one and refuses when someone else saved in between, instead of silently
overwriting their change.
"""

import hashlib
import json

from django.utils.translation import gettext_lazy as _

FIELD = "edit_version"
STALE_MESSAGE = _("Someone else saved this record after you opened it, so your changes were not saved. "
                  "Reload the page to see the record as it is now, then make your changes again.")


def fingerprint(values):
    """A short digest of ``values`` (a dict of JSON-able values, or None for "no record yet")."""
    text = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def of_fields(obj, fields):
    return fingerprint({name: getattr(obj, name) for name in fields} if obj is not None else None)


def is_stale(posted, current):
    """Whether the form was shown over another version than ``current``.

    A post without a version (a script, a test client) is not checked: every form
    the back office shows carries one.
    """
    return posted is not None and posted != current
