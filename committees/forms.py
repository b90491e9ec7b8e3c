from django import forms

from core.forms import DateInput, StaleEditMixin  # DateInput: GOV.UK day, month, year boxes
from core.models import Person

from .models import (
    AgendaItem,
    Attendance,
    Committee,
    Decision,
    Declaration,
    FollowUpAction,
    LiveSection,
    Meeting,
    Question,
    Report,
)
from .services import REPORT_FIELDS


class TimeInput(forms.TimeInput):
    input_type = "time"


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["committee", "date", "start_time", "venue"]
        widgets = {"date": DateInput, "start_time": TimeInput, "venue": forms.Textarea(attrs={"rows": 2})}


class MeetingEditForm(StaleEditMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "start_time", "end_time", "venue", "clerk"]
        widgets = {
            "date": DateInput,
            "start_time": TimeInput,
            "end_time": TimeInput,
            "venue": forms.Textarea(attrs={"rows": 2}),
        }


class CommitteeForm(StaleEditMixin, forms.ModelForm):
    class Meta:
        model = Committee
        fields = [
            "name",
            "terms_of_reference",
            "contact_officer_name",
            "contact_officer_phone",
            "contact_officer_email",
            "default_venue",
            "default_start_time",
            "usual_length",
            "quorum",
        ]
        widgets = {"default_start_time": TimeInput}


class AgendaItemForm(StaleEditMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "kind",
            "business_kind",
            "report_by",
            "report",
            "presenter",
            "body",
            "exempt",
            "exempt_paragraph",
            "urgency_reason",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 4}), "urgency_reason": forms.Textarea(attrs={"rows": 3})}
        labels = {"exempt_paragraph": "Exemption paragraph (Schedule 12A, Local Government Act 1972)"}

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["report"].queryset = Report.objects.order_by("-created")
        self.fields["presenter"].queryset = Person.objects.offered(keep=self.instance.presenter_id)
        if meeting is None or meeting.agenda_published_on is None:
            self.fields["urgency_reason"].help_text = "Only for items added after publication."

    def clean(self):
        data = super().clean()
        if data.get("exempt") and not data.get("exempt_paragraph"):
            self.add_error("exempt_paragraph", "An exempt item needs the paragraph of Schedule 12A that applies.")
        late = self.instance.late if self.instance.pk else bool(self.meeting and self.meeting.agenda_published_on)
        if late and not (data.get("urgency_reason") or "").strip():
            self.add_error("urgency_reason", "The agenda is published: a late item needs a recorded reason of urgency.")
        return data


class ReportForm(StaleEditMixin, forms.ModelForm):
    recommendations = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="One recommendation per line; they are numbered in this order.",
    )

    class Meta:
        model = Report
        fields = ["title", "meeting", "responsible_chief_officer", "officer_contact", *REPORT_FIELDS]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in REPORT_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["recommendations"].initial = "\n".join(r.text for r in self.instance.recommendations.all())

    def recommendation_list(self):
        return [line.strip() for line in self.cleaned_data["recommendations"].splitlines() if line.strip()]


class SectionForm(forms.Form):
    heading = forms.CharField(max_length=300)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)


class AppendixForm(forms.Form):
    title = forms.CharField(max_length=300)
    file = forms.FileField(help_text="A PDF.")


class LiveSectionForm(forms.ModelForm):
    class Meta:
        model = LiveSection
        fields = ["kind", "title", "as_at", "after_section"]
        widgets = {"as_at": DateInput}


class QuestionForm(forms.ModelForm):
    accept_late = forms.BooleanField(required=False, label="The Chairman accepts it although it arrived late")

    class Meta:
        model = Question
        fields = ["kind", "asker_name", "received_at", "text"]
        widgets = {"received_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}


class ReplyForm(StaleEditMixin, forms.ModelForm):
    class Meta:
        model = Question
        fields = ["reply", "reply_by", "supplementary"]


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["person", "kind", "substitute_for", "capacity"]


class DeclarationForm(forms.ModelForm):
    class Meta:
        model = Declaration
        fields = ["person", "interest", "agenda_item", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["agenda_item"].queryset = meeting.items.all()


class MinuteItemForm(StaleEditMixin, forms.Form):
    title = forms.CharField(max_length=300)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["kind", "text", "votes_for", "votes_against", "abstentions"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ClosingForm(forms.Form):
    closing_time = forms.TimeField(widget=TimeInput)


class DecisionSearchForm(forms.Form):
    q = forms.CharField(required=False, label="Words in the decision")
    committee = forms.ModelChoiceField(queryset=Committee.objects.all(), required=False)
    date_from = forms.DateField(required=False, widget=DateInput, label="Meetings from")
    date_to = forms.DateField(required=False, widget=DateInput, label="Meetings to")


class ActionForm(forms.ModelForm):
    class Meta:
        model = FollowUpAction
        fields = ["description", "owner", "due_date"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "due_date": DateInput}


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search for", max_length=200)
    committee = forms.ModelChoiceField(queryset=Committee.objects.all(), required=False, empty_label="All committees")
    date_from = forms.DateField(required=False, widget=DateInput, label="Meetings from")
    date_to = forms.DateField(required=False, widget=DateInput, label="Meetings to")
