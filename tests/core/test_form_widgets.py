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
