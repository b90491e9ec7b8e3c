"""Issue 17's measures, worked through with figures a performance officer can check by hand."""

from datetime import date

import pytest

from performance import calc, measures
from performance.calc import Point
from tests.performance.series import monthly as series

RATIO = {"aggregation": "ratio", "multiplier": 100}


# --- windows -----------------------------------------------------------------


def test_six_month_ratio_window_sums_numerators_over_denominators():
    # Apr-16 .. Sep-16: 10/100, 12/100, 9/90, 11/110, 8/80, 10/120 -> 60/600 = 10.0%
    nums, dens = [10, 12, 9, 11, 8, 10], [100, 100, 90, 110, 80, 120]
    s = series([n / d * 100 for n, d in zip(nums, dens, strict=True)], nums=nums, dens=dens)
    w = measures.window(s, date(2016, 9, 1), 6, **RATIO)
    assert (w.numerator, w.denominator, w.value) == (60, 600, pytest.approx(10.0))
    assert (w.mean_numerator, w.mean_denominator) == (10, 100)
    assert w.complete and w.missing == ()
    d = w.as_dict()
    assert (d["from"], d["to"], d["months"]) == ("2016-04", "2016-09", 6)


def test_a_missing_month_marks_the_window_incomplete_and_names_it():
    nums = [10, 12, None, 11, 8, 10, 6]
    dens = [100, 100, None, 110, 80, 120, 60]
    values = [None if n is None else n / d * 100 for n, d in zip(nums, dens, strict=True)]
    s = series(values, nums=nums, dens=dens)
    w = measures.window(s, date(2016, 10, 1), 6, **RATIO)  # May-Oct, Jun missing
    assert not w.complete and w.missing == ("2016-06",)
    assert (w.numerator, w.denominator) == (12 + 11 + 8 + 10 + 6, 100 + 110 + 80 + 120 + 60)
    assert w.value == pytest.approx(47 / 470 * 100)
    assert "no figure for Jun-16" in w.explanation and "2016-06" not in w.explanation  # as the dashboard writes months
    prior = measures.prior_window(s, date(2016, 10, 1), 6, **RATIO)  # Apr-Sep, not Oct
    d = prior.as_dict()
    assert (d["from"], d["to"]) == ("2016-04", "2016-09")
    assert d["missing"] == ["2016-06"] and not d["complete"]
    assert d["numerator"] == 10 + 12 + 11 + 8 + 10


def test_a_sum_window_with_a_gap_is_withheld_not_understated():
    s = series([5, 6, None, 7])
    w = measures.window(s, date(2016, 7, 1), 4, aggregation="sum")
    assert w.value is None and not w.complete and "read as the whole" in w.explanation
    full = measures.window(series([5, 6, 4, 7]), date(2016, 7, 1), 4, aggregation="sum")
    assert full.value == 22


def test_no_data_expected_months_are_not_missing():
    s = series([5, "nde", 7])
    w = measures.window(s, date(2016, 6, 1), 3, aggregation="mean")
    assert w.complete and w.value == 6


@pytest.mark.parametrize("n", [1, 25, 0, "6", True])
def test_window_length_outside_2_to_24_is_refused(n):
    assert measures.check_window(n)


# --- population rates --------------------------------------------------------


def test_rate_per_10000_uses_the_latest_population_not_after_the_period_year():
    pops = {2015: 170_000, 2016: 172_000, 2018: 180_000}
    r = measures.population_rate(1_153, pops, date(2017, 1, 1), area="Norfolk")
    assert r.population_year == 2016
    assert r.value == pytest.approx(1_153 / 172_000 * 10_000)  # 67.0
    assert "1,153 / 172,000 (2016 population for Norfolk) x 10,000 = 67.0" in r.explanation
    assert measures.population_rate(5, pops, date(2014, 5, 1)).value is None


