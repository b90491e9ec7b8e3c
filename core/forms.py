import datetime
import decimal

from django import forms

from .models import Person


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["title", "name", "kind", "job_title", "organisation", "email", "phone"]


class DateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes, in that order whatever the
    browser's language (``<input type=date>`` showed American month/day order).

    The three boxes post as ``<name>_day``, ``<name>_month``, ``<name>_year`` and are read
    back as one ``YYYY-MM-DD`` string for the DateField to check; a single ``<name>``
    value (``2017-03-31``, as scripts and older forms send) is still accepted."""

    template_name = "core/widgets/date_input.html"
    suffixes = ("day", "month", "year")

    def __init__(self, attrs=None):
        widths = {"day": "2", "month": "2", "year": "4"}
        widgets = {
            part: forms.TextInput(attrs={"inputmode": "numeric", "class": f"date-input-{part}",
                                         "size": widths[part], "autocomplete": "off"})
            for part in self.suffixes
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if not value:
            return [None, None, None]
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        return [value.day, value.month, value.year]

    def value_from_datadict(self, data, files, name):
        if name in data:
            return data.get(name)
        day, month, year = (str(data.get(f"{name}_{part}", "")).strip() for part in self.suffixes)
        if not (day or month or year):
            return None
        if day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4:
            return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
        return f"{year}-{month}-{day}"  # not a date: the field says so

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}_{part}" in data for part in self.suffixes)

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else id_  # MultiWidget numbers its boxes


class NumberInput(forms.NumberInput):
    """A number as the person typed it: ``-3.453``, not the database's ``-3.453000``."""

    def format_value(self, value):
        if value in (None, ""):
            return None
        try:
            number = decimal.Decimal(str(value))
        except decimal.InvalidOperation:
            return super().format_value(value)
        text = format(number.normalize(), "f")
        return "0" if text in ("-0", "") else text


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What it is for, e.g. the data warehouse.")
    access = forms.ChoiceField(
        choices=[("read", "Read only"), ("write", "Read and write")],
        initial="read",
        widget=forms.RadioSelect,
        help_text="A read-only token can fetch data but not change anything.",
    )
    expires = forms.DateField(
        required=False,
        widget=DateInput(),
        help_text="Optional: the token stops working at the start of this day.",
    )

    def clean_expires(self):
        from django.utils import timezone

        day = self.cleaned_data.get("expires")
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError("Choose a day after today.")
        return day
