"""Boundaries of the budget arithmetic that the seed-based tests do not pin (found by mutation testing)."""

from decimal import Decimal as D

from finance import calc


def test_check_line_uses_the_adjustment_and_the_previous_variance():
    # A line with no budget carries its variance as an adjustment: stated +0.5 is right.
    assert calc.check_line(3, "Other small savings", None, None, D("0.5"), {"variance": D("0.5")}) == []
    wrong = calc.check_line(3, "Other small savings", None, None, D("0.5"), {"variance": D("0.4")})
    assert [(m.row, m.label, m.field, m.stated, m.computed) for m in wrong] == [
        (3, "Other small savings", "variance", D("0.4"), D("0.500"))
    ]
    # movement = this variance (+0.3) - last period's (+0.1); stated +0.2 is right, +0.25 is not.
    assert calc.check_line(5, "Fostering", D("1"), D("1.3"), None, {"movement": D("0.2")}, D("0.1")) == []
    moved = calc.check_line(5, "Fostering", D("1"), D("1.3"), None, {"movement": D("0.25")}, D("0.1"))
    assert [(m.field, m.stated, m.computed) for m in moved] == [("movement", D("0.25"), D("0.200"))]
    # no previous period: a stated movement cannot be checked, so it is not a mismatch
    assert calc.check_line(5, "Fostering", D("1"), D("1.3"), None, {"movement": D("9")}) == []
    assert calc.check_line(5, "Fostering", D("1"), D("1.3"), None, {}) == []


def test_check_line_percentages():
    # 0.3 over a budget of 1 = +30%, stated as a whole percent
    assert calc.check_line(1, "L", D("1"), D("1.3"), None, {"variance_pct": D("30")}) == []
    off = calc.check_line(1, "L", D("1"), D("1.3"), None, {"variance_pct": D("31")})
    assert [(m.field, m.stated, m.computed) for m in off] == [("variance_pct", D("31"), D("30"))]
    tenths = calc.check_line(1, "L", D("1"), D("1.3"), None, {"variance_pct": D("30.1")})
    assert [(m.stated, m.computed) for m in tenths] == [(D("30.1"), D("30.0"))]  # at the stated precision
    # "n/a" where there is a budget, and a percentage where there is none
    na = calc.check_line(1, "L", D("1"), D("1.3"), None, {"variance_pct": "n/a"})
    assert [(m.stated, m.computed) for m in na] == [("n/a", D("30.0"))]
    no_budget = calc.check_line(1, "L", None, D("0.3"), None, {"variance_pct": D("5")})
    assert [(m.stated, m.computed) for m in no_budget] == [(D("5"), None)]
    assert calc.check_line(1, "L", None, D("0.3"), None, {"variance_pct": "n/a"}) == []


def test_percentage_helpers():
    assert calc.pct_places(D("30")) == D("1") and calc.pct_places(D("30.1")) == D("0.1")
    assert calc.pct_places(D("1E+1")) == D("1") and calc.pct_places(D("2.25")) == D("0.01")
    assert not calc.differs_pct(None, D("3")) and not calc.differs_pct("n/a", None)
    assert calc.differs_pct("n/a", D("3")) and calc.differs_pct(D("3"), None)
    assert not calc.differs_pct(D("109"), D("109.47")) and calc.differs_pct(D("110"), D("109.47"))
    assert not calc.differs_pct(D("110"), D("109.5")) and not calc.differs_pct(D("-79"), D("-79.2"))
    assert calc.variance_pct(D("0.08"), D("-0.101")) == D("79.2")
    assert calc.variance_pct(D("1"), D("0")) is None and calc.variance_pct(None, D("1")) is None


def test_mismatch_messages():
    pct = calc.Mismatch(7, "Agency social workers", "variance_pct", D("110"), D("109"))
    assert pct.difference is None
    assert pct.message() == "Row 7: Agency social workers: variance % stated +110%, computed +109%"
    na = calc.Mismatch(None, "Court fees", "variance_pct", "n/a", D("79"))
    assert na.message() == "Court fees: variance % stated n/a, computed +79%"
    blank = calc.Mismatch(2, "Grand Total", "movement", None, D("0.2"))
    assert blank.message() == "Row 2: Grand Total: movement £m stated blank, computed +0.200"
    none = calc.Mismatch(2, "Grand Total", "subtotal", D("1"), None)
    assert none.difference is None and none.message() == "Row 2: Grand Total: subtotal stated +1.000, computed n/a"
    neg = calc.Mismatch(9, "Income", "variance", D("-0.400"), D("-0.100"))
    assert neg.difference == D("0.300") and neg.message().endswith("stated -0.400, computed -0.100 (differs by £300k)")
    zero = calc.Mismatch(1, "Zero", "variance", D("0"), D("-0.0001"))
    assert zero.message() == "Row 1: Zero: variance £m stated 0.000, computed 0.000 (differs by £0k)"


def test_signed_formatting_edges():
    assert calc.fmt_signed(D("0.0005")) == "+0.001" and calc.fmt_signed(D("-0.0005")) == "-0.001"
    assert calc.fmt_signed(D("-0.0004")) == "0.000" and calc.fmt_signed(D("6.945"), 0) == "+7"
    assert calc.fmt_signed(None) == ""
    assert calc.to_thousand(D("0.0125")) == D("0.013") and calc.to_thousand(None) is None


def test_school_and_reserve_arithmetic():
    assert calc.school_in_year_variance(D("16.057"), D("10.130"), D("-2.380")) == D("-3.547")
    assert calc.school_in_year_variance(None, None, None) == 0
    assert calc.reserve_balance_end(D("1"), D("-0.5"), None) == D("0.5")
    assert calc.movement(D("1"), None) is None and calc.movement(D("1"), D("0.4")) == D("0.6")
    sections, grand = calc.sectioned_totals(
        [{"k": "a", "x": D("1"), "m": None}, {"k": "a", "x": D("2"), "m": D("1")}, {"k": "b", "x": None, "m": D("2")}],
        "k", ["x", "m"], complete_fields=["m"],
    )
    assert [s.totals for s in sections] == [{"x": D("3"), "m": None}, {"x": None, "m": D("2")}]
    assert grand == {"x": D("3"), "m": None}
