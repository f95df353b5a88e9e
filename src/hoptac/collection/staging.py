"""The checked rows of an upload, kept from its preview for its save.

The preview's check (:func:`hoptac.collection.upload.check`) is most of what saving a large
workbook costs. Its outcome depends on the file, on the register (organisations, their units,
the reports already recorded), on the uploader's role and units, on the rules of the figures and
on the year of today. :func:`stamp` sums these up: the file's digest, the register's change stamp
(:func:`hoptac.indicators.answers.stamp`, changed by database triggers on every write to a
``registry`` or ``geo`` table, the annual reports included), the uploader's profile, the rules
and the year. The preview keeps its rows to write (:func:`encode`) with the stamp read *before*
it checked; the save writes them as they are only while the stamp is still the same.

What the preview read from the file depends on the file, the rules and the year only
(:func:`file_stamp`): the payload also keeps that reading (the sheet's columns, what the column
screen found, the rows left unchanged), so that a save whose stamp no longer holds because the
register or the uploader changed plans the same rows again against the current register without
reading the file (:func:`hoptac.collection.upload.plan_again`). Otherwise it checks the file again.

A staged row is a list: [row number, organisation id, registration number, year, latest
report id or None, its status, its revision, its first-submission moment (ISO) or None,
correction?, the figures in ``FIELDS`` order, the recorded figures in that order or None].
Money travels as text (as the database drivers are given it: ``str`` of the ``Decimal``).
The reading is a dict: ``for`` (its :func:`file_stamp`), ``empty`` (the count of empty rows),
``names``, ``given``, ``suspects``, ``unscreened``, ``columns`` (see
:func:`hoptac.collection.upload.check`) and ``unchanged``: [row number, registration number,
year, the figures in ``names`` order] of each row the preview found unchanged.
"""

import datetime
import hashlib
import json
import zlib

from django.utils import timezone

from hoptac.accounts.models import Profile
from hoptac.indicators import answers
from hoptac.registry import report_checks
from hoptac.registry.report_checks import FIELDS, FIGURES

FORMAT = 2


def stamp(path, user):
    """What a check of the file at ``path`` by ``user`` depends on, as one digest; None when the
    register gives no change stamp (then nothing staged is trusted)."""
    token = answers.stamp()
    if token is None:
        return None
    profile = Profile.objects.filter(user=user).values_list("pk", "role", "organization_id").first()
    units = sorted(Profile.units.through.objects.filter(profile__user=user).values_list("unit_id", flat=True))
    digest = hashlib.sha256(file_stamp(path).encode())
    digest.update(repr((token, user.pk, user.is_active, user.is_superuser, profile, units)).encode())
    return digest.hexdigest()


def file_stamp(path):
    """What reading the file at ``path`` depends on (its cells, the figures' rules and the checks in
    force, the year of today), as one digest: the part of :func:`stamp` that neither the register
    nor the uploader moves."""
    in_force = report_checks.in_force()  # the Department's settings, which no register stamp covers
    rules = (in_force.stamp, sorted(in_force.minimums.items()),
             [(c.code, c.severity, c.op, c.left, c.right, c.kinds, str(c.factor)) for c in in_force.checks])
    figures = [(f.name, f.integer, str(f.minimum), str(f.maximum), f.required) for f in FIGURES]
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        digest.update(hashlib.file_digest(file, "sha256").digest())
    digest.update(repr((FORMAT, rules, figures, FIELDS, timezone.localdate().year)).encode())
    return digest.hexdigest()


def encode(rows, summary, reading):
    """The staged rows (lists as above, money as ``Decimal``), the plan's summary and the reading of
    the file, compressed."""
    text = json.dumps({"format": FORMAT, "summary": summary, "rows": rows, "reading": reading},
                      separators=(",", ":"), default=_text)
    return zlib.compress(text.encode(), 1)


def decode(payload):
    """(rows, summary, reading) of an :func:`encode`\\ d payload; None when it is of another format."""
    data = json.loads(zlib.decompress(payload))
    if data.get("format") != FORMAT:
        return None
    return data["rows"], data["summary"], data["reading"]


def moment(text):
    return datetime.datetime.fromisoformat(text) if text else None


def _text(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return str(value)  # Decimal: as the drivers are given it
