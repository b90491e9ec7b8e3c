"""Statistical process control (XmR, NHS "Making Data Count") and the 13-month trend, pinned to the
figures and words a council officer sees: the explanation under the chart, which points are
flagged and why, the variation and assurance icons.

Worked figures: an XmR chart's limits are the mean ± 2.66 x the average moving range; "near a
limit" means beyond two-thirds of the way from the mean to a limit (2 sigma, sigma being a third
of the distance to a limit)."""

from datetime import date

from performance import calc
from performance.calc import Point, SpcPoint

JAN17 = date(2017, 1, 1)
MONTHS = calc.months_back(JAN17, 13)  # Jan-16 .. Jan-17


def monthly(values, end=JAN17):
    """Figures for consecutive months ending at ``end``; None is a month with no figure."""
    months = calc.months_back(end, len(values))
    return {p: Point(p, v) for p, v in zip(months, values, strict=True) if v is not None}


# --- the explanation under the chart -----------------------------------------


def test_a_steady_year_is_explained_with_its_mean_limits_and_common_cause():
    # 13 months, sum 148: mean 11.38; moving ranges total 17 over 12 -> 1.417, x 2.66 = 3.77.
    values = [10, 12, 11, 13, 12, 11, 10, 12, 13, 11, 12, 10, 11]
    result = calc.spc(monthly(values), MONTHS)
    assert result.explanation == (
        "Mean 11.4, process limits 7.62 to 15.2 (mean ± 2.66 × average moving range) from 13 points."
        " Latest point: common cause variation."
    )
    assert result.assurance is None and result.variation == "common cause"


def test_the_latest_points_special_causes_and_the_assurance_are_spelt_out():
    # Sum 675 -> mean 51.92; moving ranges total 18 over 12 -> 1.5, x 2.66 = 3.99: limits 47.93 to 55.91.
    # The last month (60) is beyond the upper limit, ends a rise of six (51..60) and, with 55, is the
    # second of three beyond two-thirds of the way to the upper limit (51.92 + 2.66 = 54.58).
    values = [50, 51, 49, 50, 51, 49, 50, 51, 52, 53, 54, 55, 60]
    result = calc.spc(monthly(values), MONTHS, polarity="high", target=50)
    assert result.flags == (calc.FLAG_BEYOND, calc.FLAG_TREND, calc.FLAG_NEAR)
    assert result.explanation == (
        "Mean 51.9, process limits 47.9 to 55.9 (mean ± 2.66 × average moving range) from 13 points."
        " Latest point: point beyond a process limit, trend of 6 rising or falling,"
        " two of three points near a process limit."
        " Target 50 lies inside the limits: it will be met some periods and not others."
    )
    assert (result.variation, result.assurance) == ("improvement", "hit and miss")


def test_two_gaps_are_counted_and_the_limits_are_trial():
    # Six figures in three pairs of consecutive months: moving ranges 2, 1, 1 -> 4/3, x 2.66 = 3.55
    # either side of the mean 150/6 = 25. Six points are fewer than 12, so the limits are trial.
    result = calc.spc(monthly([10, 12, None, 30, 31, None, 33, 34]), calc.months_back(JAN17, 8))
    assert result.explanation == (
        "Mean 25, process limits 21.5 to 28.5 (mean ± 2.66 × average moving range) from 6 points,"
        " 3 moving ranges between consecutive periods (2 gaps) - trial limits (fewer than 12 consecutive points)."
        " Latest point: point beyond a process limit."
    )


def test_limits_since_a_process_change_name_the_month_of_the_change():
    # 5.5 CIN plans: Jan-17 84.7, Feb-17 85.0, Mar-17 84.1 after the timescale changed in Jan-17.
    # Mean 84.6; moving ranges 0.3 and 0.9 -> 0.6, x 2.66 = 1.596: limits 83.0 to 86.2.
    cin_plans = [44.0, 45.1, 45.7, 47.5, 51.1, 48.9, 48.3, 51.7, 54.5, 55.1, 55.7, 54.5, 84.7, 85.0, 84.1]
    months = calc.months_back(date(2017, 3, 1), 15)
    result = calc.spc(monthly(cin_plans, date(2017, 3, 1)), months, process_changes=[JAN17])
    assert result.explanation == (
        "Mean 84.6, process limits 83 to 86.2 (mean ± 2.66 × average moving range) from 3 points"
        " since the process change in Jan-17 - trial limits (fewer than 12 consecutive points)."
        " Latest point: common cause variation."
    )


def test_two_figures_far_apart_give_no_limits_and_say_why():
    s = monthly([17.8] + [None] * 10 + [30.6])  # Feb-16 and Jan-17 only
    assert calc.spc(s, sorted(s)) == calc.Spc(
        None, None, None, True, (), (), "none", None,
        "No two consecutive figures since Feb-16, so no process limits: "
        "a moving range is only taken between consecutive periods.",
    )


