"""Rating a figure: RAG against target and tolerances, direction of travel, the committee's
exception criteria, and the status of an indicator at a period that brings them together.

Worked on the MI report of January 2017 where it can be: 3.3 "Assessments auth in 45 WD - %"
(high is good, target 80%, red below 70%, green from 80%) and 3.4 "Open assessments already past
45 working days" (low is good, no target)."""

from datetime import date

import pytest

from performance import calc
from performance.calc import Dot, ExceptionResult, Point, Rag

JAN16, JAN17 = date(2016, 1, 1), date(2017, 1, 1)
MONTHS = calc.months_back(JAN17, 13)  # Jan-16 .. Jan-17

# 3.3, Jan-16 .. Jan-17, as printed on its page of the MI report.
IN_45_WD = [78.5, 80.2, 78.6, 78.5, 78.3, 77.7, 66.1, 64.4, 58.5, 77.7, 82.6, 80.1, 78.2]
# 3.4, same months.
PAST_45_WD = [72, 81, 113, 93, 123, 149, 169, 134, 67, 38, 47, 50, 48]

THRESHOLDS_3_3 = {"method": "thresholds", "green": 80, "red": 70}


def monthly(values, months=MONTHS):
    return {p: Point(p, v) for p, v in zip(months, values, strict=True) if v is not None}


def spec_3_3(**kw):
    return calc.Spec(
        ref="3.3", polarity="high", unit="percentage", aggregation="ratio", multiplier=100,
        rag_rule=THRESHOLDS_3_3, targets={2015: 80, 2016: 80}, **kw,
    )


def assessments():
    """3.3 with January 2017's own numerator: 485 of the 620 assessments authorised (3.1)."""
    s = monthly(IN_45_WD)
    s[JAN17] = Point(JAN17, calc.derive_value(485, 620, multiplier=100), 485, 620)
    return s


# --- rules that cannot be used ----------------------------------------------------------


def test_a_refused_rule_says_what_to_change_word_for_word():
    assert calc.check_rag_rule({"method": "thresholds", "green": 80, "red": 70}, "info") == (
        "An information-only indicator has no RAG: remove the rule or give it a polarity.")
    assert calc.check_rag_rule({"method": "thresholds", "green": 80}, "high") == (
        "The thresholds rule needs both a green and a red threshold.")
    assert calc.check_rag_rule({"method": "thresholds", "green": 70, "red": 80}, "high") == (
        "High is good, yet green (70) is below red (80): the bands overlap. Green must be at or above red.")
    assert calc.check_rag_rule({"method": "thresholds", "green": 30, "red": 20}, "low") == (
        "Low is good, yet green (30) is above red (20): the bands overlap. Green must be at or below red.")
    assert calc.check_rag_rule({"method": "around_target", "margin_pct": -1}, "high") == (
        "The around-target rule needs a margin of 0% or more of the target.")


def test_an_around_target_margin_of_0_or_a_fraction_of_a_percent_is_sound():
    assert calc.check_rag_rule({"method": "around_target", "margin_pct": 0}, "high") is None
    assert calc.check_rag_rule({"method": "around_target", "margin_pct": 0.5}, "low") is None
    # A zero margin: exactly on target is amber, any better is green, any worse red.
    zero = {"method": "around_target", "margin_pct": 0}
    assert [calc.rag(v, polarity="high", rule=zero, target=80).colour for v in (80, 80.1, 79.9)] == [
        calc.AMBER, calc.GREEN, calc.RED]


# --- RAG: when there is none, and why -------------------------------------------------------


def test_no_rule_or_no_target_is_explained_word_for_word():
    assert calc.rag(78.2, polarity="high", rule=None, target=80) == Rag(None, "No RAG rule is set for this indicator.")
    assert calc.rag(78.2, polarity="high", rule=THRESHOLDS_3_3) == Rag(
        None, "No target is set for this year, so no RAG.")


@pytest.mark.parametrize("unit", ["percentage", "rate"])
def test_a_percentage_or_rate_on_a_small_denominator_is_not_coloured(unit):
    # 2 of 4 children is 50%: too few to rate against 80%.
    result = calc.rag(50.0, polarity="high", rule=THRESHOLDS_3_3, target=80, unit=unit, denominator=4,
                      small_numbers_threshold=10)
    assert result == Rag(
        None, "Small numbers: denominator 4 is under 10, so the figure is not coloured.", small_numbers=True)


