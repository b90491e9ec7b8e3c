"""GOV.UK date input (day, month, year, never the browser's US order) and numbers shown as
entered (no 0.000000)."""

from datetime import date
from decimal import Decimal

from django import forms

from core.forms import DateInput, NumberInput


class DueForm(forms.Form):
    due = forms.DateField(widget=DateInput)


def test_date_input_is_day_month_year_boxes():
    html = str(DueForm(initial={"due": date(2017, 3, 31)})["due"])
    assert html.index(">Day<") < html.index(">Month<") < html.index(">Year<")
    assert 'name="due_day" value="31"' in html and 'name="due_month" value="3"' in html
    assert 'name="due_year" value="2017"' in html and 'type="date"' not in html


def test_date_input_reads_the_three_boxes_and_rejects_an_impossible_date():
    ok = DueForm({"due_day": "4", "due_month": "11", "due_year": "2015"})
    assert ok.is_valid() and ok.cleaned_data["due"] == date(2015, 11, 4)
    bad = DueForm({"due_day": "31", "due_month": "2", "due_year": "2015"})
    assert not bad.is_valid() and "Enter a valid date." in str(bad.errors)
    assert DueForm({"due": "2017-03-14"}).is_valid()  # one ISO value still works for scripts


def test_numbers_are_shown_as_entered():
    widget = NumberInput()
    assert [widget.format_value(v) for v in (Decimal("0.000000"), Decimal("-3.453000"), Decimal("100"))] == [
        "0", "-3.453", "100"]


def test_a_forms_period_is_the_one_month_picker():
    """The report-card forms' periods are picked from the same "January 2019" list as the
    dashboard's, not typed as YYYY-MM."""
    from django.template import Context, Template

    from performance.reportcards.forms import CycleForm, StartCardForm

    html = str(CycleForm(initial={"period": date(2019, 1, 1)})["period"])
    assert '<select name="period"' in html and 'class="month-select"' in html
    assert '<option value="2019-01" selected>January 2019</option>' in html
    assert '<option value="">Choose a month</option>' in html
    bound = str(StartCardForm({"period": "2018-12"})["period"])
    assert '<option value="2018-12" selected>December 2018</option>' in bound
    tag = Template('{% load core_tags %}{% month_select "period" "2019-01" %}').render(Context())
    assert _labels(tag) == _labels(html)[1:]  # the same months as the template's picker
    form = StartCardForm({"period": "2019-01"})
    form.is_valid()
    assert form.cleaned_data["period"] == date(2019, 1, 1)


def _labels(markup):
    return [option.split(">")[1].split("<")[0] for option in markup.split("<option")[1:]]