def test_rate_for_two_areas_each_from_its_own_population():
    east = measures.population_rate(240, {2016: 40_000}, date(2016, 12, 1), area="East")
    west = measures.population_rate(240, {2016: 30_000}, date(2016, 12, 1), area="West")
    assert (east.value, west.value) == (pytest.approx(60.0), pytest.approx(80.0))


# --- trend ratings -------------------------------------------------------------

RULE = {"bit_better": 1, "much_better": 3, "basis": "points"}


@pytest.mark.parametrize(
    "previous,current,polarity,rating",
    [
        (20.0, 20.0, "low", "not better"),
        (20.0, 21.0, "low", "not better"),  # worse
        (20.0, 19.5, "low", "not better"),  # better, but under the bit-better step
        (20.0, 19.0, "low", "bit better"),  # exactly 1 point: the boundary counts
        (20.0, 17.1, "low", "bit better"),
        (20.0, 17.0, "low", "much better"),  # exactly 3 points
        (50.0, 53.0, "high", "much better"),
        (50.0, 47.0, "high", "not better"),
    ],
)
def test_trend_rating_points(previous, current, polarity, rating):
    assert measures.trend_rating(current, previous, polarity=polarity, rule=RULE).rating == rating


def test_trend_rating_in_percent_of_the_previous_value():
    rule = {"bit_better": 5, "much_better": 10, "basis": "percent"}
    assert measures.trend_rating(95, 100, polarity="low", rule=rule).rating == "bit better"
    assert measures.trend_rating(90, 100, polarity="low", rule=rule).rating == "much better"
    assert measures.trend_rating(96, 100, polarity="low", rule=rule).rating == "not better"
    assert measures.trend_rating(5, 0, polarity="low", rule=rule).rating is None


def test_trend_rule_is_checked():
    assert measures.check_trend_rule({"bit_better": 3, "much_better": 1}) is not None
    assert measures.check_trend_rule({"bit_better": 0, "much_better": 1}) is not None
    assert measures.check_trend_rule({"bit_better": 1, "much_better": 2, "basis": "ratio"}) is not None
    assert measures.check_trend_rule(RULE) is None


# --- RAG rules -----------------------------------------------------------------

AROUND = {"method": "around_target", "margin_pct": 10}


@pytest.mark.parametrize(
    "value,polarity,colour",
    [
        (100, "high", "amber"),  # on target
        (110, "high", "amber"),  # exactly 10% better: still within the margin
        (110.5, "high", "green"),
        (90, "high", "amber"),  # exactly 10% worse
        (89.5, "high", "red"),
        (89.5, "low", "green"),  # low is good: 10.5% under the target is better
        (110.5, "low", "red"),
    ],
)
def test_around_target_amber_means_on_target(value, polarity, colour):
    r = calc.rag(value, polarity=polarity, rule=AROUND, target=100)
    assert r.colour == colour, r.explanation


def test_thresholds_green_exclusive_for_under_20():
    rule = {"method": "thresholds", "green": 20, "red": 25, "green_inclusive": False}
    assert calc.rag(19.9, polarity="low", rule=rule, target=20).colour == "green"
    assert calc.rag(20, polarity="low", rule=rule, target=20).colour == "amber"
    inclusive = {"method": "thresholds", "green": 20, "red": 25}
    assert calc.rag(20, polarity="low", rule=inclusive, target=20).colour == "green"
    high = {"method": "thresholds", "green": 86, "red": 80, "green_inclusive": False}
    assert calc.rag(86, polarity="high", rule=high, target=86).colour == "amber"
    assert calc.rag(86.1, polarity="high", rule=high, target=86).colour == "green"


def test_around_target_rule_needs_a_margin():
    assert calc.check_rag_rule({"method": "around_target"}, "high")
    assert calc.check_rag_rule(AROUND, "high") is None


# --- dated targets and trajectories --------------------------------------------