# --- thresholds: the explanation beside each colour ---------------------------------------


def test_each_threshold_colour_explains_itself_for_high_is_good():
    def explain(value, **rule):
        return calc.rag(value, polarity="high", rule={**THRESHOLDS_3_3, **rule}, target=80, unit="percentage")

    # 3.3 in January 2017: 78.2% is amber, as the report's square says.
    assert explain(78.2) == Rag(calc.AMBER, "78.2% is below green 80.0% but not below red 70.0% (high is good).")
    assert explain(69.9) == Rag(calc.RED, "69.9% is below the red threshold 70.0% (high is good).")
    # "Over 80%": green needs better than 80, and 80 itself is amber.
    assert explain(80.0, green_inclusive=False) == Rag(
        calc.AMBER, "80.0% is not above green 80.0% but not below red 70.0% (high is good).")
    assert explain(80.1, green_inclusive=False) == Rag(
        calc.GREEN, "80.1% is above the green threshold 80.0% (high is good).")


def test_each_threshold_colour_explains_itself_for_low_is_good():
    # 2.7 re-referrals: green at or under 20%, red over 30%.
    def explain(value, **rule):
        return calc.rag(value, polarity="low", rule={"method": "thresholds", "green": 20, "red": 30, **rule},
                        target=20, unit="percentage")

    assert explain(23.8) == Rag(calc.AMBER, "23.8% is above green 20.0% but not above red 30.0% (low is good).")
    assert explain(30.1) == Rag(calc.RED, "30.1% is above the red threshold 30.0% (low is good).")
    # "Under 20%": only below 20 is green.
    assert explain(19.9, green_inclusive=False) == Rag(
        calc.GREEN, "19.9% is below the green threshold 20.0% (low is good).")


def test_a_figure_without_a_unit_is_written_as_a_count():
    # 18.75 as a count is written to one place, as on the dashboard.
    rule = {"method": "thresholds", "green": 15, "red": 20}
    assert calc.rag(18.75, polarity="low", rule=rule, target=15).explanation == (
        "18.8 is above green 15 but not above red 20 (low is good).")


# --- relative tolerance ------------------------------------------------------------------


RELATIVE_10 = {"method": "relative", "tolerance_pct": 10}


def test_relative_amber_and_red_say_by_how_much_the_target_was_missed():
    # Re-referrals 21.5% against 20%: 7.5% of the target over, inside the 10% tolerance (up to 22%).
    assert calc.rag(21.5, polarity="low", rule=RELATIVE_10, target=20, unit="percentage") == Rag(
        calc.AMBER, "21.5% misses the target 20.0% by 7.5% of the target, within the 10% tolerance.")
    assert calc.rag(23.8, polarity="low", rule=RELATIVE_10, target=20, unit="percentage") == Rag(
        calc.RED, "23.8% misses the target 20.0% by 19.0% of the target, beyond the 10% tolerance.")
    assert calc.rag(80, polarity="high", rule=RELATIVE_10, target=80, unit="percentage") == Rag(
        calc.GREEN, "80.0% meets the target 80.0% (high is good).")


def test_a_target_missed_by_less_than_one_is_amber_not_met():
    # 20.5% against 20%: half a point over is not meeting the target.
    assert calc.rag(20.5, polarity="low", rule=RELATIVE_10, target=20).colour == calc.AMBER
    assert calc.rag(79.5, polarity="high", rule=RELATIVE_10, target=80).colour == calc.AMBER


def test_missing_a_target_of_zero_is_given_in_the_unit_not_as_a_percentage_of_it():
    # No child should wait past 45 working days: a target of 0, so any figure above it is beyond tolerance.
    assert calc.rag(3, polarity="low", rule=RELATIVE_10, target=0) == Rag(
        calc.RED, "3 misses the target 0 by 3, beyond the 10% tolerance.")
    assert calc.rag(1.5, polarity="low", rule=RELATIVE_10, target=0, unit="percentage") == Rag(
        calc.RED, "1.5% misses the target 0.0% by 1.5%, beyond the 10% tolerance.")
    assert calc.rag(0, polarity="low", rule=RELATIVE_10, target=0).colour == calc.GREEN


