"""Properties of the budget arithmetic (finance/calc.py) and risk scoring (riskregister/scoring.py)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finance import calc as fcalc
from riskregister import scoring

from .conftest import PROFILE

money = st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=4, allow_nan=False)
maybe_money = st.one_of(st.none(), money)
levels = st.integers(min_value=1, max_value=5)
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))


@PROFILE
@given(maybe_money, maybe_money, maybe_money)
def test_variance_is_outturn_less_budget_plus_adjustment(budget, outturn, adjustment):
    v = fcalc.variance(budget, outturn, adjustment)
    assert v == (outturn or 0) - (budget or 0) + (adjustment or 0)
    pct = fcalc.variance_pct(v, budget)
    if not budget:
        assert pct is None  # "n/a" with no budget, never a division by zero
    else:
        assert pct == (v / abs(budget) * 100).quantize(Decimal("0.1"), "ROUND_HALF_UP")
        assert pct * v >= 0  # the sign of the percentage is the sign of the variance


@PROFILE
@given(maybe_money, maybe_money)
def test_movement_reverses_when_the_periods_swap(a, b):
    forward, backward = fcalc.movement(a, b), fcalc.movement(b, a)
    assert (forward is None) == (a is None or b is None)
    if forward is not None:
        assert forward == -backward


@PROFILE
@given(money)
def test_rounding_to_the_thousand_is_stable_and_prints_back(amount):
    once = fcalc.to_thousand(amount)
    assert fcalc.to_thousand(once) == once and abs(once - amount) <= Decimal("0.0005")
    assert Decimal(fcalc.fmt_signed(amount)) == once
    assert not fcalc.differs_at_thousand(amount, amount) and not fcalc.differs_at_thousand(once, amount)
    assert fcalc.differs_at_thousand(amount, None)


@PROFILE
@given(st.lists(maybe_money, max_size=12))
def test_totals_sum_what_is_there_and_complete_totals_need_every_line(values):
    present = [v for v in values if v is not None]
    assert fcalc.total(values) == (sum(present, Decimal(0)) if present else None)
    complete = fcalc.total_if_complete(values)
    assert complete == (sum(values, Decimal(0)) if values and len(present) == len(values) else None)


@PROFILE
@given(st.lists(st.fixed_dictionaries({"k": st.sampled_from("abc"), "x": maybe_money}), max_size=15))
def test_section_totals_add_up_to_the_grand_total(rows):
    sections, grand = fcalc.sectioned_totals(rows, "k", ["x"])
    assert [s.key for s in sections] == list(dict.fromkeys(r["k"] for r in rows))
    assert grand["x"] == fcalc.total(s.totals["x"] for s in sections)
    assert grand["x"] == fcalc.total(r["x"] for r in rows)


@PROFILE
@given(maybe_money, maybe_money, maybe_money)
def test_reserve_balance_is_start_plus_usage(start, approved, further):
    assert fcalc.reserve_balance_end(start, approved, further) == (start or 0) + (approved or 0) + (further or 0)


@PROFILE
@given(levels, levels)
def test_score_is_likelihood_times_impact_in_range(likelihood, impact):
    s = scoring.score(likelihood, impact)
    assert s == likelihood * impact and 1 <= s <= 25
    assert scoring.typed_score_error(likelihood, impact, s) is None
    assert scoring.typed_score_error(likelihood, impact, s + 1) is not None


@PROFILE
@given(st.one_of(st.integers(-10, 10), st.floats(allow_nan=True), st.none(), st.booleans()))
def test_out_of_range_levels_are_refused(value):
    if value in range(1, 6) and not isinstance(value, bool) and value == int(value):
        assert scoring.check_level(value) == value
    else:
        with pytest.raises((scoring.ScoreError, ValueError, OverflowError)):
            scoring.check_level(value)


@PROFILE
@given(levels, levels, levels, levels)
def test_the_default_matrix_never_puts_a_higher_score_in_a_lower_band(l1, i1, l2, i2):
    matrix = scoring.default_matrix()
    order = [name for name, *_ in scoring.DEFAULT_BANDS]
    b1, b2 = scoring.band_for(l1, i1, matrix), scoring.band_for(l2, i2, matrix)
    if l1 * i1 <= l2 * i2:
        assert order.index(b1) <= order.index(b2)


@PROFILE
@given(st.one_of(st.none(), st.integers(1, 25)), st.one_of(st.none(), st.integers(1, 25)))
def test_risk_direction_reverses_when_the_reviews_swap(a, b):
    forward, backward = scoring.direction_of_travel(a, b), scoring.direction_of_travel(b, a)
    opposite = {scoring.IMPROVING: scoring.WORSENING, scoring.WORSENING: scoring.IMPROVING,
                scoring.UNCHANGED: scoring.UNCHANGED, None: None}
    assert backward == opposite[forward]


@PROFILE
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=30))
def test_heat_map_counts_every_scored_risk_once(cells):
    grid = scoring.heat_map(cells)
    assert sum(sum(row.values()) for row in grid.values()) == sum(
        1 for lk, im in cells if lk in scoring.SCALE and im in scoring.SCALE
    )


@PROFILE
@given(st.one_of(st.none(), days), days, st.integers(0, 60))
def test_review_overdue_and_reminders_are_consistent(next_due, today, days_before):
    overdue = scoring.review_overdue(next_due, today)
    assert overdue == (next_due is not None and next_due < today)
    if scoring.reminder_due(next_due, today, days_before):
        assert not overdue and next_due - today <= timedelta(days=days_before)


@PROFILE
@given(st.one_of(st.none(), days), st.integers(1, 25), st.integers(1, 25), days)
def test_target_missed_only_after_the_target_date_above_target(target_date, current, target, today):
    missed = scoring.target_missed(target_date, current, target, today)
    assert missed == (target_date is not None and target_date < today and current > target)
