"""The calculation engine on the seeds' own figures (no database)."""

from datetime import date

import pytest

from performance import calc
from performance.calc import Point

MONTHS = calc.months_back(date(2017, 1, 1), 13)  # Jan-16 .. Jan-17

# MI report Jan-2017, "Contacts" and "Referrals" pages.
CONTACTS = [3149, 2386, 2505, 2428, 2858, 2680, 2737, 2129, 2798, 3292, 3271, 2852, 3163]
REFERRALS = [715, 667, 667, 653, 844, 685, 646, 421, 650, 754, 743, 566, 776]
ASSESSMENTS_IN_45_WD = [78.5, 80.2, 78.6, 78.5, 78.3, 77.7, 66.1, 64.4, 58.5, 77.7, 82.6, 80.1, 78.2]
POPULATION = 167940  # under-18s implied by the report's rates (776 x 12 / 554.5 x 10,000)


def series(values, numerators=None, denominators=None):
    out = {}
    for i, p in enumerate(MONTHS):
        num = numerators[i] if numerators else None
        den = denominators[i] if denominators else None
        value = values[i] if values else calc.derive_value(num, den, multiplier=100)
        if value is not None:
            out[p] = Point(p, value, num, den)
    return out


JAN17 = date(2017, 1, 1)


class TestPeriods:
    def test_periods_are_written_yyyy_mm(self):
        assert calc.parse_period("2017-01") == JAN17
        assert calc.period_label(JAN17) == "2017-01"
        assert calc.short_label(JAN17) == "Jan-17"

    @pytest.mark.parametrize("bad", ["2017-13", "17-01", "Jan-17", "2017/01", ""])
    def test_a_bad_period_says_how_to_write_it(self, bad):
        with pytest.raises(ValueError, match="YYYY-MM"):
            calc.parse_period(bad)

    def test_the_financial_year_runs_april_to_march(self):
        assert calc.financial_year(date(2017, 1, 1)) == 2016
        assert calc.financial_year(date(2016, 4, 1)) == 2016
        assert calc.financial_year(date(2016, 3, 1)) == 2015
        assert calc.ytd_periods(JAN17)[0] == date(2016, 4, 1)
        assert len(calc.ytd_periods(JAN17)) == 10


class TestRag:
    thresholds_low = {"method": "thresholds", "green": 20, "red": 30}
    thresholds_high = {"method": "thresholds", "green": 90, "red": 80}

    def test_2_7_re_referrals_23_8_is_amber_between_green_20_and_red_30(self):
        result = calc.rag(23.8, polarity="low", rule=self.thresholds_low, target=20, unit="percentage")
        assert result.colour == calc.AMBER
        assert "green 20.0%" in result.explanation and "red 30.0%" in result.explanation

    def test_6_4_icpcs_73_5_is_red_below_red_80(self):
        assert calc.rag(73.5, polarity="high", rule=self.thresholds_high, target=95).colour == calc.RED

    def test_7_13_lac_seen_94_2_is_green_by_thresholds_though_under_target_100(self):
        assert calc.rag(94.2, polarity="high", rule=self.thresholds_high, target=100).colour == calc.GREEN

    def test_6_5_cp_rate_31_9_is_amber_between_green_30_and_red_35(self):
        rule = {"method": "thresholds", "green": 30, "red": 35}
        assert calc.rag(31.9, polarity="low", rule=rule, target=30).colour == calc.AMBER

    def test_thresholds_at_the_boundary(self):
        assert calc.rag(90, polarity="high", rule=self.thresholds_high, target=90).colour == calc.GREEN
        assert calc.rag(80, polarity="high", rule=self.thresholds_high, target=90).colour == calc.AMBER
        assert calc.rag(20, polarity="low", rule=self.thresholds_low, target=20).colour == calc.GREEN
        assert calc.rag(30, polarity="low", rule=self.thresholds_low, target=20).colour == calc.AMBER
        assert calc.rag(30.1, polarity="low", rule=self.thresholds_low, target=20).colour == calc.RED

    def test_relative_rule_uses_a_margin_of_the_target_not_percentage_points(self):
        # 2019 dashboard: "Amber within 10% (not percentage points)". Target 20%: amber up to 22%.
        rule = {"method": "relative", "tolerance_pct": 10}
        assert calc.rag(20.0, polarity="low", rule=rule, target=20).colour == calc.GREEN
        assert calc.rag(21.9, polarity="low", rule=rule, target=20).colour == calc.AMBER
        assert calc.rag(22.1, polarity="low", rule=rule, target=20).colour == calc.RED
        # CIN plans 71.4% against 100%: 28.6% short of target, so red.
        red = calc.rag(71.4, polarity="high", rule=rule, target=100)
        assert red.colour == calc.RED and "28.6%" in red.explanation
        assert calc.rag(90.2, polarity="high", rule=rule, target=100).colour == calc.AMBER

    def test_no_rule_no_target_or_information_only_gives_no_rag_with_the_reason(self):
        assert calc.rag(24.5, polarity="high", rule=None, target=25).colour is None
        # 2.3 has tolerances 15%/25% but no target in the report: no RAG printed.
        no_target = calc.rag(24.5, polarity="high", rule={"method": "thresholds", "green": 25, "red": 15})
        assert no_target.colour is None and "No target" in no_target.explanation
        assert calc.rag(3163, polarity="info", rule=None).explanation.startswith("Information only")

    def test_small_denominators_are_flagged_not_coloured(self):
        result = calc.rag(
            50.0,
            polarity="high",
            rule=self.thresholds_high,
            target=90,
            unit="percentage",
            denominator=4,
            small_numbers_threshold=10,
        )
        assert result.colour is None and result.small_numbers and "Small numbers" in result.explanation


