"""Year to date, previous year to date, rolling 12 months and the 13-month difference, as the MI
report prints them beside each indicator: the figure, how many months it covers and the sentence
that explains it (found by mutation testing: each test fails for a change the other tests let through)."""

from datetime import date

import pytest

from performance import calc
from performance.calc import Aggregate, Point
from tests.performance.series import monthly

APR16, MAY16, JUN16, JUL16 = date(2016, 4, 1), date(2016, 5, 1), date(2016, 6, 1), date(2016, 7, 1)
SEP16, OCT16, NOV16, DEC16, JAN17 = (date(2016, 9, 1), date(2016, 10, 1), date(2016, 11, 1), date(2016, 12, 1),
                                     date(2017, 1, 1))

# MI report Jan-2017, Apr-16 .. Jan-17: "Contacts", "Referrals", "7.1 Looked after children" (a month-end
# snapshot) and "Assessments completed in 45 working days" (%).
CONTACTS = [2428, 2858, 2680, 2737, 2129, 2798, 3292, 3271, 2852, 3163]
REFERRALS = [653, 844, 685, 646, 421, 650, 754, 743, 566, 776]
LAC = [1041, 1043, 1045, 1059, 1045, 1055, 1060, 1085, 1100, 1113]
ASSESSMENTS_IN_45_WD = [78.5, 78.3, 77.7, 66.1, 64.4, 58.5, 77.7, 82.6, 80.1, 78.2]
POPULATION = 167940  # under-18s implied by the report's referral rates


def ratio_series(nums, dens, *, multiplier=100, start=APR16):
    values = [calc.derive_value(n, d, multiplier=multiplier) for n, d in zip(nums, dens, strict=True)]
    return monthly(values, start=start, nums=nums, dens=dens)


# --- sum -----------------------------------------------------------------------


def test_the_year_to_date_of_a_count_is_the_sum_from_april_and_says_how_many_months():
    ytd = calc.year_to_date(monthly(CONTACTS), JUN16, aggregation="sum")
    assert ytd == Aggregate(
        sum(CONTACTS[:3]), 3, 3, explanation="Sum of 3 periods' figures, Year to date Apr-16 to Jun-16.")
    assert ytd.complete


def test_a_span_given_without_a_label_is_named_by_its_months_alone():
    result = calc.aggregate(monthly(CONTACTS), [APR16, MAY16, JUN16], aggregation="sum")
    assert result.explanation == "Sum of 3 periods' figures, Apr-16 to Jun-16."


def test_a_month_marked_no_data_expected_does_not_make_the_year_to_date_incomplete():
    # Exclusions are not collected in August, when schools are closed.
    exclusions = [12, 15, 9, 4, "nde", 14]
    ytd = calc.year_to_date(monthly(exclusions), SEP16, aggregation="sum")
    assert ytd == Aggregate(
        12 + 15 + 9 + 4 + 14, 5, 5, explanation="Sum of 5 periods' figures, Year to date Apr-16 to Sep-16.")
    assert ytd.complete


def test_a_sum_with_months_missing_is_withheld_and_names_every_missing_month():
    contacts = monthly(CONTACTS)
    del contacts[NOV16], contacts[DEC16]
    assert calc.year_to_date(contacts, JAN17, aggregation="sum") == Aggregate(
        None, 8, 10, missing=("2016-11", "2016-12"),
        explanation="Dataset is incomplete for Year to date Apr-16 to Jan-17: no figure for Nov-16, Dec-16.")


def test_a_span_with_no_figures_at_all_says_so_and_lists_each_month_as_missing():
    assert calc.year_to_date({}, JUN16, aggregation="sum") == Aggregate(
        None, 0, 3, missing=("2016-04", "2016-05", "2016-06"),
        explanation="No figures for Year to date Apr-16 to Jun-16.")
    nothing_due = monthly(["nde", "nde"])
    assert calc.year_to_date(nothing_due, MAY16, aggregation="mean") == Aggregate(
        None, 0, 0, explanation="No figures for Year to date Apr-16 to May-16.")


