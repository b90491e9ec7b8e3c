"""Boundaries and exact figures of the engine that the seed-based tests do not pin (found by
mutation testing: each assertion here fails for a mutant that the other tests let through)."""

import math
from datetime import date

import pytest

from performance import calc
from performance.calc import Point


def test_derive_value_scales_annualises_and_refuses_a_zero_or_missing_denominator():
    assert calc.derive_value(3, 4) == 0.75
    assert calc.derive_value(3, 4, multiplier=100) == 75
    assert calc.derive_value(1, 2, multiplier=10, annualise=True) == 60  # monthly: x 12
    assert calc.derive_value(1, 2, annualise=True, frequency="quarterly") == 2
    assert calc.derive_value(1, 2, annualise=True, frequency="unknown") == 6  # taken as monthly
    assert calc.derive_value(1, 2, annualise=False, frequency="quarterly") == 0.5
    assert calc.derive_value(0, 5) == 0
    assert calc.derive_value(1, 0) is None
    assert calc.derive_value(None, 5) is None and calc.derive_value(5, None) is None


def test_parse_period_edges():
    assert calc.parse_period("2017-01") == date(2017, 1, 1)
    assert calc.parse_period(" 2017-12 ") == date(2017, 12, 1)
    assert calc.parse_period(date(2017, 3, 14)) == date(2017, 3, 1)
    assert calc.parse_period("1900-01") == date(1900, 1, 1) and calc.parse_period("2199-12") == date(2199, 12, 1)
    for bad in ("2017-00", "2017-13", "1899-12", "2200-01", "2017-1", "Jan-17", ""):
        with pytest.raises(ValueError, match="is not a period: write YYYY-MM"):
            calc.parse_period(bad)


def test_year_labels_and_months():
    assert calc.financial_year_label(2016) == "2016-17"
    assert calc.financial_year_label(2099) == "2099-00"
    assert calc.financial_year_label(2008) == "2008-09"
    assert calc.financial_year(date(2017, 3, 1)) == 2016 and calc.financial_year(date(2017, 4, 1)) == 2017
    assert calc.add_months(date(2016, 12, 1), 1) == date(2017, 1, 1)
    assert calc.add_months(date(2017, 1, 1), -13) == date(2015, 12, 1)
    assert calc.months_back(date(2017, 2, 1), 3) == [date(2016, 12, 1), date(2017, 1, 1), date(2017, 2, 1)]
    assert calc.short_label(date(2017, 1, 1)) == "Jan-17" and calc.period_label(date(2017, 1, 1)) == "2017-01"


def test_fmt_by_unit():
    assert calc.fmt(23.84, "percentage") == "23.8%"
    assert calc.fmt(1234567.4, "money") == "£1,234,567"
    assert calc.fmt(554.54, "rate") == "554.5"
    assert calc.fmt(3163.0) == "3,163" and calc.fmt(-3.0) == "-3"
    # A negative figure too small to print is 0, not "-0": a change of -0.01 pp, -40p, -0.001 days.
    assert calc.fmt(-0.01, "percentage") == "0.0%" and calc.fmt(-0.4, "money") == "£0"
    assert calc.fmt(-0.001, "days") == "0" and calc.fmt(-0.04) == "0.0" and calc.fmt(-0.004, decimals=2) == "0.00"
    assert calc.fmt(-0.05, "percentage") == "-0.1%" and calc.fmt(-0.6, "money") == "£-1"
    assert calc.fmt(-0.0) == "0" and calc.fmt(0.0 * -1, "percentage") == "0.0%"
    assert calc.fmt(12.25) == "12.2" and calc.fmt(12.25, "days") == "12.25" and calc.fmt(12.5, "days") == "12.5"
    assert calc.fmt(7.0, "days") == "7" and calc.fmt(None, "money") == "-"


def _linear(values, end=date(2017, 1, 1)):
    months = calc.months_back(end, len(values))
    return {p: Point(p, v) for p, v in zip(months, values, strict=True)}


