from django import forms

from core.forms import DateInput, StaleEditMixin
from core.models import Person
from core.selectors import changed_by

from . import selectors
from .models import MatrixCell, MitigatingAction, Prospects, Register, RiskLink

SCALE_CHOICES = [(n, str(n)) for n in range(1, 6)]
DATE_INPUT = DateInput()  # GOV.UK day, month, year boxes


class ReviewForm(StaleEditMixin, forms.Form):
    """A review changes the risk's scores: the page carries what it read of the risk, so a review
    recorded meanwhile by someone else is shown beside this one instead of silently replaced."""

    stale_fields = {"likelihood": "current_likelihood", "impact": "current_impact"}
    likelihood = forms.TypedChoiceField(choices=SCALE_CHOICES, coerce=int, label="Current likelihood (1-5)")
    impact = forms.TypedChoiceField(choices=SCALE_CHOICES, coerce=int, label="Current impact (1-5)")
    target_likelihood = forms.TypedChoiceField(choices=SCALE_CHOICES, coerce=int, label="Target likelihood (1-5)")
    target_impact = forms.TypedChoiceField(choices=SCALE_CHOICES, coerce=int, label="Target impact (1-5)")
    target_date = forms.DateField(widget=DATE_INPUT, required=False)
    progress_update = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)
    prospects = forms.ChoiceField(
        choices=Prospects.choices, label="Prospects of meeting the target score by the target date"
    )
    reviewed_on = forms.DateField(widget=DATE_INPUT, label="Date of review")

    @classmethod
    def for_risk(cls, risk, data=None, today=None):
        return cls(
            data,
            instance=risk,
            initial={
                "likelihood": risk.current_likelihood,
                "impact": risk.current_impact,
                "target_likelihood": risk.target_likelihood,
                "target_impact": risk.target_impact,
                "target_date": risk.target_date,
                "progress_update": risk.progress_update,
                "prospects": risk.prospects,
                "reviewed_on": today,
            },
        )


class ActionForm(StaleEditMixin, forms.ModelForm):
    class Meta:
        model = MitigatingAction
        fields = ["description", "owner", "due_date", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_date": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.offered(keep=self.instance.owner_id)


class LinkForm(forms.ModelForm):
    class Meta:
        model = RiskLink
        fields = ["kind", "ref", "note"]


class EscalateForm(forms.Form):
    to_register = forms.ModelChoiceField(queryset=Register.objects.all(), label="Escalate to register")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, risk=None, **kwargs):
        super().__init__(*args, **kwargs)
        if risk is not None:
            self.fields["to_register"].queryset = Register.objects.exclude(pk=risk.register_id)


class ImportForm(forms.Form):
    file = forms.FileField(label="Register file (CSV or XLSX)", help_text="In the register's column order.")


class BandForm(StaleEditMixin, forms.ModelForm):
    colour = forms.CharField(widget=forms.TextInput(attrs={"type": "color"}), help_text="")

    class Meta:
        from .models import RiskBand

        model = RiskBand
        fields = ["name", "colour", "rank"]


BandFormSet = forms.modelformset_factory(
    BandForm.Meta.model, form=BandForm, extra=1, can_delete=False
)


class MatrixForm(forms.Form):
    """One band choice per cell of the 5x5 matrix (fields ``cell_<likelihood>_<impact>``)."""

    def __init__(self, *args, bands=(), current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        self.bands = {b.pk: b for b in bands}
        choices = [(b.pk, b.name) for b in bands]
        # What the form read, as StaleEditMixin carries for one record: here for all 25 cells.
        self.fields["read_token"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.initial["read_token"] = selectors.matrix_token()
        for impact in range(5, 0, -1):
            for likelihood in range(1, 6):
                band = current.get((likelihood, impact))
                self.fields[f"cell_{likelihood}_{impact}"] = forms.TypedChoiceField(
                    choices=choices, coerce=int, label=f"Likelihood {likelihood}, impact {impact}",
                    initial=band.pk if band is not None else None,
                )

    def rows(self):
        return [
            {"impact": impact, "cells": [self[f"cell_{likelihood}_{impact}"] for likelihood in range(1, 6)]}
            for impact in range(5, 0, -1)
        ]

    def clean(self):
        """A cell someone else changed after this form was opened, to a band other than the
        one sent, is not overwritten: the save is refused naming each such cell with both
        bands and who changed it; the cells chosen stay in the form with a fresh token, so
        saving again overwrites knowingly. The cells stay locked to the end of the request."""
        data = super().clean()
        data.pop("read_token", None)
        sent = self.data.get("read_token")
        if sent is None:
            return data  # a client that never read the matrix
        current = {(c.likelihood, c.impact): c for c in MatrixCell.objects.select_for_update().select_related("band")
                   .order_by("pk")}
        token = selectors.matrix_token()
        if sent == token:
            return data
        since = MatrixCell.history.filter(history_id__gt=int(sent) if sent.isdigit() else 0).order_by("-history_id")
        changed = {(h.likelihood, h.impact) for h in since}
        conflicts = []
        for impact in range(5, 0, -1):
            for likelihood in range(1, 6):
                cell, mine = current.get((likelihood, impact)), data.get(f"cell_{likelihood}_{impact}")
                if (likelihood, impact) not in changed or cell is None or mine is None or cell.band_id == mine:
                    continue
                yours = self.bands[mine].name if mine in self.bands else str(mine)
                conflicts.append(f"Likelihood {likelihood}, impact {impact}: saved “{cell.band.name}”, yours “{yours}”")
        if not conflicts:
            return data  # changed meanwhile, but to what this form sends: nothing is lost
        mutable = self.data.copy()
        mutable["read_token"] = token
        self.data = mutable
        raise forms.ValidationError(
            f"Someone else saved the matrix after you opened it ({changed_by(since.first())}). "
            f"What differs — {'; '.join(conflicts)}. "
            "Your cells are below, not saved yet. Save again to keep yours.",
            code="stale",
        )

    def cells(self):
        return {
            (likelihood, impact): self.cleaned_data[f"cell_{likelihood}_{impact}"]
            for likelihood in range(1, 6)
            for impact in range(1, 6)
        }