# --- latest and mean -----------------------------------------------------------


def test_a_snapshot_year_to_date_is_the_latest_figure_even_with_a_month_missing_and_names_the_gap():
    lac = monthly(LAC)
    del lac[JAN17]  # January's count not in yet
    assert calc.year_to_date(lac, JAN17, aggregation="latest") == Aggregate(
        LAC[8], 9, 10, missing=("2017-01",),
        explanation="Latest figure (Dec-16) in Year to date Apr-16 to Jan-17; missing Jan-17.")
    del lac[SEP16]
    assert calc.year_to_date(lac, DEC16, aggregation="latest") == Aggregate(
        LAC[8], 8, 9, missing=("2016-09",),
        explanation="Latest figure (Dec-16) in Year to date Apr-16 to Dec-16; missing Sep-16.")
    assert calc.year_to_date(monthly(LAC), JAN17, aggregation="latest") == Aggregate(
        LAC[9], 10, 10, explanation="Latest figure (Jan-17) in Year to date Apr-16 to Jan-17.")


def test_a_mean_year_to_date_is_the_average_of_the_months_figures():
    ytd = calc.year_to_date(monthly(ASSESSMENTS_IN_45_WD), JUN16, aggregation="mean")
    assert ytd == Aggregate(
        sum(ASSESSMENTS_IN_45_WD[:3]) / 3, 3, 3,
        explanation="Mean of 3 periods' figures, Year to date Apr-16 to Jun-16.")


# --- ratio ---------------------------------------------------------------------


def test_a_ratio_year_to_date_is_summed_numerators_over_summed_denominators_not_the_mean_of_rates():
    # % of contacts accepted as referrals, Apr-16 .. Jun-16: 2,182 of 7,966.
    ytd = calc.year_to_date(ratio_series(REFERRALS, CONTACTS), JUN16, aggregation="ratio", multiplier=100)
    num, den = sum(REFERRALS[:3]), sum(CONTACTS[:3])
    assert ytd == Aggregate(
        num / den * 100, 3, 3, numerator=num, denominator=den,
        explanation="Summed numerators 2,182 / summed denominators 7,966 x 100, Year to date Apr-16 to Jun-16.")
    mean_of_rates = sum(r / c * 100 for r, c in zip(REFERRALS[:3], CONTACTS[:3], strict=True)) / 3
    assert ytd.value != pytest.approx(mean_of_rates, abs=0.01)


def test_a_ratio_without_a_multiplier_is_the_plain_quotient():
    # Average working days to complete an assessment: days taken over assessments completed.
    days, assessments = [1230, 1520, 1100], [30, 40, 25]
    ytd = calc.year_to_date(ratio_series(days, assessments, multiplier=1), JUN16, aggregation="ratio")
    assert ytd == Aggregate(
        3850 / 95, 3, 3, numerator=3850, denominator=95,
        explanation="Summed numerators 3,850 / summed denominators 95 x 1, Year to date Apr-16 to Jun-16.")


def test_a_ratio_needs_both_numerator_and_denominator_in_every_month_and_names_those_without():
    s = ratio_series(REFERRALS[:3], CONTACTS[:3])
    s[MAY16] = Point(MAY16, 29.5, numerator=844)  # denominator not given
    s[JUN16] = Point(JUN16, 25.6, denominator=2680)  # numerator not given
    assert calc.year_to_date(s, JUN16, aggregation="ratio", multiplier=100) == Aggregate(
        None, 3, 3,
        explanation="Needs numerator and denominator for every period; not given for May-16, Jun-16.")


