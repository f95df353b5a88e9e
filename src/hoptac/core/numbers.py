"""Numbers and dates as Vietnamese (and English) administrative texts write them.

The one formatter of the product: reports, the indicators command, the portal's
tables and charts and the collection messages all write numbers through here,
so a figure is rounded the same way wherever it is shown.

Vietnamese: ``62.950`` (dot groups thousands), ``34,83%`` (comma before the
decimals), single-digit counts padded to two digits (``01``, ``09``), dates as
``31/12/2021`` or ``ngày 31 tháng 12 năm 2021``. English: ``62,950``, ``34.83%``.
Rounding is half-up, done here and only here: the engine returns unrounded values.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

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
