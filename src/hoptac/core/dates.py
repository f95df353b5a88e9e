"""Dates and moments as people type them: 31/12/2021 (the Vietnamese way) or 2021-12-31 (ISO).

The one reader of typed dates and moments for forms, query strings, the API and the
commands (files keep their ISO columns): :func:`parse_typed` for a day,
:func:`parse_moment` for a moment. Both raise ``ValueError``; the caller names the
field in its own message.
"""

import datetime
import re

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


MOMENT = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$")


def parse_moment(raw, tz):
    """The moment in ``raw``, as an aware datetime; ValueError otherwise.

    15/03/2021 17:30 or 2021-03-15T17:30 (ISO, an offset such as +07:00 taken as given)
    is that time, in ``tz`` without an offset; a day alone (15/03/2021, 2021-03-15) is
    the end of that day in ``tz`` (everything recorded that day).
    """
    raw = str(raw or "").strip()
    match = MOMENT.match(raw)
    if match:
        day, month, year, hour, minute = match.groups()
        date = datetime.date(int(year), int(month), int(day))
        clock = datetime.time(int(hour), int(minute)) if hour is not None else datetime.time.max
        return datetime.datetime.combine(date, clock, tzinfo=tz)
    if len(raw) == 10:
        return datetime.datetime.combine(datetime.date.fromisoformat(raw), datetime.time.max, tzinfo=tz)
    moment = datetime.datetime.fromisoformat(raw)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)
