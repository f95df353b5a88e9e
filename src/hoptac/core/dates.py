"""Dates as people type them: 31/12/2021 (the Vietnamese way) or 2021-12-31 (ISO).

The one reader of typed dates for forms and query strings; files and the API take
ISO dates only and name the column or parameter in their own errors.
"""

import datetime

# The same formats Django's date fields accept (the locale formats of vi and en).
from hoptac.formats.vi.formats import DATE_INPUT_FORMATS as TYPED_FORMATS


def parse_typed(raw):
    """The date in ``raw`` (31/12/2021 or 2021-12-31); None when blank; ValueError otherwise."""
    raw = (raw or "").strip()
    if not raw:
        return None
    for fmt in TYPED_FORMATS:
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(raw)
