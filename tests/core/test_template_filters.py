"""Every figure filter takes "no figure" (None, or the "" a template gives for a missing
attribute, NaN, text) and prints a dash or the report's word instead of failing."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template

from finance.templatetags import finance_tags
from performance.templatetags import perf_tags

NO_FIGURE = [None, "", float("nan"), float("inf"), "not a number", Decimal("NaN"), object()]


@pytest.mark.parametrize("value", NO_FIGURE)
def test_performance_filters_print_a_dash_for_no_figure(value):
    assert perf_tags.fig(value, "percentage") == "–"
    assert perf_tags.count(value) == "–"
    assert perf_tags.month(value) == "" and perf_tags.ym(value) == ""


@pytest.mark.parametrize("value", NO_FIGURE)
def test_finance_filters_print_the_reports_words_for_no_figure(value):
    assert finance_tags.money(value) == "n/a"
    assert finance_tags.pct(value) == "n/a"
    assert finance_tags.signed(value) == ""
    assert finance_tags.direction(value) == ""


def test_figures_still_print_as_the_reports_do():
    assert perf_tags.fig(23.84, "percentage") == "23.8%"
    assert perf_tags.fig(3163, "count") == "3,163"
    assert perf_tags.fig("554.5", "rate") == "554.5"
    assert perf_tags.fig(0, "count") == "0"
    assert perf_tags.count(1234) == "1,234" and perf_tags.count(12.25) == "12.25" and perf_tags.count(0) == "0"
    assert perf_tags.count(Decimal("-3")) == "-3"
    assert perf_tags.month(date(2017, 1, 1)) == "Jan-17" and perf_tags.ym(date(2017, 1, 1)) == "2017-01"
    assert finance_tags.money(Decimal("12.8724")) == "12.872" and finance_tags.money(0.0125) == "0.013"
    assert finance_tags.signed(Decimal("-0.4")) == "-0.400" and finance_tags.pct(Decimal("175.6")) == "+176"
    assert finance_tags.direction(Decimal("1")) == "over" and finance_tags.direction(-1) == "under"
    assert finance_tags.direction(0) == ""


def test_a_month_with_no_point_renders_dashes_in_a_template():
    """The indicator page's 13-month table: ``m.point`` is None for a month with no figure."""
    html = Template(
        "{% load perf_tags %}{% for m in months %}[{{ m.point.value|fig:'percentage' }}|"
        "{{ m.point.numerator|count }}|{{ m.point.denominator|count }}]{% endfor %}"
    ).render(Context({"months": [{"point": None}, {"point": {"value": 50, "numerator": 1, "denominator": 2}}]}))
    assert html == "[–|–|–][50.0%|1|2]"