def test_a_ratio_whose_denominators_add_up_to_nothing_has_no_figure_rather_than_an_error():
    # A locality where no child started a plan in the quarter, reported as 0 of 0.
    s = {p: Point(p, 0.0, 0, 0) for p in (APR16, MAY16, JUN16)}
    ytd = calc.year_to_date(s, JUN16, aggregation="ratio", multiplier=100, annualise=True)
    assert ytd == Aggregate(
        None, 3, 3, numerator=0, denominator=0,
        explanation="Summed numerators 0 / summed denominators 0 x 100, Year to date Apr-16 to Jun-16.")


@pytest.mark.parametrize("frequency,per_year,periods,last", [
    ("monthly", 12, 10, "Jan-17"),
    ("quarterly", 4, 4, "Jan-17"),  # Apr, Jul, Oct, Jan
    ("termly", 3, 3, "Dec-16"),  # Apr, Aug, Dec
    ("annual", 1, 1, "Apr-16"),
    ("weekly", 12, 10, "Jan-17"),  # a frequency the engine does not know is read as monthly, as derive_value does
])
def test_an_annualised_year_to_date_rate_is_on_the_same_yearly_scale_as_each_periods_rate(
    frequency, per_year, periods, last
):
    # Referrals per 10,000 under-18s, each period's count scaled to a year: a steady 650 referrals a period
    # gives the same annualised rate for the year so far as for any one period.
    s = {}
    for p in calc.ytd_periods(JAN17, frequency):
        rate = calc.derive_value(650, POPULATION, multiplier=10000, annualise=True, frequency=frequency)
        s[p] = Point(p, rate, 650, POPULATION)
    ytd = calc.year_to_date(s, JAN17, aggregation="ratio", multiplier=10000, annualise=True, frequency=frequency)
    assert ytd.value == pytest.approx(650 / POPULATION * 10000 * per_year)
    assert (ytd.periods, ytd.expected, ytd.complete) == (periods, periods, True)
    assert ytd.explanation == (
        f"Summed numerators {calc.fmt(650 * periods)} / summed denominators {calc.fmt(POPULATION * periods)} "
        f"x 10000 x {per_year} (annualised), Year to date Apr-16 to {last}.")


def test_an_unknown_aggregation_is_refused_by_name():
    with pytest.raises(ValueError, match="^unknown aggregation 'median'$"):
        calc.aggregate(monthly(CONTACTS), [APR16], aggregation="median")


# --- quarterly spans and the year before ---------------------------------------

# "LAC with up to date PEP" is reported each quarter, dated by the quarter's first month: Jun 15 is Apr-15,
# Sep 15 Jul-15, Dec 15 (blank in the agenda pack) Oct-15; Jun 16 Apr-16, Sep 16 Jul-16, Dec 16 Oct-16.
PEP = {date(2015, 4, 1): 76.7, date(2015, 7, 1): 63.5, date(2016, 1, 1): 73.5,
       APR16: 88.9, JUL16: 81.2, OCT16: 82.5}


def test_a_quarterly_year_to_date_counts_quarters_not_months():
    pep = {p: Point(p, v) for p, v in PEP.items()}
    assert calc.year_to_date(pep, OCT16, aggregation="latest", frequency="quarterly") == Aggregate(
        82.5, 3, 3, explanation="Latest figure (Oct-16) in Year to date Apr-16 to Oct-16.")


def test_the_previous_year_to_date_is_the_same_quarters_a_year_earlier_and_names_the_blank_one():
    pep = {p: Point(p, v) for p, v in PEP.items()}
    assert calc.previous_year_to_date(pep, OCT16, aggregation="latest", frequency="quarterly") == Aggregate(
        63.5, 2, 3, missing=("2015-10",),
        explanation="Latest figure (Jul-15) in Previous year to date Apr-15 to Oct-15; missing Oct-15.")


# --- rolling 12 months -----------------------------------------------------------

CONTACTS_FEB_MAR_16 = {date(2016, 2, 1): 2386, date(2016, 3, 1): 2505}