class TestRuleGuards:
    def test_high_is_good_with_green_below_red_is_refused(self):
        problem = calc.check_rag_rule({"method": "thresholds", "green": 70, "red": 80}, "high")
        assert "overlap" in problem

    def test_low_is_good_with_green_above_red_is_refused(self):
        assert calc.check_rag_rule({"method": "thresholds", "green": 35, "red": 30}, "low")

    def test_a_rule_on_an_information_only_indicator_is_refused(self):
        assert calc.check_rag_rule({"method": "thresholds", "green": 1, "red": 2}, "info")

    def test_a_gap_from_a_missing_threshold_or_negative_tolerance_is_refused(self):
        assert calc.check_rag_rule({"method": "thresholds", "green": 90, "red": None}, "high")
        assert calc.check_rag_rule({"method": "relative", "tolerance_pct": -5}, "high")

    def test_sound_rules_pass(self):
        assert calc.check_rag_rule({"method": "thresholds", "green": 90, "red": 80}, "high") is None
        assert calc.check_rag_rule({"method": "thresholds", "green": 20, "red": 30}, "low") is None
        assert calc.check_rag_rule({"method": "relative", "tolerance_pct": 10}, "low") is None

    def test_a_refused_rule_gives_no_colour(self):
        result = calc.rag(50, polarity="high", rule={"method": "thresholds", "green": 10, "red": 90}, target=50)
        assert result.colour is None and "refused" in result.explanation


class TestDirectionOfTravel:
    def test_read_against_polarity(self):
        # 2.3 high is good, 19.8% -> 24.5%: improving; 2.7 low is good, 20.0% -> 23.8%: worsening.
        assert calc.direction_of_travel(24.5, 19.8, polarity="high").direction == calc.IMPROVING
        assert calc.direction_of_travel(23.8, 20.0, polarity="low").direction == calc.WORSENING
        assert calc.direction_of_travel(2233, 2302, polarity="low").direction == calc.IMPROVING

    def test_unchanged_and_none(self):
        assert calc.direction_of_travel(135.76, 135.76, polarity="low").direction == calc.UNCHANGED
        assert calc.direction_of_travel(3163, 2852, polarity="info").direction is None
        missing = calc.direction_of_travel(89.1, None, polarity="high")
        assert missing.direction is None and "previous period" in missing.explanation


