"""Words and numbers for the revision analysis and the vintage comparison screens.

Figure keys become labels ("Hợp tác xã đang tồn tại — Quận Hồng Bàng (31303)"),
values are written the Vietnamese way (62.950; 34,83) through :mod:`hoptac.core.numbers`
and moments as ``15/03/2021 17:30`` (moments typed are read by
:func:`hoptac.indicators.engine.parse_moment`, in either form).
"""

from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import pgettext

from hoptac.core import numbers
from hoptac.indicators import labels

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