# --- process changes ---------------------------------------------------------


def test_two_figures_after_a_process_change_set_their_own_limits():
    values = [50, 51, 49, 50, 51, 49, 50, 51, 49, 50, 51, 80, 82]
    result = calc.spc(monthly(values), MONTHS, process_changes=[date(2016, 12, 1)])
    assert result.mean == 81 and result.upper == 81 + 2.66 * 2
    assert result.trial and "from 2 points since the process change in Dec-16" in result.explanation


def test_a_single_figure_after_a_process_change_joins_the_limits_before_it():
    # One month cannot set limits on its own: the chart keeps one set of limits over all 13 months.
    values = [50, 51, 49, 50, 51, 49, 50, 51, 49, 50, 51, 49, 50]
    result = calc.spc(monthly(values), MONTHS, process_changes=[JAN17])
    assert result.mean == 650 / 13 and len({p.mean for p in result.points}) == 1
    assert not result.trial and "since the process change" not in result.explanation


def test_scattered_figures_before_a_process_change_are_drawn_without_limits_or_flags():
    # Jan-16, Mar-16 and May-16 only (no two consecutive), then monthly figures from Jun-16.
    s = monthly([10, None, 20, None, 30, 12, 13, 12, 13, 12, 13, 12, 13])
    result = calc.spc(s, MONTHS, process_changes=[date(2016, 6, 1)])
    before = result.points[:3]
    assert [p.value for p in before] == [10, 20, 30]
    assert all(p.lower == p.upper == p.mean == 20 for p in before)  # no band: no moving range to set one
    assert all(p.flags == () for p in before)  # so 10 and 30 are not "beyond" it


# --- special-cause rules -----------------------------------------------------

# Mean 50, limits 38 to 62: sigma 4, "near" beyond 58 (or below 42).
MEAN, LOWER, UPPER = 50, 38, 62


def test_a_point_on_a_limit_is_not_beyond_it():
    flags = calc._special_causes([62, 50, 38, 50, 62.5, 37.5], MEAN, LOWER, UPPER)
    assert flags == [[], [], [], [], [calc.FLAG_BEYOND], [calc.FLAG_BEYOND]]


def test_two_of_three_beyond_two_thirds_of_the_way_to_a_limit_are_near_it():
    values = [59, 50, 50, 57, 50, 57, 43, 50, 43, 59, 50, 59, 41, 50, 41]
    flags = calc._special_causes(values, MEAN, LOWER, UPPER)
    near = [i for i, f in enumerate(flags) if f == [calc.FLAG_NEAR]]
    assert near == [9, 11, 12, 14]  # not the lone 59 at the start, nor 57s and 43s inside two-thirds
    assert all(f == [] for i, f in enumerate(flags) if i not in near)


def test_exactly_two_thirds_of_the_way_is_not_near():
    assert calc._special_causes([58, 58, 50, 42, 42], MEAN, LOWER, UPPER) == [[]] * 5


def test_two_near_points_with_two_between_are_not_two_of_three():
    flags = calc._special_causes([59, 50, 50, 59], MEAN, LOWER, UPPER)
    assert flags == [[]] * 4


def test_the_near_rule_applies_to_a_narrow_spread_too():
    # A percentage with mean 10.0% and limits 8.5% to 11.5%: sigma 0.5, near beyond 11.0%.
    flags = calc._special_causes([11.2, 10.0, 11.3], 10.0, 8.5, 11.5)
    assert flags == [[calc.FLAG_NEAR], [], [calc.FLAG_NEAR]]


def test_with_no_spread_a_figure_off_the_mean_is_beyond_the_limits_not_near_them():
    flags = calc._special_causes([50, 51, 51], 50, 50, 50)
    assert flags == [[], [calc.FLAG_BEYOND], [calc.FLAG_BEYOND]]


def test_a_run_of_seven_below_the_mean_flags_those_seven_only():
    flags = calc._special_causes([50, 51, 49, 49, 49, 49, 49, 49, 49], MEAN, LOWER, UPPER)
    assert flags == [[], []] + [[calc.FLAG_RUN]] * 7


def test_a_point_on_the_mean_breaks_a_run():
    assert calc._special_causes([51] * 6 + [50], MEAN, LOWER, UPPER) == [[]] * 7
    assert calc._special_causes([49] * 6 + [50], MEAN, LOWER, UPPER) == [[]] * 7


def test_six_equal_figures_are_not_a_trend():
    assert calc._special_causes([55] * 6, MEAN, LOWER, UPPER) == [[]] * 6
    assert calc._special_causes([45, 46, 47, 47, 48, 49], MEAN, LOWER, UPPER) == [[]] * 6
    assert calc._special_causes([55, 54, 53, 53, 52, 51], MEAN, LOWER, UPPER) == [[]] * 6