class TestAggregation:
    def test_ytd_contacts_is_the_sum_apr_16_to_jan_17_28208(self):
        ytd = calc.year_to_date(series(CONTACTS), JAN17, aggregation="sum")
        assert ytd.value == 28208 and ytd.periods == 10 and ytd.complete

    def test_ytd_percent_accepted_is_summed_referrals_over_summed_contacts_23_9(self):
        s = series(None, REFERRALS, CONTACTS)
        ytd = calc.year_to_date(s, JAN17, aggregation="ratio", multiplier=100)
        assert (ytd.numerator, ytd.denominator) == (6738, 28208)
        assert ytd.value == pytest.approx(6738 / 28208 * 100)
        assert round(ytd.value, 1) == 23.9

    def test_ytd_referral_rate_annualised_481_5(self):
        s = {p: Point(p, r * 12 / POPULATION * 10000, r, POPULATION) for p, r in zip(MONTHS, REFERRALS, strict=True)}
        assert round(s[JAN17].value, 1) == 554.5
        ytd = calc.year_to_date(s, JAN17, aggregation="ratio", multiplier=10000, annualise=True)
        assert round(ytd.value, 1) == 481.5

    def test_latest_and_mean(self):
        s = series(ASSESSMENTS_IN_45_WD)
        assert calc.year_to_date(s, JAN17, aggregation="latest").value == 78.2
        assert round(calc.year_to_date(s, JAN17, aggregation="mean").value, 2) == 74.21

    def test_a_ratio_without_numerators_is_not_guessed(self):
        ytd = calc.year_to_date(series(ASSESSMENTS_IN_45_WD), JAN17, aggregation="ratio", multiplier=100)
        assert ytd.value is None and "numerator" in ytd.explanation

    def test_an_incomplete_span_is_not_summed(self):
        s = series(CONTACTS)
        del s[date(2016, 12, 1)]
        ytd = calc.year_to_date(s, JAN17, aggregation="sum")
        assert ytd.value is None and ytd.missing == ("2016-12",) and "incomplete" in ytd.explanation
        assert ytd.explanation.endswith("no figure for Dec-16.")  # months as people read them

    def test_previous_ytd_is_the_same_span_a_year_earlier(self):
        s = series(CONTACTS)
        prev = calc.previous_year_to_date(s, date(2017, 1, 1), aggregation="sum")
        assert prev.expected == 10 and prev.value is None  # the seed gives only Jan-16 onwards
        later = calc.previous_year_to_date(s, date(2017, 4, 1), aggregation="sum")
        assert later.value == 2428  # Apr-16

    def test_rolling_12_and_13_month_difference(self):
        s = series(CONTACTS)
        assert calc.rolling_12(s, JAN17, aggregation="sum").value == sum(CONTACTS[1:])
        diff = calc.difference_13(s, JAN17)
        assert diff.value == 3163 - 3149


class TestLinearTrend:
    def test_increasing_reducing_as_the_report_says(self):
        lac = [1045, 1040, 1044, 1041, 1043, 1045, 1059, 1045, 1055, 1060, 1085, 1100, 1113]  # 7.1 "Increasing."
        ceased = [32, 41, 34, 33, 24, 35, 37, 43, 23, 30, 33, 29, 27]  # 7.4 "Reducing."
        assert calc.linear_trend(series(lac), JAN17).direction == calc.INCREASING
        assert calc.linear_trend(series(ceased), JAN17).direction == calc.REDUCING

    def test_a_missing_month_makes_the_dataset_incomplete(self):
        cp_seen = [None, 89.7, 89.2, 92.8, 91.0, 91.4, 91.6, 89.3, 89.5, 88.8, 87.5, None, 89.1]  # 6.14
        trend = calc.linear_trend(series(cp_seen), JAN17)
        assert trend.direction == calc.INCOMPLETE and trend.label == "Dataset is incomplete"
        assert "Jan-16" in trend.explanation and "Dec-16" in trend.explanation

    def test_flat(self):
        assert calc.linear_trend(series([5] * 13), JAN17).direction == calc.FLAT


