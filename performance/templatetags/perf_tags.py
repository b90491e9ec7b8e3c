import math
from datetime import date
from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import calc

register = template.Library()

ARROWS = {"improving": "↑", "worsening": "↓", "unchanged": "↔"}
RAG_SYMBOLS = {"green": "★", "amber": "■", "red": "✖"}
NO_FIGURE = "–"


def number(value):
    """The value as a number, or None for "no figure".

    A template hands a filter "" for a missing attribute (``m.point.numerator`` of a month
    with no point), so "" is "no figure" too, as are NaN, infinities and non-numbers."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return value if not (isinstance(value, Decimal) and not value.is_finite()) else None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


@register.filter
def fig(value, unit="count"):
    """A figure as the reports print it: 23.8%, 3,163, 554.5; a dash for no figure."""
    value = number(value)
    return NO_FIGURE if value is None else calc.fmt(value, unit)


@register.filter
def count(value):
    """A numerator or denominator: 1,234 or 12.25; a dash for no figure."""
    value = number(value)
    if value is None:
        return NO_FIGURE
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


@register.filter
def month(period):
    return calc.short_label(period) if isinstance(period, date) else ""


@register.filter
def ym(period):
    return calc.period_label(period) if isinstance(period, date) else ""


@register.filter
def arrow(direction):
    return ARROWS.get(direction, NO_FIGURE)


@register.filter
def rag_symbol(colour):
    return RAG_SYMBOLS.get(colour, "")


RAG_LETTERS = {"green": "G", "amber": "A", "red": "R"}


@register.filter
def rag_letter(colour):
    """R, A or G: the rating in print and for colour-blind readers, not colour alone."""
    return RAG_LETTERS.get(colour, "")


@register.filter
def rag_class(colour):
    return f"rag-{colour}" if colour else "rag-none"


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def month_name(period):
    """A period as people write it, "January 2019", from a date or a ``YYYY-MM`` label."""
    if not period:
        return ""
    if isinstance(period, str):
        try:
            period = calc.parse_period(period)
        except ValueError:
            return period
    return period.strftime("%B %Y")


@register.simple_tag
def dashboard_cells(row):
    """A dashboard row's month cells, newest first, as HTML.

    Built here rather than in the template: 500 rows of 13 cells through the template engine
    (some 100,000 variable lookups) were most of the time of a dashboard rendered cold."""
    url, unit = row.indicator.get_absolute_url(), row.indicator.unit
    cells = []
    for i, (p, point, rag) in enumerate(reversed(row.cells)):
        label = calc.period_label(p)
        classes = "num cell " + rag_class(rag.colour)
        content = mark_safe("")  # noqa: S308
        if point is not None and point.no_data_expected:
            classes += " no-data"
            content = "n/e"
        elif point is not None and point.value is not None:
            content = format_html('<a href="{}?period={}">{}</a>', url, label, fig(point.value, unit))
            if rag.colour:
                content += format_html(' <abbr class="rl" title="{}">{}</abbr>', rag.colour, rag_letter(rag.colour))
            if point.provisional:
                content += mark_safe(' <abbr title="provisional, subject to validation">p</abbr>')  # noqa: S308
            if point.numerator is not None:
                content += format_html('<span class="numden">{} / {}</span>', count(point.numerator),
                                       count(point.denominator))
        if i == 0:
            classes += " chosen"
        cells.append(format_html('<td class="{}" title="{}" data-period="{}">{}</td>', classes, rag.explanation,
                                 label, content))
    return mark_safe("\n    ".join(cells))  # noqa: S308 (each cell is built by format_html)