def test_a_trend_flags_the_rising_points_only():
    flags = calc._special_causes([50, 45, 51, 52, 53, 54, 56], MEAN, LOWER, UPPER)
    assert flags == [[]] + [[calc.FLAG_TREND]] * 6


def test_consecutive_runs_split_at_a_missing_month():
    months = [date(2016, 1, 1), date(2016, 2, 1), date(2016, 4, 1)]
    assert calc._consecutive_runs(months, {}, 1) == [range(0, 2), range(2, 3)]


# --- variation and assurance icons ---------------------------------------------


def test_an_information_only_indicator_shows_special_cause_and_no_assurance():
    values = [50, 51, 49, 50, 52, 48, 50, 51, 49, 50, 51, 50, 80]  # 80 is beyond the upper limit
    for kw in ({}, {"polarity": "info"}):
        result = calc.spc(monthly(values), MONTHS, target=45, **kw)
        assert (result.variation, result.assurance) == ("special cause", None)
        assert result.explanation.endswith("Latest point: point beyond a process limit.")


def test_a_target_on_a_limit_is_hit_and_miss():
    point = SpcPoint(JAN17, 95, 95, 90, 100)
    inside = "lies inside the limits: it will be met some periods and not others."
    assert calc._assurance(point, "high", 90) == ("hit and miss", f"Target 90 {inside}")
    assert calc._assurance(point, "high", 100) == ("hit and miss", f"Target 100 {inside}")


def test_assurance_where_low_is_good():
    point = SpcPoint(JAN17, 95, 95, 90, 100)
    assert calc._assurance(point, "low", 101) == (
        "pass", "Target 101 lies outside the limits on the good side: consistently met.")
    assert calc._assurance(point, "low", 89) == (
        "fail", "Target 89 lies outside the limits on the bad side: will not be met without change.")


# --- 13-month linear trend -----------------------------------------------------


def test_the_trend_names_every_missing_month():
    cp_seen = [None, 89.7, 89.2, 92.8, 91.0, 91.4, 91.6, 89.3, 89.5, 88.8, 87.5, None, 89.1]  # 6.14
    trend = calc.linear_trend(monthly(cp_seen), JAN17)
    assert trend.explanation == "Dataset is incomplete: no figure for Jan-16, Dec-16."


def test_the_trend_explains_its_span_and_change_per_month():
    rising = calc.linear_trend(monthly([10 + 0.5 * i for i in range(13)]), JAN17)
    assert rising.direction == calc.INCREASING  # half a unit a month is still a rise
    assert rising.explanation == "Straight-line fit over Jan-16 to Jan-17 changes by +0.5 per period."
    flat = calc.linear_trend(monthly([5] * 13), JAN17)
    assert flat.explanation == "Straight-line fit over Jan-16 to Jan-17 is flat."


def test_a_change_of_a_billionth_of_the_figures_is_flat():
    # A £1bn budget moving by a tenth of a penny a month.
    assert calc.linear_trend(monthly([1e9 + 0.001 * i for i in range(13)]), JAN17).direction == calc.FLAT
    # Rising by £1 a month to exactly £1bn: one billionth per period is still flat.
    assert calc.linear_trend(monthly([1e9 - 12 + i for i in range(13)]), JAN17).direction == calc.FLAT
    assert calc.linear_trend(monthly([1e9 - 24 + 2 * i for i in range(13)]), JAN17).direction == calc.INCREASING


def test_a_trend_alone_is_judged_by_its_direction_not_by_the_side_of_the_mean():
    # Mean 55.8 (limits 45.6 to 66.0); the last six months rise 49 -> 54, all still below the mean,
    # no run of seven and no point near a limit: the trend is the only special cause.
    values = [60, 56, 62, 58, 61, 57, 63, 49, 50, 51, 52, 53, 54]
    rising = calc.spc(monthly(values), MONTHS, polarity="high")
    assert rising.points[-1].flags == (calc.FLAG_TREND,)
    assert rising.variation == "improvement"
    assert calc.spc(monthly(values), MONTHS, polarity="low").variation == "concern"
    falling = [120 - v for v in values]  # 71 -> 66 falling, above the mean of 64.2
    assert calc.spc(monthly(falling), MONTHS, polarity="low").variation == "improvement"
    assert calc.spc(monthly(falling), MONTHS, polarity="high").variation == "concern"


def test_a_trend_that_is_also_beyond_a_limit_is_judged_by_the_side_of_the_mean():
    # A drop to 20, then six months rising 20 -> 25, every one below the lower limit: the rise is
    # a trend, but where higher is better the months far below the limit are still a concern.
    values = [50, 51, 49, 50, 52, 48, 50, 20, 21, 22, 23, 24, 25]
    result = calc.spc(monthly(values), MONTHS, polarity="high")
    assert {calc.FLAG_BEYOND, calc.FLAG_TREND} <= set(result.points[-1].flags)
    assert result.variation == "concern"
