"""What budget monitoring asks of finance officers: open periods with large variances unexplained."""

from decimal import Decimal

from core.attention import AttentionItem

from .models import BudgetLine

LARGE_VARIANCE = Decimal("0.100")  # £100k: the smallest variance the report explains line by line


def items_for(user):
    if not user.has_perm("finance.change_budgetline"):
        return []
    lines = (
        BudgetLine.objects.filter(period__locked=False, reason="")
        .select_related("period__year")
        .only("approved_budget", "forecast_outturn", "adjustment", "division", "period__number",
              "period__year__start_year", "period__locked")
    )
    by_period = {}
    for line in lines:
        if abs(line.variance) >= LARGE_VARIANCE:
            by_period.setdefault(line.period, []).append(line.division)
    return [
        AttentionItem(
            area="Finance",
            title=f"{period}: {len(divisions)} large variance{'s' if len(divisions) != 1 else ''} without a reason",
            url=period.get_absolute_url(),
            detail=", ".join(divisions[:5]) + ("…" if len(divisions) > 5 else ""),
        )
        for period, divisions in by_period.items()
    ]
