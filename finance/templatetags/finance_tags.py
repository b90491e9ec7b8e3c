from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

from finance import calc

register = template.Library()


def amount_or_none(value):
    """A Decimal, or None for "no figure" ("" is what a template gives for a missing attribute)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return amount if amount.is_finite() else None


@register.filter
def money(amount):
    """£m to £1,000, as the report prints budgets: 12.872; "n/a" where there is none."""
    amount = amount_or_none(amount)
    if amount is None:
        return "n/a"
    return f"{calc.to_thousand(amount):,.3f}"


@register.filter
def signed(amount):
    """+6.945 / -0.400, as the report prints variances and movements; blank where none."""
    amount = amount_or_none(amount)
    if amount is None:
        return ""
    return calc.fmt_signed(amount)


@register.filter
def pct(value):
    """Whole percent with its sign (+176); "n/a" without a budget."""
    value = amount_or_none(value)
    if value is None:
        return "n/a"
    whole = Decimal(value).quantize(Decimal(1), ROUND_HALF_UP)
    return f"+{whole}" if whole > 0 else f"{whole}"


@register.filter
def direction(amount):
    """CSS class for an over- or underspend."""
    amount = amount_or_none(amount)
    if amount is None:
        return ""
    return "over" if amount > 0 else ("under" if amount < 0 else "")