class TestSpc:
    def test_xmr_mean_and_limits_from_the_average_moving_range(self):
        values = [10, 12, 11, 13, 12, 11, 10, 12, 13, 11, 12, 10, 11]
        result = calc.spc(series(values), MONTHS)
        mean = sum(values) / 13
        mr = sum(abs(b - a) for a, b in zip(values, values[1:], strict=False)) / 12
        assert result.mean == pytest.approx(mean)
        assert result.upper == pytest.approx(mean + 2.66 * mr)
        assert result.lower == pytest.approx(mean - 2.66 * mr)
        assert not result.trial and result.variation == "common cause"

    def test_fewer_than_12_points_give_trial_limits(self):
        result = calc.spc(series([None] * 3 + ASSESSMENTS_IN_45_WD[3:]), MONTHS)
        assert result.trial and "trial" in result.explanation

    def test_a_point_beyond_a_limit_is_special_cause(self):
        values = [50, 51, 49, 50, 52, 48, 50, 51, 49, 50, 51, 50, 80]
        result = calc.spc(series(values), MONTHS, polarity="low")
        assert calc.FLAG_BEYOND in result.flags and result.variation == "concern"

    def test_a_run_of_7_on_one_side_of_the_mean(self):
        values = [40, 60, 40, 60, 40, 55, 56, 55, 57, 56, 55, 56, 55]
        result = calc.spc(series(values), MONTHS, polarity="high")
        assert calc.FLAG_RUN in result.flags and result.variation == "improvement"

    def test_a_trend_of_6_rising(self):
        values = [50, 49, 51, 50, 49, 51, 50, 51, 52, 53, 54, 55, 56]
        assert calc.FLAG_TREND in calc.spc(series(values), MONTHS).flags

    def test_two_of_three_near_a_limit(self):
        values = [50, 51, 49, 50, 51, 49, 50, 51, 49, 50, 51, 53.5, 53.8]
        result = calc.spc(series(values), MONTHS)
        assert result.points[-1].flags == (calc.FLAG_NEAR,)  # near, but inside the limits
        assert result.points[-1].value < result.upper

    def test_assurance_from_where_the_target_lies(self):
        steady = series([95, 96, 95, 97, 96, 95, 96, 97, 95, 96, 95, 96, 96])
        assert calc.spc(steady, MONTHS, polarity="high", target=90).assurance == "pass"
        assert calc.spc(steady, MONTHS, polarity="high", target=99).assurance == "fail"
        assert calc.spc(steady, MONTHS, polarity="high", target=96).assurance == "hit and miss"

    def test_limits_are_recalculated_from_a_process_change(self):
        # 5.5 CIN plans jumped when the reporting timescale changed (20 -> 45 days) in Jan-17.
        cin_plans = [44.0, 45.1, 45.7, 47.5, 51.1, 48.9, 48.3, 51.7, 54.5, 55.1, 55.7, 54.5, 84.7, 85.0, 84.1]
        months = calc.months_back(date(2017, 3, 1), 15)
        s = {p: Point(p, v) for p, v in zip(months, cin_plans, strict=True)}
        before = calc.spc(s, months)
        after = calc.spc(s, months, process_changes=[JAN17])
        assert after.mean == pytest.approx((84.7 + 85.0 + 84.1) / 3)
        assert after.trial and "process change" in after.explanation
        assert before.mean != after.mean
        assert after.points[0].mean == pytest.approx(sum(cin_plans[:12]) / 12)


class TestExceptions:
    def test_red_is_an_exception(self):
        result = calc.exception_status(value=73.5, rag_colour="red", target=95, polarity="high")
        assert result.exception and "RAG is red" in result.reasons

    def test_worse_than_target_by_5_percent_or_more(self):
        # 6.5: 31.9 against 30 is 6.3% worse (relative), though amber.
        result = calc.exception_status(value=31.9, rag_colour="amber", target=30, polarity="low")
        assert result.exception and "6.3%" in result.reasons[0]
        assert not calc.exception_status(value=31.4, rag_colour="amber", target=30, polarity="low").exception

    def test_worse_three_periods_running(self):
        result = calc.exception_status(
            value=1113, rag_colour=None, target=None, polarity="low", recent_directions=["worsening"] * 3
        )
        assert result.reasons == ("worsened for three periods running",)

    def test_officer_flags_for_budget_and_corporate_risk(self):
        result = calc.exception_status(
            value=1, rag_colour="green", target=1, polarity="high", affects_budget=True, affects_corporate_risk=True
        )
        assert len(result.reasons) == 2 and "budget" in result.explanation

    def test_on_target_and_steady_is_not_an_exception(self):
        result = calc.exception_status(value=98.6, rag_colour="green", target=80, polarity="high")
        assert not result.exception and "none of the reporting criteria" in result.explanation


