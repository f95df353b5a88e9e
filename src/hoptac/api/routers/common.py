"""Pieces shared by the routers: error responses and the cursor."""

import base64
import binascii
import json

from django.utils.translation import gettext as _

from ..problems import Problem
from ..schemas import ProblemOut

ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut, 429: ProblemOut}
WRITE_ERRORS = {**ERRORS, 409: ProblemOut}


def encode_cursor(*parts):
    raw = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor, size):
    """The parts of an opaque cursor, or a 422 problem telling the client what to do."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        parts = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        if isinstance(parts, list) and len(parts) == size:
            return parts
    except (ValueError, binascii.Error, UnicodeError):
        pass
    raise Problem(422, _("The cursor is not valid. Use the 'next_cursor' value of the previous page as it is, "
                         "with the same filters, or omit it to start from the first page."),
                  kind="validation", title="Invalid input",
                  errors=[{"field": "cursor", "in": "query", "message": _("not a cursor from this API")}])
