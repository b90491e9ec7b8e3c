from django import forms
from django.core.exceptions import ValidationError

from core.forms import DateInput, MonthSelect
from core.models import Person
from performance import calc
from performance.models import Indicator

from . import text

TEXTAREA = {"rows": 6}
HELP = "Plain text. Start list items with '- '. No HTML."


class PeriodField(forms.CharField):
    widget = MonthSelect

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return calc.parse_period(value)
        except ValueError as exc:
            raise ValidationError(str(exc))


def _no_html(value):
    problem = text.html_problem(value)
    if problem:
        raise ValidationError(problem)


class CardForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    why_important = forms.CharField(label="Why is this important?", required=False, help_text=HELP,
                                    widget=forms.Textarea(attrs=TEXTAREA), validators=[_no_html])
    success_looks_like = forms.CharField(label="What will success look like?", required=False, help_text=HELP,
                                         widget=forms.Textarea(attrs=TEXTAREA), validators=[_no_html])
    background = forms.CharField(label="What is the background to current performance?", required=False,
                                 help_text=HELP, widget=forms.Textarea(attrs=TEXTAREA), validators=[_no_html])
    definition = forms.CharField(label="Definition (MI report)", required=False, help_text=HELP,
                                 widget=forms.Textarea(attrs={"rows": 3}), validators=[_no_html])
    performance_analysis = forms.CharField(label="Performance analysis (MI report)", required=False, help_text=HELP,
                                           widget=forms.Textarea(attrs=TEXTAREA), validators=[_no_html])


class ActionForm(forms.Form):
    description = forms.CharField(label="Action", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                  validators=[_no_html])
    owner = forms.ModelChoiceField(label="Owner", queryset=Person.objects.filter(kind=Person.Kind.OFFICER),
                                   required=False)
    due_date = forms.DateField(label="Due date", required=False, widget=DateInput)
    done = forms.BooleanField(label="Done", required=False)

    def as_action(self):
        d = self.cleaned_data
        if not d.get("description") or d.get("DELETE"):
            return None
        return {
            "description": d["description"],
            "owner": d["owner"].pk if d.get("owner") else None,
            "due_date": d["due_date"].isoformat() if d.get("due_date") else None,
            "done": bool(d.get("done")),
        }


ActionFormSet = forms.formset_factory(ActionForm, extra=2, can_delete=True)


def action_initial(actions):
    return [
        {"description": a.get("description", ""), "owner": a.get("owner"), "due_date": a.get("due_date"),
         "done": a.get("done", False)}
        for a in actions
    ]


class StartCardForm(forms.Form):
    indicator = forms.ModelChoiceField(queryset=Indicator.objects.all(), label="Indicator")
    period = PeriodField(label="Period")


class CommentForm(forms.Form):
    comment = forms.CharField(label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              validators=[_no_html])


class ExceptionCardForm(forms.Form):
    indicator = forms.ModelChoiceField(queryset=Indicator.objects.filter(vital_sign=True), label="Vital sign")
    reason = forms.CharField(label="Why report it as an exception?", widget=forms.Textarea(attrs={"rows": 3}),
                             validators=[_no_html])


class CycleForm(forms.Form):
    period = PeriodField(label="Period")
    commentary_due = forms.DateField(label="Commentary due", widget=DateInput)
    note = forms.CharField(label="Note", required=False, max_length=200)