class TestFigureChecks:
    def test_numerator_above_denominator_for_a_percentage(self):
        problems = calc.figure_problems(unit="percentage", value=None, numerator=200, denominator=100)
        assert "above the denominator" in problems["numerator"]

    def test_percentage_outside_0_100(self):
        assert (
            "between 0 and 100"
            in calc.figure_problems(unit="percentage", value=120, numerator=None, denominator=None)["value"]
        )

    def test_no_data_expected_cannot_have_figures(self):
        assert calc.figure_problems(unit="count", value=3, numerator=None, denominator=None, no_data_expected=True)

    def test_derived_value_with_multiplier_and_annualisation(self):
        assert round(calc.derive_value(185, 776, multiplier=100), 1) == 23.8
        assert round(calc.derive_value(776, POPULATION, multiplier=10000, annualise=True), 1) == 554.5


class TestSpcAcrossGaps:
    """A moving range is taken only between consecutive periods; runs and trends stop at a gap."""

    def test_two_figures_eleven_months_apart_give_no_limits(self):
        # The report card drew "Mean 24.2%, limits 4.5%-43.8%" from exactly this.
        s = {date(2016, 2, 1): Point(date(2016, 2, 1), 17.8), date(2017, 1, 1): Point(date(2017, 1, 1), 30.6)}
        result = calc.spc(s, sorted(s))
        assert result.mean is None and result.lower is None and result.upper is None
        assert "No two consecutive figures" in result.explanation

    def test_a_gap_breaks_the_moving_ranges(self):
        months = calc.months_back(date(2017, 1, 1), 6)
        figures = [10, 12, None, 30, 31, 33]  # no figure for the third month
        s = {p: Point(p, v) for p, v in zip(months, figures, strict=True) if v is not None}
        result = calc.spc(s, months)
        # moving ranges 2 (10->12), 1 (30->31), 2 (31->33); not 18 (12->30) across the gap
        assert result.upper - result.mean == pytest.approx(2.66 * 5 / 3)
        assert result.trial and "3 moving ranges between consecutive periods (1 gap)" in result.explanation

    def test_no_data_expected_is_stepped_over_not_a_gap(self):
        months = calc.months_back(date(2017, 1, 1), 4)
        s = {months[0]: Point(months[0], 10), months[1]: Point(months[1], no_data_expected=True),
             months[2]: Point(months[2], 14), months[3]: Point(months[3], 15)}
        result = calc.spc(s, months)
        assert result.upper - result.mean == pytest.approx(2.66 * (4 + 1) / 2)

    def test_quarterly_figures_are_consecutive_three_months_apart(self):
        quarters = [date(2016, 1, 1), date(2016, 4, 1), date(2016, 7, 1), date(2016, 10, 1)]
        s = {p: Point(p, v) for p, v in zip(quarters, [5, 7, 6, 8], strict=True)}
        assert calc.spc(s, quarters).mean is None  # read as monthly, they are all gaps
        assert calc.spc(s, quarters, step=3).upper == pytest.approx(6.5 + 2.66 * 5 / 3)

    def test_a_run_of_seven_does_not_run_across_a_gap(self):
        months = calc.months_back(date(2017, 1, 1), 16)
        figures = [1, 1, 1, 1, None, 1, 1, 1, 9, 9, 9, 9, 9, 9, 1, 9]
        s = {p: Point(p, v) for p, v in zip(months, figures, strict=True) if v is not None}
        result = calc.spc(s, months)
        below = [pt for pt in result.points if pt.value == 1][:7]
        assert all(calc.FLAG_RUN not in pt.flags for pt in below)  # 4 + 3 below the mean, split by the gap


def test_an_indicators_own_decimal_places_override_the_units_format():
    assert calc.fmt(49.0, "average") == "49"  # the unit's format drops a whole number's places
    assert calc.fmt(49.0, "average", 1) == "49.0"  # Attainment 8 as the seed prints it
    assert calc.fmt(-0.1, "average", 2) == "-0.10"
    assert calc.fmt(57.0, "percentage", 0) == "57%"
    assert calc.fmt(1234.5, "money", 2) == "£1,234.50"
