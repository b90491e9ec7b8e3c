"""Budget monitoring arithmetic: pure functions on Decimals, no Django.

Amounts are £m (the seed's unit). Published tables print them to three decimals, i.e. to
the nearest £1,000, so that is the precision at which a stated figure is checked against
the computed one: a difference that survives rounding both to £1,000 is a mismatch.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

THOUSAND = Decimal("0.001")  # £1,000 in £m
ONE_DP = Decimal("0.1")
ZERO = Decimal("0")


def to_thousand(amount):
    """An amount in £m rounded to the nearest £1,000 (None stays None)."""
    if amount is None:
        return None
    return Decimal(amount).quantize(THOUSAND, rounding=ROUND_HALF_UP)


def variance(approved_budget, forecast_outturn, adjustment=None):
    """+overspend / -underspend: outturn minus budget, plus any variance-only adjustment.

    Lines with no budget behind them (a reserves adjustment, "other small savings")
    carry their variance as ``adjustment``; a missing budget or outturn counts as nil.
    """
    return (forecast_outturn or ZERO) - (approved_budget or ZERO) + (adjustment or ZERO)


def variance_pct(variance_amount, approved_budget):
    """Variance as % of the approved budget, to one decimal; None ("n/a") with no budget.

    Income budgets are negative; the seed states the percentage against the size of the
    budget (court fee income: budget -0.101, +0.080 over = +79%), so the sign of the
    percentage is always the sign of the variance.
    """
    exact = variance_pct_exact(variance_amount, approved_budget)
    return None if exact is None else exact.quantize(ONE_DP, rounding=ROUND_HALF_UP)


def variance_pct_exact(variance_amount, approved_budget):
    """Unrounded percentage, for checking a stated one without rounding twice
    (agency social workers: 109.47% is "+109", though 109.5 would round to 110)."""
    if approved_budget is None or approved_budget == 0 or variance_amount is None:
        return None
    return variance_amount / abs(approved_budget) * 100


def movement(current_variance, previous_variance):
    """Change in the variance since the previous monitoring period; None with no previous."""
    if current_variance is None or previous_variance is None:
        return None
    return current_variance - previous_variance


def reserve_balance_end(balance_start, approved_usage, further_usage):
    """Forecast balance at year end: usage is stated negative (a draw) or positive (a top-up)."""
    return (balance_start or ZERO) + (approved_usage or ZERO) + (further_usage or ZERO)


def school_in_year_variance(balance_start, forecast_end, academies):
    """Change in school balances not explained by schools leaving for academy status.

    Seed: primary 16.057 -> 10.130 with -2.380 leaving as academies = -3.547 in year.
    """
    return (forecast_end or ZERO) - (balance_start or ZERO) - (academies or ZERO)


def total(values):
    """Sum of the amounts given; None when there are none at all (an empty column)."""
    present = [v for v in values if v is not None]
    return sum(present, ZERO) if present else None


def total_if_complete(values):
    """Sum only when every amount is known (a movement total needs every line's movement)."""
    values = list(values)
    if not values or any(v is None for v in values):
        return None
    return sum(values, ZERO)


def differs_at_thousand(stated, computed):
    """True when a stated amount and the computed one differ at the nearest £1,000."""
    if stated is None:
        return False
    if computed is None:
        return True
    return to_thousand(stated) != to_thousand(computed)


def pct_places(stated_pct):
    """The precision a percentage was stated to (the seed states whole percentages)."""
    exponent = Decimal(stated_pct).as_tuple().exponent
    return Decimal(1).scaleb(exponent) if exponent < 0 else Decimal(1)


def differs_pct(stated_pct, computed_pct):
    """A stated percentage against the computed one, at the precision it was stated to.

    ``stated_pct`` is a Decimal, or the string "n/a" when the table says there is no
    budget to measure against; ``computed_pct`` is None in that case.
    """
    if stated_pct is None:
        return False
    if stated_pct == "n/a":
        return computed_pct is not None
    if computed_pct is None:
        return True
    places = pct_places(stated_pct)
    return Decimal(stated_pct).quantize(places, ROUND_HALF_UP) != computed_pct.quantize(places, ROUND_HALF_UP)


@dataclass
class Mismatch:
    """One stated figure that the computed one contradicts."""

    row: int | None  # 1-based row in the imported table (header is row 1)
    label: str  # the division of service, reserve or total the row names
    field: str  # "variance", "variance_pct", "movement", "subtotal"...
    stated: object
    computed: object

    @property
    def difference(self):
        """Computed minus stated, £m to £1,000 (money fields only)."""
        if self.field == "variance_pct":
            return None
        if isinstance(self.stated, Decimal) and isinstance(self.computed, Decimal):
            return to_thousand(self.computed - self.stated)
        return None

    def message(self):
        where = f"Row {self.row}: " if self.row else ""
        places = 0 if self.field == "variance_pct" else 3
        stated = fmt_signed(self.stated, places) if isinstance(self.stated, Decimal) else (self.stated or "blank")
        computed = fmt_signed(self.computed, places) if isinstance(self.computed, Decimal) else (self.computed or "n/a")
        if self.field == "variance_pct":
            stated, computed = _pct_text(stated), _pct_text(computed)
        text = f"{where}{self.label}: {FIELD_WORDS.get(self.field, self.field)} stated {stated}, computed {computed}"
        if self.difference is not None:
            text += f" (differs by £{abs(self.difference) * 1000:,.0f}k)"
        return text


def _pct_text(text):
    return text if text in ("n/a", "blank") else f"{text}%"


FIELD_WORDS = {
    "variance": "variance £m",
    "variance_pct": "variance %",
    "movement": "movement £m",
    "balance_end": "balance at year end £m",
    "in_year_variance": "in-year variance £m",
    "approved_budget": "approved budget total £m",
    "forecast_outturn": "outturn total £m",
    "balance_start": "balance at start total £m",
    "approved_usage": "approved usage total £m",
    "further_usage": "further usage total £m",
    "forecast_end": "forecast balance total £m",
    "academies": "schools becoming academies total £m",
}


def fmt_signed(amount, places=3):
    """+6.945 / -0.400 / 0.000, as the seed prints variances."""
    if amount is None:
        return ""
    q = Decimal(amount).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    if q > 0:
        return f"+{q}"
    if q == 0:
        return f"{abs(q)}"
    return f"{q}"


def check_line(row, label, approved_budget, forecast_outturn, adjustment, stated, previous_variance=None):
    """Mismatches between a budget line's stated figures and the computed ones.

    ``stated`` holds any of ``variance``, ``variance_pct`` (Decimal or "n/a") and
    ``movement`` that the source table printed.
    """
    found = []
    computed_variance = variance(approved_budget, forecast_outturn, adjustment)
    if differs_at_thousand(stated.get("variance"), computed_variance):
        found.append(Mismatch(row, label, "variance", stated["variance"], to_thousand(computed_variance)))
    exact_pct = variance_pct_exact(computed_variance, approved_budget)
    stated_pct = stated.get("variance_pct")
    if differs_pct(stated_pct, exact_pct):
        shown = exact_pct
        if exact_pct is not None:
            shown = exact_pct.quantize(pct_places(stated_pct) if stated_pct not in (None, "n/a") else ONE_DP,
                                       ROUND_HALF_UP)
        found.append(Mismatch(row, label, "variance_pct", stated_pct, shown))
    computed_movement = movement(computed_variance, previous_variance)
    if computed_movement is not None and differs_at_thousand(stated.get("movement"), computed_movement):
        found.append(Mismatch(row, label, "movement", stated["movement"], to_thousand(computed_movement)))
    return found


@dataclass
class Section:
    """A block of lines under one heading (a category, a reserves group) with its totals."""

    key: object
    rows: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)


def sectioned_totals(rows, key, fields, complete_fields=()):
    """Group ``rows`` (dicts) by ``key`` in first-seen order and total ``fields`` per section
    and overall. Fields in ``complete_fields`` total only when every row has a value.

    Returns (sections, grand_totals).
    """
    sections = {}
    for row in rows:
        sections.setdefault(row[key], Section(row[key])).rows.append(row)
    grand = {}
    for name in fields:
        summing = total_if_complete if name in complete_fields else total
        for section in sections.values():
            section.totals[name] = summing(r.get(name) for r in section.rows)
        grand[name] = summing(s.totals[name] for s in sections.values())
    return list(sections.values()), grand
