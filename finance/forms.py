from django import forms

from core.forms import NumberInput

from .models import BudgetArea, BudgetLine


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["division", "area", "block", "category", "approved_budget", "forecast_outturn", "adjustment",
                  "reason", "recovery_actions", "owner"]
        widgets = {
            "approved_budget": NumberInput(attrs={"step": "any", "class": "narrow"}),
            "forecast_outturn": NumberInput(attrs={"step": "any", "class": "narrow"}),
            "adjustment": NumberInput(attrs={"step": "any", "class": "narrow"}),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "recovery_actions": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        if data.get("block") and data.get("area") and data["block"].area_id != data["area"].pk:
            self.add_error("block", f"{data['block']} is not a block of {data['area']}.")
        # The period is not a field here, so Django would not check this constraint itself.
        if data.get("division") and data.get("area"):
            clash = BudgetLine.objects.filter(period_id=self.instance.period_id, area=data["area"],
                                              division=data["division"]).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("division", f"{self.instance.period} already has a line called "
                                           f"'{data['division']}' in {data['area']}.")
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why is the period being reopened?", max_length=90,
        help_text="Kept in the period's history with your name.",
    )


class UploadForm(forms.Form):
    file = forms.FileField(label="CSV or Excel (.xlsx) file", help_text=(
        "In the report's column layout: a budget summary or reasons table for this period, "
        "or the year's reserves and provisions or school balances table."))
    area = forms.ModelChoiceField(queryset=BudgetArea.objects.all(), label="Budget area",
                                  help_text="For a budget summary or reasons table.", empty_label=None)

    def clean_file(self):
        from core.uploads import check_spreadsheet

        upload = self.cleaned_data["file"]
        check_spreadsheet(upload)
        return upload


class ConfirmImportForm(forms.Form):
    acknowledge = forms.BooleanField(
        required=False,
        label="I have read every warning: the stated figures that differ will be kept as stated, "
              "beside the computed ones, and flagged.",
    )


class YearForm(forms.Form):
    year = forms.CharField(label="Financial year", max_length=7, help_text="For example 2017-18.")

    def clean_year(self):
        from .models import FinancialYear

        try:
            return FinancialYear.parse_label(self.cleaned_data["year"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