def test_linear_trend_slope_is_the_least_squares_slope():
    assert calc.linear_trend(_linear([2 * i + 5 for i in range(13)]), date(2017, 1, 1)).slope == pytest.approx(2)
    down = calc.linear_trend(_linear([100 - 3 * i for i in range(13)]), date(2017, 1, 1))
    assert down.slope == pytest.approx(-3) and down.direction == calc.REDUCING and down.label == "Reducing"
    assert calc.linear_trend(_linear([0, 10] * 6 + [0]), date(2017, 1, 1)).slope == pytest.approx(0)
    assert calc.linear_trend(_linear([5.0] * 13), date(2017, 1, 1)).direction == calc.FLAT
    assert calc._slope([1, 2, 4]) == pytest.approx(1.5)
    assert calc._slope([0, 0, 0, 3]) == pytest.approx(0.9)
    incomplete = calc.linear_trend(_linear([1.0] * 12), date(2017, 1, 1))
    assert incomplete.direction == calc.INCOMPLETE and incomplete.label == "Dataset is incomplete"


def test_outside_limits_is_strictly_outside():
    spc = calc.Spc(10.0, 5.0, 15.0, False, (), (), "common cause", None, "")
    assert not calc.outside_limits(15.0, spc) and not calc.outside_limits(5.0, spc)
    assert calc.outside_limits(15.01, spc) and calc.outside_limits(4.99, spc)
    assert not calc.outside_limits(None, spc)
    none = calc.Spc(None, None, None, True, (), (), "none", None, "")
    assert not calc.outside_limits(100.0, none)
    half = calc.Spc(10.0, 5.0, None, True, (), (), "none", None, "")
    assert not calc.outside_limits(100.0, half)


def test_spc_as_dict_writes_periods_as_text():
    s = _linear([10, 12, 11, 13])
    d = calc.spc(s, sorted(s)).as_dict()
    assert [p["period"] for p in d["points"]] == ["2016-10", "2016-11", "2016-12", "2017-01"]
    assert d["points"][0]["value"] == 10 and set(d["points"][0]) == {"period", "value", "mean", "lower", "upper",
                                                                       "flags"}
    assert d["trial"] is True and d["mean"] == pytest.approx(11.5)


def test_exception_margin_is_five_percent_inclusive():
    def ex(value, polarity="high", target=100):
        return calc.exception_status(value=value, rag_colour=None, target=target, polarity=polarity).exception

    assert ex(95) and not ex(95.01)
    assert ex(105, "low") and not ex(104.99, "low")
    assert not ex(50, "info") and not ex(50, target=0) and not ex(None)
    three = calc.exception_status(value=None, rag_colour=None, target=None, polarity="high",
                                  recent_directions=[calc.WORSENING] * 3)
    assert three.reasons == ("worsened for three periods running",)
    two = calc.exception_status(value=None, rag_colour=None, target=None, polarity="high",
                                recent_directions=[calc.IMPROVING, calc.WORSENING, calc.WORSENING])
    assert not two.exception and two.explanation == "Not an exception: none of the reporting criteria is met."


def test_rag_threshold_edges():
    rule = {"method": "thresholds", "green": 90, "red": 80}
    assert calc.rag(90, polarity="high", rule=rule, target=1).colour == calc.GREEN
    assert calc.rag(80, polarity="high", rule=rule, target=1).colour == calc.AMBER
    assert calc.rag(79.99, polarity="high", rule=rule, target=1).colour == calc.RED
    low = {"method": "thresholds", "green": 10, "red": 20}
    assert calc.rag(10, polarity="low", rule=low, target=1).colour == calc.GREEN
    assert calc.rag(20, polarity="low", rule=low, target=1).colour == calc.AMBER
    assert calc.rag(20.01, polarity="low", rule=low, target=1).colour == calc.RED
    rel = {"method": "relative", "tolerance_pct": 5}
    assert calc.rag(95, polarity="high", rule=rel, target=100).colour == calc.AMBER
    assert calc.rag(94.99, polarity="high", rule=rel, target=100).colour == calc.RED
    assert calc.rag(100, polarity="high", rule=rel, target=100).colour == calc.GREEN
    small = calc.rag(50, polarity="high", rule=rule, target=1, unit="percentage", denominator=9,
                     small_numbers_threshold=10)
    assert small.colour is None and small.small_numbers
    assert calc.rag(50, polarity="high", rule=rule, target=1, unit="percentage", denominator=10,
                    small_numbers_threshold=10).colour == calc.RED
    assert calc.rag(50, polarity="high", rule=rule, target=1, unit="count", denominator=1,
                    small_numbers_threshold=10).colour == calc.RED


