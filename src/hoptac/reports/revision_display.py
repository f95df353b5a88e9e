"""Words and numbers for the revision analysis and the vintage comparison screens.

Figure keys become labels ("Hợp tác xã đang tồn tại — Quận Hồng Bàng (31303)"),
values are written the Vietnamese way (62.950; 34,83) through :mod:`hoptac.core.numbers`,
and moments typed as officers type them (``15/03/2021`` or ``15/03/2021 17:30``, Asia/Ho_Chi_Minh)
are read here.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hoptac.core import numbers
from hoptac.indicators import labels

MOMENT = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?\s*$")
TARGET_PARTS = {
    "latest": lambda: pgettext("vintage", "latest value"),
    "gap": lambda: pgettext("vintage", "gap to the target"),
    "projection": lambda: pgettext("vintage", "projection"),
    "on_track": lambda: pgettext("vintage", "on track"),
}
CAUSES = {
    "records": lambda: pgettext("vintage", "records made after publication"),
    "definitions": lambda: pgettext("vintage", "definitions of a newer product version"),
    "both": lambda: pgettext("vintage", "records and definitions"),
    "unexplained": lambda: pgettext("vintage", "not explained by the listed records"),
}
RECORD_KINDS = {
    "event": lambda: pgettext("vintage", "event recorded"),
    "void": lambda: pgettext("vintage", "event voided"),
    "report": lambda: pgettext("vintage", "annual report revision approved"),
    "rating": lambda: pgettext("vintage", "rating recorded"),
    "macro": lambda: pgettext("vintage", "macro data recorded"),
    "target": lambda: pgettext("vintage", "target recorded"),
}


class MomentError(ValueError):
    """A typed moment that cannot be used; the message says why, in the user's language."""


def parse_moment(text, *, now=None):
    """``dd/mm/yyyy`` (the end of that day) or ``dd/mm/yyyy hh:mm``, Asia/Ho_Chi_Minh, as an aware datetime."""
    match = MOMENT.match(text or "")
    if not match:
        raise MomentError(_("“%(text)s” is not a moment: write dd/mm/yyyy or dd/mm/yyyy hh:mm, for example "
                            "15/03/2021 17:30.") % {"text": text})
    day, month, year, hour, minute = match.groups()
    try:
        date = datetime.date(int(year), int(month), int(day))
        clock = datetime.time(int(hour), int(minute)) if hour is not None else datetime.time.max
    except ValueError:
        raise MomentError(_("“%(text)s” is not a real date or time.") % {"text": text}) from None
    moment = timezone.make_aware(datetime.datetime.combine(date, clock), timezone.get_default_timezone())
    now = now or timezone.now()
    if moment > now:
        if hour is None and date == timezone.localdate(now):
            return now  # "today" without a time: the register as it stands now
        raise MomentError(_("%(text)s is in the future: the register cannot be read as it will be recorded.")
                          % {"text": text.strip()})
    return moment


def read_moment(text):
    """A moment as a command takes it: ``dd/mm/yyyy [hh:mm]`` (Vietnamese) or ISO with an optional offset
    (:func:`hoptac.indicators.engine.parse_moment`). Raises :class:`MomentError` with one line."""
    from hoptac.indicators import engine

    if MOMENT.match(text or ""):
        return parse_moment(text)
    try:
        return engine.parse_moment(text)
    except engine.IndicatorInputError as exc:
        raise MomentError(str(exc)) from None


def moment_text(moment):
    """``15/03/2021 17:30`` in Asia/Ho_Chi_Minh."""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def figure_label(key, unit_names=None):
    """The label of a flattened figure key (see :func:`hoptac.reports.revisions.flatten`)."""
    part, *rest = key
    if part == "targets":
        name, what = rest
        indicator, _space, year = name.rpartition(" ")
        return pgettext("vintage", "Target %(indicator)s for %(year)s: %(part)s") % {
            "indicator": labels.label(indicator), "year": year, "part": TARGET_PARTS[what]()}
    if part == "children":
        code, *indicator = rest
        name = (unit_names or {}).get(code, code)
        return f"{labels.label('.'.join(indicator))} — {name} ({code})"
    text = labels.label(".".join(rest))
    if part == "baseline_values":
        return pgettext("vintage", "%(figure)s (baseline year)") % {"figure": text}
    return text


def value_text(value):
    """A figure as the screens write it: 62.950; 34,83; có/không; — for none."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return pgettext("vintage", "yes") if value else pgettext("vintage", "no")
    if isinstance(value, dict):
        return "; ".join(f"{k}: {value_text(v)}" for k, v in value.items())
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if number == number.to_integral_value():
        return numbers.localized(number.to_integral_value())
    return numbers.localized(number, 2)


def cause_text(cause):
    return CAUSES[cause]()


def record_kind_text(kind):
    return RECORD_KINDS[kind]()