def test_a_trajectory_month_is_rated_against_the_straight_line():
    # 2016-17: from 600 in April to 480 by March 2017 (11 steps): October is 6 steps in.
    targets = {2016: calc.TargetSpec(480, by=date(2017, 3, 1), trajectory_from=600)}
    oct16 = calc.target_at(targets, date(2016, 10, 1))
    assert oct16.value == pytest.approx(600 - 120 * 6 / 11)
    assert "Trajectory target for Oct-16" in oct16.explanation and "by Mar-17" in oct16.explanation
    assert calc.target_at(targets, date(2016, 4, 1)).value == 600
    assert calc.target_at(targets, date(2017, 3, 1)).value == 480
    spec = calc.Spec(ref="x", polarity="low", targets=targets, rag_rule={"method": "relative", "tolerance_pct": 0})
    assert spec.target_for(date(2016, 10, 1)) == pytest.approx(534.545, abs=1e-3)


def test_a_plain_target_still_works():
    assert calc.target_at({2016: 20.0}, date(2017, 1, 1)).value == 20.0
    assert calc.target_at({2016: 20.0}, date(2017, 4, 1)).value is None


# --- comparisons and breakdown totals -----------------------------------------


def test_comparison_against_last_march():
    s = series([30.0] * 12, start=date(2016, 4, 1))
    s[date(2016, 3, 1)] = Point(date(2016, 3, 1), 34.0)
    c = measures.compare(30.0, s, date(2016, 3, 1), polarity="low", unit="percentage")
    assert (c.value, c.change, c.direction) == (34.0, -4.0, "improving")
    assert c.as_dict()["period"] == "2016-03"
    assert measures.compare(30.0, s, date(2015, 1, 1), polarity="low").value is None


def test_breakdown_members_that_do_not_add_up_are_flagged_unless_excluded():
    members = {"East": 40, "West": 35, "North": 25, "Citywide": 12}
    bad = measures.check_breakdown_total(100, members)
    assert bad.adds_up is False and "112" in bad.explanation
    ok = measures.check_breakdown_total(100, members, excluded=["citywide"])
    assert ok.adds_up is True and "Citywide excluded" in ok.explanation
    assert measures.check_breakdown_total(23.5, {"East": 20.0}, unit="percentage").adds_up is None


# --- figures as written ---------------------------------------------------------


@pytest.mark.parametrize("text", ["N/A", "n/a", "NA", "-", " na "])
def test_not_applicable_spellings(text):
    assert measures.is_not_applicable(text)


def test_rounded_as_written():
    derived = 2_162 / 9_030 * 100  # 23.94
    assert measures.decimals_written("24%") == 0 and measures.matches_when_rounded(24, derived, 0)
    assert measures.decimals_written("23.9") == 1 and measures.matches_when_rounded(23.9, derived, 1)
    assert not measures.matches_when_rounded(23.8, derived, 1)
    assert not measures.matches_when_rounded(25, derived, 0)


@pytest.mark.parametrize(
    "text,start",
    [
        ("2015-16", date(2015, 4, 1)),
        ("2015/16", date(2015, 4, 1)),
        ("2016", date(2016, 1, 1)),
        ("2016-03", date(2016, 3, 1)),
        ("Mar-16", date(2016, 3, 1)),
        ("31/03/2016", date(2016, 3, 31)),
        ("", None),
        ("latest", None),
    ],
)
def test_benchmark_refers_to_is_placed_in_time(text, start):
    assert measures.refers_to_start(text) == start


def test_members_sort_in_the_order_given_then_alphabetically_and_an_import_only_appends():
    key = measures.member_sort_key(["North & Broadland", "City"])
    assert sorted(["West", "city", "Breckland", "North & Broadland"], key=key) == [
        "North & Broadland", "city", "Breckland", "West"]
    assert measures.merged_member_order(["East", "West"], ["west", "Breckland", "City", "Breckland"]) == [
        "East", "West", "Breckland", "City"]
    assert measures.check_member_order(["East", "east"]) == "Each member once: East, east given more than once."
    assert measures.check_member_order("East") and measures.check_member_order(["East", ""])
    assert measures.check_member_order(["East", "West"]) is None
