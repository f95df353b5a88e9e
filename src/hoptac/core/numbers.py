"""Numbers and dates as Vietnamese (and English) administrative texts write them.

The one formatter of the product, and the one reader of numbers people type
(:func:`parse`: forms, filters, the text cells of uploaded workbooks): reports, the indicators command, the portal's
tables and charts and the collection messages all write numbers through here,
so a figure is rounded the same way wherever it is shown.

Vietnamese: ``62.950`` (dot groups thousands), ``34,83%`` (comma before the
decimals), single-digit counts padded to two digits (``01``, ``09``), dates as
``31/12/2021`` or ``ngày 31 tháng 12 năm 2021``. English: ``62,950``, ``34.83%``.
Rounding is half-up, done here and only here: the engine returns unrounded values.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import NumberFormatError, parse_decimal
from django.utils.translation import get_language
from django.utils.translation import gettext as _

SEPARATORS = {"vi": (".", ","), "en": (",", ".")}


def _separators(lang):
    try:
        return SEPARATORS[lang]
    except KeyError:
        raise ValueError(f"unsupported language {lang!r}; use vi or en") from None


def language(code):
    """``vi`` or ``en`` for a Django language code (``en``, ``en-us``, ``vi``, None → ``vi``)."""
    return "en" if (code or "").lower().startswith("en") else "vi"


def rounded(value, places=0):
    """``value`` rounded half-up to ``places`` decimals, as a Decimal."""
    quantum = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def decimal(value, places=0, lang="vi", strip=False):
    """A number with grouped thousands and ``places`` decimals.

    ``strip`` drops trailing zero decimals (``46,40`` → ``46,4``; ``3,00`` → ``3``).
    """
    group, point = _separators(lang)
    number = rounded(value, places)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    if strip:
        fraction = fraction.rstrip("0")
    whole = f"{int(whole):,}".replace(",", group)
    return f"{sign}{whole}{point}{fraction}" if fraction else f"{sign}{whole}"


def localized(value, places=None, strip=False):
    """``value`` as :func:`decimal` writes it in the active language (Django's current one).

    Without ``places``, the value keeps the decimals it has: ``62.950``, ``0,5``, ``34,83``.
    """
    if places is None:
        places = max(0, -Decimal(str(value)).normalize().as_tuple().exponent)
    return decimal(value, places, language(get_language()), strip)


def integer(value, lang="vi"):
    """A whole number with grouped thousands: ``62.950`` / ``62,950``."""
    return decimal(value, 0, lang)


def count(value, lang="vi"):
    """A count in running text: Vietnamese pads 1–9 to two digits (``01``, ``09``)."""
    if lang == "vi" and 0 < int(value) < 10:
        return f"{int(value):02d}"
    return integer(value, lang)


def percent(value, lang="vi", places=2):
    """``34,83%`` / ``34.83%`` (no space before the sign, as in official texts)."""
    return f"{decimal(value, places, lang)}%"


def ratio(value, lang="vi", places=2):
    """A multiple: ``3,09 lần`` / ``3.09 times``."""
    word = "lần" if lang == "vi" else "times"
    return f"{decimal(value, places, lang)} {word}"


def date(value, lang="vi"):
    """``31/12/2021`` in both languages (the Department's habit)."""
    return value.strftime("%d/%m/%Y")


def long_date(value, lang="vi"):
    """``ngày 31 tháng 12 năm 2021`` / ``31 December 2021``."""
    if lang == "vi":
        # Decree 30: days below 10 and the months 1 and 2 take a leading zero.
        month = f"{value.month:02d}" if value.month < 3 else str(value.month)
        return f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"{value.day} {value:%B} {value.year}"


# --- reading numbers people type -------------------------------------------------


class NumberInputError(ValueError):
    """A typed number that is refused; the message says how to write it."""


def parse(text, lang=None, *, negative=True, integer=False):
    """The number ``text`` means, as a Decimal (an int when ``integer``); None when blank.

    Vietnamese (SPEC §2): ``.`` only groups thousands, each followed by exactly
    three digits, and ``,`` is only the decimal mark: ``27.500`` → 27500,
    ``8.438,5`` → 8438.5. English is the mirror image. Babel's locale data reads
    the number (strict: misplaced group marks are refused); on top of it, a lone
    decimal mark followed by exactly three digits (``11,000``), which a person
    with the other habit means as thousands, is refused as ambiguous. Every
    refusal is a :class:`NumberInputError` whose message shows how to write it.
    ``lang`` defaults to the active language.
    """
    lang = language(lang or get_language())
    group, point = _separators(lang)
    raw = "" if text is None else str(text).strip().replace("\u2212", "-")
    if raw == "":
        return None
    if _AMBIGUOUS[lang].match(raw):
        whole, _sep, digits = raw.partition(point)
        raise NumberInputError(_(
            "“%(value)s” can be read two ways. Write %(thousands)s for a number in thousands (%(group)s groups "
            "thousands), or %(decimal)s for a decimal (%(point)s marks the decimals).") % {
            "value": raw, "thousands": f"{whole}{group}{digits}", "decimal": whole + (point + digits.rstrip("0") if digits.rstrip("0") else ""),
            "group": _mark(group), "point": _mark(point)})
    try:
        value = parse_decimal(raw, locale=lang, strict=True)
    except NumberFormatError:
        raise NumberInputError(_unreadable(raw, lang)) from None
    if not value.is_finite():
        raise NumberInputError(_("“%(value)s” is not a number.") % {"value": raw})
    if value < 0 and not negative:
        raise NumberInputError(_("“%(value)s” is negative; this figure cannot be.") % {"value": raw})
    if integer:
        if value != value.to_integral_value():
            raise NumberInputError(_("“%(value)s” is not a whole number.") % {"value": raw})
        return int(value)
    return value


# One decimal mark, exactly three digits after it, no group mark: thousands to the other habit.
_AMBIGUOUS = {"vi": re.compile(r"^-?\d{1,3},\d{3}$"), "en": re.compile(r"^-?\d{1,3}\.\d{3}$")}
# A number as the other language writes it (8438.5, 1,234.5 for Vietnamese): suggest our way.
_OTHER_HABIT = {"vi": re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$"), "en": re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")}


def _mark(sign):
    return {".": _("a dot"), ",": _("a comma")}[sign]


def _unreadable(raw, lang):
    if not any(c.isdigit() for c in raw):
        return _("“%(value)s” is not a number.") % {"value": raw}
    example = "27.500 / 8.438,5" if lang == "vi" else "27,500 / 8,438.5"
    message = _("“%(value)s” is not a number written the way this page expects: %(group)s only groups thousands, "
                "in threes, and %(point)s marks the decimals (%(example)s).") % {
        "value": raw, "group": _mark(_separators(lang)[0]), "point": _mark(_separators(lang)[1]), "example": example}
    if _OTHER_HABIT[lang].match(raw) and not raw.lstrip("-").isdigit():
        other = "en" if lang == "vi" else "vi"
        meant = parse_decimal(raw, locale=other, strict=False)
        places = max(0, -meant.as_tuple().exponent)
        message += " " + _("If you mean %(meant)s, write %(suggestion)s.") % {
            "meant": raw, "suggestion": decimal(meant, places, lang)}
    return message
