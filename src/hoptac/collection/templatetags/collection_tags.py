from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value):
    """A report figure in the active language's format, without trailing zeros (3.200,5)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except ArithmeticError:
            return value
    if isinstance(value, Decimal):
        value = value.normalize()
        places = max(-value.as_tuple().exponent, 0)
        return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    return number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (None when absent)."""
    return (mapping or {}).get(key)