def test_a_difference_of_a_billionth_is_rounding_not_performance():
    # The allowance for figures that arrive as 22.000000001 is inclusive, under every rule.
    assert calc.rag(1e-9, polarity="low", rule={"method": "relative", "tolerance_pct": 0}, target=0).colour == (
        calc.AMBER)
    around = {"method": "around_target", "margin_pct": 10}
    assert calc.rag(1e-9, polarity="high", rule=around, target=0).colour == calc.AMBER
    assert calc.rag(-1e-9, polarity="high", rule=around, target=0).colour == calc.AMBER
    assert calc.rag(2e-9, polarity="high", rule=around, target=0).colour == calc.GREEN
    # 19.0000000002 against 20 is 4.999999999% short: the 5% exception criterion, to within a billionth.
    assert calc.exception_status(value=19.0000000002, rag_colour=None, target=20, polarity="high").exception


# --- direction of travel -------------------------------------------------------------------


def test_direction_of_travel_says_up_or_down_and_what_that_means():
    # 3.3 November 2016: up from 77.7% to 82.6%.
    assert calc.direction_of_travel(82.6, 77.7, polarity="high", unit="percentage") == Dot(
        calc.IMPROVING, "up from 77.7% to 82.6%; high is good, so improving.")
    # 3.4 in November 2016: 38 to 47 open past 45 days.
    assert calc.direction_of_travel(47, 38, polarity="low") == Dot(
        calc.WORSENING, "up from 38 to 47; low is good, so worsening.")


def test_the_same_figure_as_last_period_is_unchanged_with_the_reason():
    # S47 rate 4.3: 135.76 in December and January.
    assert calc.direction_of_travel(135.76, 135.76, polarity="low", unit="rate") == Dot(
        calc.UNCHANGED, "135.8 is the same as the previous period's 135.8.")
    # 7 of 25 worked out is 28.000000000000004%; last month's 28% typed in is the same figure.
    derived = calc.derive_value(7, 25, multiplier=100)
    assert derived != 28.0
    assert calc.direction_of_travel(derived, 28.0, polarity="high").direction == calc.UNCHANGED


def test_no_direction_without_both_figures_word_for_word():
    assert calc.direction_of_travel(None, 80.1, polarity="high") == Dot(None, "No figure for this period.")
    assert calc.direction_of_travel(78.2, None, polarity="high") == Dot(
        None, "No figure for the previous period to compare with.")


def test_a_figure_without_a_unit_is_written_as_a_count_in_the_direction():
    assert calc.direction_of_travel(18.75, 20, polarity="low").explanation == (
        "down from 20 to 18.8; low is good, so improving.")


# --- exceptions ------------------------------------------------------------------------------


def test_every_exception_criterion_met_is_listed_in_the_explanation():
    result = calc.exception_status(
        value=58.5, rag_colour=calc.RED, target=80, polarity="high", unit="percentage",
        recent_directions=[calc.WORSENING] * 3, affects_budget=True, affects_corporate_risk=True,
    )
    # 3.3 in September 2016: 58.5% against 80% is 26.9% short.
    reasons = (
        "RAG is red",
        "worse than target 80.0% by 26.9% (criterion: 5% or more)",
        "worsened for three periods running",
        "flagged as affecting the council's budget",
        "flagged as affecting a corporate risk",
    )
    assert result == ExceptionResult(True, reasons, "Exception: " + "; ".join(reasons) + ".")


def test_one_criterion_is_enough_and_the_explanation_names_it():
    assert calc.exception_status(value=None, rag_colour=None, target=None, polarity="high",
                                 affects_corporate_risk=True) == ExceptionResult(
        True, ("flagged as affecting a corporate risk",), "Exception: flagged as affecting a corporate risk.")


def test_not_an_exception_is_a_plain_no():
    assert calc.exception_status(value=78.2, rag_colour=calc.AMBER, target=80, polarity="high") == ExceptionResult(
        False, (), "Not an exception: none of the reporting criteria is met.")


