"""finance.calc on the committee pack's own figures (section 5, 2016-17 outturn)."""

import csv
from decimal import Decimal as D

import pytest

from finance import calc
from finance.demo import SEED_DATA


def _amount(text):
    return None if text in ("", "n/a") else D(text)


def seed_lines(name):
    """(label, budget, outturn, stated variance, stated %, stated movement) of each line."""
    with open(SEED_DATA / name, encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[1:]
    out = []
    for label, budget, outturn, variance, pct, movement in rows:
        if not variance or label.lower().replace(" ", "").startswith(("subtotal", "total")):
            continue
        out.append((label, _amount(budget), _amount(outturn), D(variance), pct, _amount(movement)))
    return out


REVENUE = seed_lines("revenue-2016-17-outturn.csv")
SCHOOLS = seed_lines("schools-budget-2016-17-outturn.csv")
NO_BUDGET = {"Other small savings", "Grants and reserves adjustment", "Dedicated Schools Grant reserve adjustment"}

# Where the pack's stated variance is not outturn minus budget: the computed figure.
VARIANCE_MISMATCHES = {
    "Looked After Children - Agency Fostering": D("1.803"),  # 14.675 - 12.872; pack says +1.653
    "Early Help Service Level Agreements": D("-0.313"),  # 2.135 - 2.448; pack says +1.237
    "School Improvement": D("-0.489"),  # 2.999 - 3.488; pack says -0.898
    "Alternative Education": D("0.438"),  # 3.324 - 2.886; pack says +0.348
    "Short Stay School For Norfolk & Alternative Provision": D("0.285"),  # 5.375 - 5.090; pack says +0.485
}
# Stated percentages that disagree with the computed one (besides those above).
PCT_MISMATCHES = {"Suspended School Staff": "-89"}  # -0.235 / 0.264 = -89%; pack says -75


@pytest.mark.parametrize("label,budget,outturn,stated,pct,movement", REVENUE + SCHOOLS, ids=lambda v: str(v)[:30])
def test_variance_is_outturn_minus_budget_for_every_seed_line(label, budget, outturn, stated, pct, movement):
    adjustment = stated if label in NO_BUDGET else None
    computed = calc.variance(budget, outturn, adjustment)
    if label in VARIANCE_MISMATCHES:
        assert computed == VARIANCE_MISMATCHES[label]
        assert calc.differs_at_thousand(stated, computed)
    else:
        assert computed == stated
        assert not calc.differs_at_thousand(stated, computed)


@pytest.mark.parametrize("label,budget,outturn,stated,pct,movement", REVENUE + SCHOOLS, ids=lambda v: str(v)[:30])
def test_variance_percentage_matches_the_seed_to_whole_percent(label, budget, outturn, stated, pct, movement):
    computed = calc.variance_pct(calc.variance(budget, outturn, stated if label in NO_BUDGET else None), budget)
    if pct == "n/a":
        assert computed is None
        return
    stated_pct = D(pct.replace("%", ""))
    whole = calc.variance_pct_exact(calc.variance(budget, outturn), budget).quantize(D(1), calc.ROUND_HALF_UP)
    if label in VARIANCE_MISMATCHES:
        assert calc.differs_pct(stated_pct, calc.variance_pct_exact(calc.variance(budget, outturn), budget))
    elif label in PCT_MISMATCHES:
        assert str(whole) == PCT_MISMATCHES[label]
    else:
        assert whole == stated_pct


def test_percentage_examples():
    assert calc.variance_pct(D("6.945"), D("3.954")) == D("175.6")  # printed +176
    # Income budget: the percentage takes the sign of the variance (+79 in the pack).
    assert calc.variance_pct(D("0.080"), D("-0.101")) == D("79.2")
    assert calc.variance_pct(D("-0.400"), D("-2.324")) == D("-17.2")
    assert calc.variance_pct(D("0.235"), D("0")) is None  # staying-put fostering: n/a
    assert calc.variance_pct(D("-0.030"), None) is None  # other small savings: n/a
    # 0.867 / 0.792 = 109.47%: the pack's +109 is right; rounding 109.5 again would not be.
    assert not calc.differs_pct(D("109"), calc.variance_pct_exact(D("0.867"), D("0.792")))


def test_lines_with_no_budget_carry_their_variance():
    assert calc.variance(None, None, D("-0.030")) == D("-0.030")
    assert calc.variance(D("0"), D("0"), D("-1.019")) == D("-1.019")


def test_movement_is_the_change_in_variance():
    # Agency residential: +6.945 at outturn, +0.380 on the last report's +6.565.
    assert calc.movement(D("6.945"), D("6.565")) == D("0.380")
    assert calc.movement(D("6.945"), None) is None


def test_sub_totals_and_totals_of_the_revenue_table():
    rows = []
    category = None
    with open(SEED_DATA / "revenue-2016-17-outturn.csv", encoding="utf-8") as fh:
        for label, budget, outturn, variance, _pct, movement in list(csv.reader(fh))[1:]:
            if not variance:
                category = label
                continue
            if label.lower().replace(" ", "").startswith(("subtotal", "total")):
                continue
            b = None if budget in ("", "n/a") else D(budget)
            o = None if outturn in ("", "n/a") else D(outturn)
            rows.append({"category": category, "variance": calc.variance(b, o, D(variance) if label in NO_BUDGET
                                                                         else None),
                         "movement": D(movement) if movement else D(0)})
    sections, grand = calc.sectioned_totals(rows, "category", ["variance", "movement"])
    totals = {s.key: s.totals for s in sections}
    # Computed from the lines; the pack states +14.988, -3.971 and +9.998 (its mismatched lines).
    assert totals["Spending Increases"]["variance"] == D("13.588")
    assert totals["Spending Reductions"]["variance"] == D("-3.562")
    assert totals["One off corrective actions"]["variance"] == D("-1.019")
    assert grand["variance"] == D("9.007")
    # Movements add up as the pack states them.
    assert totals["Spending Increases"]["movement"] == D("0.978")
    assert totals["Spending Reductions"]["movement"] == D("-0.285")
    assert totals["One off corrective actions"]["movement"] == D("-1.818")
    assert grand["movement"] == D("-1.125")


def test_reserve_forecast_balances():
    assert calc.reserve_balance_end(D("5.547"), D("-2.000"), D("-3.453")) == D("0.094")  # DSG reserve
    assert calc.reserve_balance_end(D("1.157"), D("0.251"), D("0")) == D("1.408")  # BMPP
    assert calc.reserve_balance_end(D("1.273"), D("-0.254"), D("-1.019")) == D("0.000")  # sickness scheme
    # Grants and contributions: the pack prints -1.323; the balance is +1.323.
    assert calc.reserve_balance_end(D("2.885"), D("-0.469"), D("-1.093")) == D("1.323")
    # Transport days equalisation: the pack prints 0.101, £1k less than 0.757 - 0.655.
    assert calc.differs_at_thousand(D("0.101"), calc.reserve_balance_end(D("0.757"), D("-0.655"), D("0")))


def test_school_balances_in_year_variance_and_totals():
    phases = [  # start, forecast end, academies, the pack's in-year variance
        (D("0.103"), D("0.049"), D("0.000"), D("-0.054")),
        (D("16.057"), D("10.130"), D("-2.380"), D("-3.547")),
        (D("2.470"), D("0.585"), D("-1.059"), D("-0.826")),
        (D("1.296"), D("0.986"), D("0.000"), D("-0.310")),
        (D("2.308"), D("1.452"), D("0.000"), D("-0.856")),
    ]
    for start, end, academies, stated in phases:
        assert calc.school_in_year_variance(start, end, academies) == stated
    assert calc.total(p[0] for p in phases) == D("22.234")
    assert calc.total(p[1] for p in phases) == D("13.202")
    assert calc.total(calc.school_in_year_variance(*p[:3]) for p in phases) == D("-5.593")
    assert calc.total(p[2] for p in phases) == D("-3.439")


def test_mismatch_is_judged_to_the_nearest_thousand_pounds():
    assert not calc.differs_at_thousand(D("1.0004"), D("1.000"))
    assert calc.differs_at_thousand(D("0.101"), D("0.102"))
    assert not calc.differs_at_thousand(None, D("5"))
    m = calc.Mismatch(4, "Looked After Children - Agency Fostering", "variance", D("1.653"), D("1.803"))
    assert m.difference == D("0.150")
    assert m.message() == ("Row 4: Looked After Children - Agency Fostering: variance £m stated +1.653, "
                           "computed +1.803 (differs by £150k)")


def test_check_line_reports_each_stated_figure_that_disagrees():
    found = calc.check_line(16, "Early Help Service Level Agreements", D("2.448"), D("2.135"), None,
                            {"variance": D("1.237"), "variance_pct": D("50"), "movement": None})
    assert [(m.field, m.stated, m.computed) for m in found] == [
        ("variance", D("1.237"), D("-0.313")),
        ("variance_pct", D("50"), D("-13")),
    ]
