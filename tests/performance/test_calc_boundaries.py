"""Boundaries and exact figures of the engine that the seed-based tests do not pin (found by
mutation testing: each assertion here fails for a mutant that the other tests let through)."""

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