def test_only_the_last_three_directions_count():
    # A longer history whose last three periods all worsened is three running.
    result = calc.exception_status(value=None, rag_colour=None, target=None, polarity="high",
                                   recent_directions=[calc.IMPROVING] + [calc.WORSENING] * 3)
    assert result.reasons == ("worsened for three periods running",)


def test_the_target_in_the_exception_is_written_as_a_count_without_a_unit():
    # An average caseload of 20 against a target of 18.75 (low is good): 6.7% over.
    result = calc.exception_status(value=20, rag_colour=None, target=18.75, polarity="low")
    assert result.reasons == ("worse than target 18.8 by 6.7% (criterion: 5% or more)",)


# --- a dashboard cell ------------------------------------------------------------------------


def test_a_cell_is_the_period_figure_rated_against_that_years_target_in_its_unit():
    spec = calc.Spec(ref="2.7", polarity="low", unit="percentage", rag_rule=RELATIVE_10,
                     targets={2015: 25, 2016: 20})
    s = {JAN17: Point(JAN17, 21.5, 167, 776)}
    assert calc.cell(spec, s, JAN17) == (
        Point(JAN17, 21.5, 167, 776),
        Rag(calc.AMBER, "21.5% misses the target 20.0% by 7.5% of the target, within the 10% tolerance."),
    )


def test_a_cell_on_a_small_denominator_is_flagged_not_coloured():
    spec = calc.Spec(ref="LAC 19", polarity="high", unit="percentage", rag_rule=THRESHOLDS_3_3,
                     targets={2016: 80}, small_numbers_threshold=10)
    s = {JAN17: Point(JAN17, 50.0, 2, 4)}
    assert calc.cell(spec, s, JAN17)[1] == Rag(
        None, "Small numbers: denominator 4 is under 10, so the figure is not coloured.", small_numbers=True)


def test_a_cell_without_a_figure_has_no_colour():
    assert calc.cell(spec_3_3(), {}, JAN17) == (None, Rag(None, "No figure for this period."))


# --- the status of an indicator at a period ------------------------------------------------


def test_status_carries_the_periods_own_figures_and_target():
    st = calc.status(spec_3_3(), assessments(), JAN17)
    assert (st.period, st.numerator, st.denominator, st.no_data_expected, st.target) == (JAN17, 485, 620, False, 80)
    assert st.value == pytest.approx(78.2, abs=0.05)
    assert st.rag == Rag(calc.AMBER, "78.2% is below green 80.0% but not below red 70.0% (high is good).")


def test_status_of_a_month_with_no_data_expected_says_so():
    s = assessments()
    s[JAN17] = Point(JAN17, no_data_expected=True)
    st = calc.status(spec_3_3(), s, JAN17)
    assert st.no_data_expected is True and st.value is None and st.numerator is None


def test_status_compares_with_the_previous_month_not_the_next():
    s = assessments()
    s[date(2017, 2, 1)] = Point(date(2017, 2, 1), 95.0)  # entered early for February
    st = calc.status(spec_3_3(), s, JAN17)
    # The report's down arrow for 3.3: 80.1% in December, 78.2% in January.
    assert st.dot == Dot(calc.WORSENING, "down from 80.1% to 78.2%; high is good, so worsening.")


def test_status_compares_with_the_same_month_a_year_before_in_the_unit():
    st = calc.status(spec_3_3(), assessments(), JAN17)
    assert st.difference.explanation == "78.2% (Jan-17) - 78.5% (Jan-16)."
    assert st.difference.value == pytest.approx(485 / 620 * 100 - 78.5)


def test_status_previous_year_to_date_is_april_to_january_a_year_earlier():
    # The report prints "-" for 3.3's previous YTD: only January 2016 was recorded.
    prev = calc.status(spec_3_3(), assessments(), JAN17).previous_ytd
    assert prev.value is None and prev.expected == 10 and prev.missing[0] == "2015-04"
    assert prev.explanation.startswith("Dataset is incomplete for Previous year to date Apr-15 to Jan-16")


def test_worse_for_three_months_running_makes_an_exception_though_the_month_before_was_better():
    # 3.3: February 2016 was up on January, then March, April and May each fell (80.2, 78.6, 78.5, 78.3).
    st = calc.status(spec_3_3(), assessments(), date(2016, 5, 1))
    assert st.exception.reasons == ("worsened for three periods running",)


