from django import template

from .. import calc

register = template.Library()

ARROWS = {"improving": "↑", "worsening": "↓", "unchanged": "↔"}
RAG_SYMBOLS = {"green": "★", "amber": "■", "red": "✖"}


@register.filter
def fig(value, unit="count"):
    """A figure as the reports print it: 23.8%, 3,163, 554.5."""
    if value == "":
        return ""
    return calc.fmt(value, unit) if value is not None else "–"


@register.filter
def count(value):
    if value is None or value == "":
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


@register.filter
def month(period):
    return calc.short_label(period) if period else ""


@register.filter
def ym(period):
    return calc.period_label(period) if period else ""


@register.filter
def arrow(direction):
    return ARROWS.get(direction, "–")


@register.filter
def rag_symbol(colour):
    return RAG_SYMBOLS.get(colour, "")


@register.filter
def rag_class(colour):
    return f"rag-{colour}" if colour else "rag-none"


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
