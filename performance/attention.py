"""What this area asks of the signed-in user, for the home page (see core.attention)."""

from django.urls import reverse

from core.attention import AttentionItem

from . import calc, selectors


def items_for(user):
    """Figures the user owes as data owner for the latest reporting period."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None or not user.has_perm("performance.add_observation"):
        return []
    period = selectors.latest_period()
    url = f"{reverse('performance:entry')}?period={calc.period_label(period)}"
    return [
        AttentionItem(
            area="Performance",
            title=f"Enter {indicator.ref} {indicator.title} for {calc.short_label(period)}",
            url=url,
            detail="No figure yet for the latest period.",
        )
        for indicator in selectors.owed(person, period).order_by("sort_order", "ref")
    ]

