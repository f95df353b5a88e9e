"""Form fields shared by every app: numbers typed the Vietnamese way.

:class:`NumberField` reads what a person types with :func:`hoptac.core.numbers.parse`
(``27.500``, ``8.438,5``; ambiguous input refused with a message saying how to
write it) and shows a stored value back the same way, so a figure reads the same
in the box as on the page around it.
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from hoptac.core import numbers


class NumberInput(forms.TextInput):
    """A text box for a number (a text box, not ``type=number``: browsers refuse ``27.500`` there)."""

    def __init__(self, attrs=None, integer=False):
        attrs = {"inputmode": "numeric" if integer else "decimal", "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs)


class NumberField(forms.Field):
    """A number typed the way the active language writes it; blank is None.

    ``integer`` makes it a whole number (an int); ``negative`` allows values
    below zero (profit); ``decimal_places`` bounds the decimals kept.
    """

    widget = NumberInput
    default_error_messages = {
        "decimals": _("Use at most %(places)s decimals."),
        "range": _("Must be between %(min)s and %(max)s."),
        "min": _("Must be at least %(min)s."),
        "max": _("Must be at most %(max)s."),
    }

    def __init__(self, *, integer=False, negative=False, min_value=None, max_value=None, decimal_places=None, **kwargs):
        self.integer, self.negative, self.decimal_places = integer, negative, decimal_places
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("widget", NumberInput(integer=integer))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return value
        try:
            number = numbers.parse(value, negative=self.negative, integer=self.integer)
        except numbers.NumberInputError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None
        if number is not None and self.decimal_places is not None and not self.integer:
            if -number.as_tuple().exponent > self.decimal_places and number != round(number, self.decimal_places):
                raise forms.ValidationError(self.error_messages["decimals"], code="decimals",
                                            params={"places": self.decimal_places})
        return number

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        low, high = self.min_value, self.max_value
        if (low is not None and value < low) or (high is not None and value > high):
            key = "range" if low is not None and high is not None else ("min" if low is not None else "max")
            limits = {"min": numbers.localized(low) if low is not None else "",
                      "max": numbers.localized(high) if high is not None else ""}
            raise forms.ValidationError(self.error_messages[key], code=key, params=limits)

    def prepare_value(self, value):
        """A stored number as the active language writes it (27.500; 8.438,5); typed text unchanged."""
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return numbers.localized(Decimal(str(value)).normalize() if not isinstance(value, int) else value)
        return value