def test_a_recovery_in_the_latest_month_ends_the_run():
    # 3.3 October 2016: back up to 77.7% after the summer's three falls.
    assert not calc.status(spec_3_3(), assessments(), date(2016, 10, 1)).exception.exception


def test_a_better_month_in_the_middle_breaks_the_run():
    # 3.4 (low is good): up to 113 in March, down to 93 in April, up to 123 in May: not three running.
    spec = calc.Spec(ref="3.4", polarity="low")
    s = monthly(PAST_45_WD)
    assert not calc.status(spec, s, date(2016, 5, 1)).exception.exception
    # May, June and July all rose (123, 149, 169): three running.
    assert calc.status(spec, s, date(2016, 7, 1)).exception.reasons == ("worsened for three periods running",)


def test_status_lists_every_exception_criterion_in_the_unit():
    # 3.3 in September 2016: 58.5%, red, 26.9% short of 80%, the third fall running; flagged by the officer.
    st = calc.status(spec_3_3(affects_budget=True, affects_corporate_risk=True), assessments(), date(2016, 9, 1))
    assert st.exception.reasons == (
        "RAG is red",
        "worse than target 80.0% by 26.9% (criterion: 5% or more)",
        "worsened for three periods running",
        "flagged as affecting the council's budget",
        "flagged as affecting a corporate risk",
    )


def test_status_flags_an_amber_month_worse_than_target_by_5_percent():
    # 3.3 in June 2016: 77.7% is amber, but 2.9% short; July's 66.1% is red and 17.4% short.
    st = calc.status(spec_3_3(), assessments(), date(2016, 7, 1))
    assert st.exception.reasons[:2] == ("RAG is red", "worse than target 80.0% by 17.4% (criterion: 5% or more)")
    amber = calc.status(calc.Spec(ref="3.3", polarity="high", unit="percentage",
                                  rag_rule={**THRESHOLDS_3_3, "red": 60}, targets={2016: 80}),
                        assessments(), date(2016, 7, 1))
    assert amber.rag.colour == calc.AMBER
    assert amber.exception.reasons[0] == "worse than target 80.0% by 17.4% (criterion: 5% or more)"


def test_status_process_chart_stops_at_the_period_and_reads_the_polarity_target_and_process_change():
    # 5.5 CIN plans (high is good) jumped when the timescale changed in January 2017.
    cin_plans = [44.0, 45.1, 45.7, 47.5, 51.1, 48.9, 48.3, 51.7, 54.5, 55.1, 55.7, 54.5, 84.7, 85.0, 84.1, 40.0]
    months = calc.months_back(date(2017, 4, 1), 16)
    spec = calc.Spec(ref="5.5", polarity="high", unit="percentage", targets={2016: 60}, process_changes=(JAN17,))
    mar17 = calc.status(spec, monthly(cin_plans, months), date(2017, 3, 1))
    assert mar17.spc.points[-1].period == date(2017, 3, 1)  # April's figure is not yet in the chart
    assert mar17.spc.mean == pytest.approx((84.7 + 85.0 + 84.1) / 3)  # limits from the change
    assert mar17.spc.assurance == "pass"  # 60% lies below the lower limit: consistently met


def test_a_quarterly_indicator_is_compared_with_the_quarter_before():
    quarters = [date(2016, 4, 1), date(2016, 7, 1), date(2016, 10, 1), JAN17]
    spec = calc.Spec(ref="Q1", polarity="high", unit="percentage", frequency="quarterly")
    st = calc.status(spec, monthly([60.0, 55.0, 50.0, 45.0], quarters), JAN17)
    assert st.dot == Dot(calc.WORSENING, "down from 50.0% to 45.0%; high is good, so worsening.")
    assert st.exception.reasons == ("worsened for three periods running",)
    assert st.spc.mean == pytest.approx(52.5)  # the quarters are consecutive, so there are limits


def test_an_unknown_frequency_is_read_as_monthly():
    spec = calc.Spec(ref="X", polarity="high", frequency="fortnightly")
    st = calc.status(spec, monthly(IN_45_WD), date(2016, 12, 1))
    assert st.dot == Dot(calc.WORSENING, "down from 82.6 to 80.1; high is good, so worsening.")  # not October's 77.7
