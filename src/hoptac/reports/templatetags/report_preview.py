"""The review report's Document tree as HTML, for the preview before publishing."""

from django import template
from django.utils.safestring import mark_safe

from hoptac.reports.document import Chart, Heading, Paragraph, Table

register = template.Library()


@register.filter
def block_kind(block):
    for kind in (Heading, Paragraph, Table, Chart):
        if isinstance(block, kind):
            return kind.__name__.lower()
    return ""


@register.filter
def chart_svg(chart):
    # Drawn by hoptac.reports.charts from the report's own figures: safe to inline.
    return mark_safe(chart.svg)  # nosec B308