def test_figure_problems_name_each_field_word_for_word():
    def problems(unit="count", value=None, numerator=None, denominator=None, **kw):
        return calc.figure_problems(unit=unit, value=value, numerator=numerator, denominator=denominator, **kw)

    assert problems(value=3) == {} and problems() == {}
    nde = {"no_data_expected": "A period marked 'no data expected' cannot also have figures."}
    assert problems(value=3, no_data_expected=True) == nde
    assert problems(numerator=1, no_data_expected=True) == nde and problems(denominator=1, no_data_expected=True) == nde
    assert problems(value=-5, numerator=-1, no_data_expected=True) == nde  # nothing else is checked
    assert problems(no_data_expected=True) == {}
    both = "Give both numerator and denominator, or neither."
    assert problems(numerator=3) == {"denominator": both}
    assert problems(denominator=3) == {"numerator": both}
    assert problems(numerator=0, denominator=1) == {}  # zero is a figure
    assert problems(numerator=0, denominator=0.5) == {}  # a fraction of a person-year, say
    assert problems(denominator=0) == {"numerator": both}  # the missing half is what to fix first
    assert problems(numerator=1, denominator=-2) == {"denominator": "The denominator cannot be negative."}
    assert problems(numerator=-1, denominator=2) == {"numerator": "The numerator cannot be negative."}
    assert problems(numerator=1, denominator=0) == {"denominator": "The denominator cannot be 0."}
    # Above the denominator is wrong only for a percentage, and equal is fine.
    assert problems("percentage", numerator=5, denominator=4) == {
        "numerator": "The numerator (5) is above the denominator (4)."}
    assert problems("percentage", numerator=4, denominator=4) == {}
    assert problems("rate", numerator=5, denominator=4) == {}
    assert problems("percentage", value=100.5) == {"value": "A percentage must be between 0 and 100 (got 100.5)."}
    assert problems("percentage", value=-0.5) == {"value": "A percentage must be between 0 and 100 (got -0.5)."}
    assert problems("percentage", value=0) == {} and problems("percentage", value=100) == {}
    assert problems("count", value=150) == {} and problems("count", value=-3) == {}
    assert problems("count", value=math.nan) == {"value": "Not a number."}
    assert problems("percentage", value=math.nan) == {"value": "Not a number."}


def test_target_at_names_the_year_and_steps_along_the_line():
    assert calc.target_at({}, date(2017, 1, 1)) == calc.TargetAt(None, "No target for 2016-17.")
    assert calc.target_at({2098: 1}, date(2099, 4, 1)).explanation == "No target for 2099-00."
    assert calc.target_at({2016: 20}, date(2017, 1, 1), unit="percentage") == calc.TargetAt(
        20.0, "Target for 2016-17: 20.0%.")
    by_only = calc.TargetSpec(480, by=date(2017, 3, 1))
    assert calc.target_at({2016: by_only}, date(2016, 10, 1)) == calc.TargetAt(
        480, "Target for 2016-17: 480 by Mar-17.")
    line = calc.TargetSpec(480, by=date(2017, 3, 1), trajectory_from=600)
    assert calc.target_at({2016: line}, date(2016, 5, 1)) == calc.TargetAt(
        600 - 120 / 11,
        "Trajectory target for May-16: 589.1, on the straight line from 600 in Apr-16 to 480 by Mar-17.",
    )
    # From the month it is due (and after, in the same year) the target is the value itself.
    assert calc.target_at({2016: line}, date(2017, 3, 1)) == calc.TargetAt(480, "Target for 2016-17: 480 by Mar-17.")
    early = calc.TargetSpec(480, by=date(2016, 9, 1), trajectory_from=600)
    assert calc.target_at({2016: early}, date(2016, 12, 1)).value == 480
    assert calc.target_at({2016: early}, date(2016, 8, 1)).value == pytest.approx(600 - 120 * 4 / 5)
    # A line due in April itself has no steps: the value from the start.
    april = calc.TargetSpec(480, by=date(2016, 4, 1), trajectory_from=600)
    assert calc.target_at({2016: april}, date(2016, 4, 1)).value == 480
    # The line is drawn from April of the period's own financial year.
    next_year = calc.TargetSpec(100, by=date(2018, 3, 1), trajectory_from=0)
    assert calc.target_at({2017: next_year}, date(2017, 4, 1)).value == 0
    assert calc.target_at({2017: next_year}, date(2018, 1, 1)).value == pytest.approx(100 * 9 / 11)
    spec = calc.Spec(ref="x", targets={2016: line})
    assert spec.target_explanation(date(2017, 3, 1)) == "Target for 2016-17: 480 by Mar-17."
    # Due in May: April, one step short, is still the starting point.
    may = calc.TargetSpec(480, by=date(2016, 5, 1), trajectory_from=600)
    assert calc.target_at({2016: may}, date(2016, 4, 1)).value == 600
    # Every figure in the explanation is in the indicator's unit.
    pct = calc.TargetSpec(20, by=date(2017, 3, 1), trajectory_from=31)
    assert calc.target_at({2016: pct}, date(2016, 5, 1), unit="percentage").explanation == (
        "Trajectory target for May-16: 30.0%, on the straight line from 31.0% in Apr-16 to 20.0% by Mar-17.")
    assert calc.target_at({2016: pct}, date(2017, 3, 1), unit="percentage").explanation == (
        "Target for 2016-17: 20.0% by Mar-17.")
    assert calc.Spec(ref="x", unit="percentage", targets={2016: 20}).target_explanation(date(2016, 5, 1)) == (
        "Target for 2016-17: 20.0%.")