def test_rolling_12_months_runs_back_across_the_start_of_the_financial_year():
    contacts = monthly(CONTACTS) | {p: Point(p, v) for p, v in CONTACTS_FEB_MAR_16.items()}
    assert calc.rolling_12(contacts, JAN17, aggregation="sum") == Aggregate(
        2386 + 2505 + sum(CONTACTS), 12, 12,
        explanation="Sum of 12 periods' figures, Rolling 12 months Feb-16 to Jan-17.")
    assert calc.rolling_12(monthly(CONTACTS), JAN17, aggregation="sum") == Aggregate(
        None, 10, 12, missing=("2016-02", "2016-03"),
        explanation="Dataset is incomplete for Rolling 12 months Feb-16 to Jan-17: no figure for Feb-16, Mar-16.")


# --- difference from 13 months before ---------------------------------------------

JAN16 = date(2016, 1, 1)


def test_the_13_month_difference_is_this_month_minus_the_same_month_last_year_with_the_change_in_percent():
    contacts = {JAN16: Point(JAN16, 3149), JAN17: Point(JAN17, 3163)}
    assert calc.difference_13(contacts, JAN17) == calc.Difference(
        3163 - 3149, pytest.approx((3163 - 3149) / 3149 * 100), "3,163 (Jan-17) - 3,149 (Jan-16).")


def test_the_13_month_difference_prints_both_figures_in_the_indicators_unit():
    # 2.3 % contacts accepted as referrals: 22.7% in Jan-16, 24.5% in Jan-17.
    accepted = {JAN16: Point(JAN16, 22.7), JAN17: Point(JAN17, 24.5)}
    diff = calc.difference_13(accepted, JAN17, "percentage")
    assert diff.value == pytest.approx(1.8) and diff.percent == pytest.approx(1.8 / 22.7 * 100)
    assert diff.explanation == "24.5% (Jan-17) - 22.7% (Jan-16)."
    # A count is printed to one decimal place when it is not whole (social workers, full-time equivalent).
    fte = {JAN16: Point(JAN16, 298.75), JAN17: Point(JAN17, 312.25)}
    assert calc.difference_13(fte, JAN17).explanation == "312.2 (Jan-17) - 298.8 (Jan-16)."


def test_the_13_month_difference_names_the_month_without_a_figure():
    assert calc.difference_13({JAN17: Point(JAN17, 3163)}, JAN17) == calc.Difference(
        None, None, "No figure for Jan-16.")
    assert calc.difference_13({JAN16: Point(JAN16, 3149)}, JAN17) == calc.Difference(
        None, None, "No figure for Jan-17.")
    assert calc.difference_13({}, JAN17).explanation == "No figure for Jan-16."


def test_a_rise_from_nothing_has_a_difference_but_no_percentage_change():
    # Unaccompanied asylum seeking children placed: none in Jan-16, 3 in Jan-17.
    uasc = {JAN16: Point(JAN16, 0), JAN17: Point(JAN17, 3)}
    assert calc.difference_13(uasc, JAN17) == calc.Difference(3, None, "3 (Jan-17) - 0 (Jan-16).")


# --- figures as printed -------------------------------------------------------------


def test_a_figure_in_days_that_rounds_to_a_whole_number_prints_without_a_trailing_point():
    assert calc.fmt(6.998, "days") == "7"
    assert calc.fmt(1000.004, "average") == "1,000"
    assert calc.fmt(41.05, "days") == "41.05" and calc.fmt(40.5263, "days") == "40.53"


# --- targets --------------------------------------------------------------------------


def test_a_trajectory_due_before_its_year_starts_is_the_value_all_year_not_a_line_run_backwards():
    # Entered against 2016-17 but due by Mar-16: there is no line to draw within the year.
    late = calc.TargetSpec(480, by=date(2016, 3, 1), trajectory_from=600)
    assert calc.target_at({2016: late}, APR16) == calc.TargetAt(480, "Target for 2016-17: 480 by Mar-16.")
    assert calc.target_at({2016: late}, JAN17).value == 480
