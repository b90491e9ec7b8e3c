import datetime
import decimal
from decimal import Decimal

from django import forms
from django.utils import timezone

from .models import Person
from .selectors import changed_by


def read_token(instance) -> str:
    """What an edit page read: the id of the object's latest history record ("0" if none).

    Every save adds a history record (django-simple-history on every edited model), so a
    different token on save means someone else saved in between."""
    if instance is None or instance.pk is None or not hasattr(type(instance), "history"):
        return "0"
    latest = type(instance).history.filter(**{type(instance)._meta.pk.attname: instance.pk}).order_by(
        "-history_id"
    ).values_list("history_id", flat=True).first()
    return str(latest or 0)


class StaleEditMixin:
    """The edit form carries what it read; a stale save is refused showing both values.

    The same protection report cards have (a version on the card), for every edited record
    without a version column: the token is the object's latest history record. On a stale
    save nothing is lost: the form comes back with the user's own values in the fields, the
    values saved meanwhile (and by whom, when) beside them, and a fresh token, so that
    saving again after comparing overwrites knowingly.

    Checked with the object's row locked (select_for_update, held to the end of the
    request's transaction), so two saves at the same moment cannot both pass.
    """

    stale_message = "Someone else saved this after you opened it. Your changes are below, not saved yet."
    # A form field's name on the record when they differ (a review's ``likelihood`` is the
    # risk's ``current_likelihood``); fields the record lacks are not compared.
    stale_fields: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        if not isinstance(self, forms.BaseModelForm):
            self.instance = kwargs.pop("instance")  # a plain form guarding the record it changes
        super().__init__(*args, **kwargs)
        self.fields["read_token"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.initial["read_token"] = read_token(self.instance)
        self.conflicts = []  # (field label, saved value, your value)

    def clean(self):
        data = super().clean()
        data.pop("read_token", None)  # not a field of the record: views pass cleaned_data on
        instance = self.instance
        if instance.pk is None or self.add_prefix("read_token") not in self.data:
            return data  # a new record, or a client that never read one (a script posting directly)
        model = type(instance)
        current = model.objects.select_for_update().filter(pk=instance.pk).first()
        if current is None:
            raise forms.ValidationError("This record was deleted after you opened it.")
        token = read_token(current)
        sent = self.data.get(self.add_prefix("read_token")) or ""
        if sent == token:
            return data
        latest = model.history.filter(**{model._meta.pk.attname: instance.pk}).order_by("-history_id").first()
        missing = object()
        for name in self.fields:
            if name == "read_token" or name not in data:
                continue
            saved = getattr(current, self.stale_fields.get(name, name), missing)
            if saved is missing:
                continue
            mine = data.get(name)
            if _shown(saved) != _shown(mine):
                self.conflicts.append((self.fields[name].label or name, _shown(saved), _shown(mine)))
        # The next save is knowing: it carries the token of what is now stored.
        mutable = self.data.copy()
        mutable[self.add_prefix("read_token")] = token
        self.data = mutable
        by = f" ({changed_by(latest)})" if latest else ""
        details = "; ".join(f"{label}: saved “{saved}”, yours “{mine}”" for label, saved, mine in self.conflicts)
        raise forms.ValidationError(
            f"{self.stale_message}{by} " + (f"What differs — {details}. " if details else "")
            + "Save again to keep yours.",
            code="stale",
        )


def _shown(value):
    """A value as the user reads it; 1.500 and 1.5 are the same figure."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


class StaleEditModelForm(StaleEditMixin, forms.ModelForm):
    """The admin's edit form: the same protection as the product's edit pages.

    ``read_token`` is declared on the class (not only added per instance) so that the admin,
    which renders the fields its fieldsets name, sends it back."""

    read_token = forms.CharField(widget=forms.HiddenInput, required=False)


class PersonForm(StaleEditMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["title", "name", "kind", "job_title", "organisation", "email", "phone", "archived"]


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


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
FIRST_PICKABLE_YEAR = 2010


def _year_month(value):
    if hasattr(value, "year"):
        return (value.year, value.month)
    if value:
        try:
            year, month = str(value).split("-")[:2]
            return (int(year), int(month))
        except ValueError:
            return None
    return None


def month_options(value=None):
    """The one month picker for periods: (``YYYY-MM``, "January 2019", chosen) newest first.
    A select rather than ``<input type=month>`` because that input is a free-text box in
    some browsers and a US-ordered date picker in others."""
    chosen = _year_month(value)
    last_year = max(datetime.date.today().year + 1, chosen[0] if chosen else 0)
    return [
        (f"{y:04d}-{m:02d}", f"{MONTH_NAMES[m - 1]} {y}", (y, m) == chosen)
        for y in range(last_year, FIRST_PICKABLE_YEAR - 1, -1)
        for m in range(12, 0, -1)
    ]


class MonthSelect(forms.Select):
    """``month_options`` as a form widget, so a form's period is picked like every other."""

    def __init__(self, attrs=None, blank="Choose a month"):
        super().__init__({"class": "month-select", **(attrs or {})})
        self.blank = blank

    def format_value(self, value):
        chosen = _year_month(value)
        return [f"{chosen[0]:04d}-{chosen[1]:02d}"] if chosen else [""]

    def get_context(self, name, value, attrs):
        self.choices = [("", self.blank), *((v, label) for v, label, _ in month_options(value))]
        return super().get_context(name, value, attrs)


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

        day = self.cleaned_data.get("expires")
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError("Choose a day after today.")
        return day
