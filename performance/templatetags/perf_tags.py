import math
from datetime import date
from decimal import Decimal

from django import template

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