AROUND = {"method": "around_target", "margin_pct": 10}


@pytest.mark.parametrize("value,polarity,colour,explanation", [
    (56.0, "high", "green", "56.0% is better than the target 50.0% by 12.0% of the target, more than the 10% margin."),
    (44.0, "high", "red", "44.0% is worse than the target 50.0% by 12.0% of the target, more than the 10% margin."),
    (55.0, "high", "amber", "55.0% is within 10% of the target 50.0% either side: on target."),
    (45.0, "high", "amber", "45.0% is within 10% of the target 50.0% either side: on target."),
    (44.0, "low", "green", "44.0% is better than the target 50.0% by 12.0% of the target, more than the 10% margin."),
])
def test_around_target_explains_by_how_much_in_the_unit(value, polarity, colour, explanation):
    result = calc.rag(value, polarity=polarity, rule=AROUND, target=50.0, unit="percentage")
    assert (result.colour, result.explanation) == (colour, explanation)


def test_around_a_target_of_zero_the_difference_is_given_in_the_unit():
    result = calc.rag(1.5, polarity="low", rule=AROUND, target=0.0, unit="percentage")
    assert (result.colour, result.explanation) == (
        "red", "1.5% is worse than the target 0.0% by 1.5%, more than the 10% margin.")


def test_the_explanation_beside_each_colour_word_for_word():
    high = {"method": "thresholds", "green": 80, "red": 60}
    low = {"method": "thresholds", "green": 60, "red": 80}
    assert calc.rag(85, polarity="high", rule=high, target=80, unit="percentage").explanation == (
        "85.0% is at or above the green threshold 80.0% (high is good).")
    assert calc.rag(50, polarity="low", rule=low, target=60, unit="percentage").explanation == (
        "50.0% is at or below the green threshold 60.0% (low is good).")
    strict = {**low, "green_inclusive": False}
    assert calc.rag(70, polarity="low", rule=strict, target=60, unit="percentage").explanation == (
        "70.0% is not below green 60.0% but not above red 80.0% (low is good).")
    relative = {"method": "relative", "tolerance_pct": 5}
    assert calc.rag(1200, polarity="high", rule=relative, target=1000) == calc.Rag(
        "green", "1,200 meets the target 1,000 (high is good).")
    assert calc.rag(None, polarity="low", rule=low, target=60) == calc.Rag(None, "No figure for this period.")
    assert calc.check_rag_rule({"method": "relative", "tolerance_pct": -1}, "high") == (
        "The relative rule needs a tolerance of 0% or more of the target.")


def test_direction_of_travel_says_which_way_and_why():
    assert calc.direction_of_travel(1200, 1500, polarity="low") == calc.Dot(
        "improving", "down from 1,500 to 1,200; low is good, so improving.")
    assert calc.direction_of_travel(12.5, 15, polarity="high", unit="percentage") == calc.Dot(
        "worsening", "down from 15.0% to 12.5%; high is good, so worsening.")
    assert calc.direction_of_travel(1200, 1500, polarity="info") == calc.Dot(
        None, "Information only: no direction of travel.")
    # Unchanged means equal to within a billionth, however large the figures.
    assert calc.direction_of_travel(1e12 + 1, 1e12, polarity="high").direction == "improving"


def test_one_figure_gives_trial_process_limits_with_nothing_flagged():
    s = {date(2017, 1, 1): Point(date(2017, 1, 1), 5.0)}
    assert calc.spc(s, sorted(s)) == calc.Spc(
        None, None, None, True, (), (), "none", None, "Too few figures for process limits (need 2 or more).")
