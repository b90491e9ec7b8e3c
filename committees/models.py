"""Committees, their members, meetings, agendas, reports, minutes, decisions and questions.

OParl 1.1 mapping (see docs/oparl.md): Committee = Organization (the council is the Body),
Membership = Membership, core.Person = Person, Meeting = Meeting, AgendaItem = AgendaItem,
Report = Paper, Appendix = File.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.documents import sections as document_sections

from . import voting
from .validators import validate_pdf


class BusinessKind(models.TextChoices):
    """What an item is about: decides who may vote on it (church and parent governor
    representatives vote on education matters only)."""

    GENERAL = "general", "General"
    EDUCATION = "education", "Education"


class Committee(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    terms_of_reference = models.TextField(blank=True)
    contact_officer_name = models.CharField(max_length=200, blank=True)
    contact_officer_phone = models.CharField(max_length=50, blank=True)
    contact_officer_email = models.EmailField(blank=True)
    default_venue = models.TextField(blank=True)
    default_start_time = models.TimeField(null=True, blank=True)
    quorum = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Voting members needed for business. Empty: a quarter of the voting places, at least 3.",
    )
    usual_length = models.DurationField(
        default=dt.timedelta(hours=3), help_text="How long a meeting usually lasts (calendars end it then)."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("committees:committee", args=[self.slug])


class PoliticalGroup(models.Model):
    """A political group of the council (an OParl Organization of type "faction")."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-Chair"
        MEMBER = "member", "Member"
        SUBSTITUTE = "substitute", "Substitute"
        CHURCH_REP = "church_rep", "Church representative"
        PARENT_GOVERNOR_REP = "parent_governor_rep", "Parent governor representative"
        CO_OPTED_ADVISOR = "co_opted_advisor", "Co-opted advisor"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="committee_memberships")
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.MEMBER)
    represents = models.CharField(
        max_length=200, blank=True, help_text="The body a co-opted advisor or representative speaks for."
    )
    voting = models.BooleanField(default=True)
    voting_limited_to = models.CharField(
        max_length=20,
        choices=BusinessKind.choices,
        blank=True,
        help_text="If set, this member votes only on business of this kind.",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    on_behalf_of = models.ForeignKey(
        PoliticalGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
        help_text="The political group the member sits for.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "order", "id"]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()} ({self.committee})"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date is before the start date."})

    def is_current_on(self, day):
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or day <= self.end_date)

    def may_vote_on(self, business_kind):
        return voting.may_vote(self.voting, self.voting_limited_to, business_kind)


class Meeting(models.Model):
    archive_hint = "Cancel the meeting instead: its agenda and minutes stay on the record."

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        HELD = "held", "Held"
        MINUTES_APPROVED = "minutes_approved", "Minutes approved"
        CANCELLED = "cancelled", "Cancelled"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    start_time = models.TimeField()
    end_time = models.TimeField(null=True, blank=True, help_text="Empty: the committee's usual length.")
    venue = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    agenda_published_on = models.DateField(null=True, blank=True)
    clerk = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="clerked_meetings"
    )
    # Calendar programs replace an event only when its SEQUENCE rises (RFC 5545 3.8.7.4);
    # every service that changes the meeting bumps it.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-start_time"]
        indexes = [models.Index(fields=["committee", "date"])]

    def __str__(self):
        return f"{self.committee} – {self.date:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("committees:meeting", args=[self.pk])

    def clean(self):
        if self.end_time and self.start_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "The meeting must end after it starts."})

    @property
    def agenda_is_public(self):
        return self.status in (self.Status.AGENDA_PUBLISHED, self.Status.HELD, self.Status.MINUTES_APPROVED)


class PreMeeting(models.Model):
    """A meeting before the meeting, e.g. the political groups at 9am."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pre_meetings")
    name = models.CharField(max_length=200)
    start_time = models.TimeField()
    venue = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "start_time", "name"]

    def __str__(self):
        return f"{self.name} {self.start_time:%H:%M}"


class Report(models.Model):
    """A report in the council's template (an OParl Paper)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CLEARED = "cleared", "Cleared by chief officer"
        READY = "ready", "Ready for the agenda"

    title = models.CharField(max_length=300)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    responsible_chief_officer = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="reports_responsible"
    )
    strategic_impact = models.TextField(blank=True)
    executive_summary = models.TextField(blank=True)
    financial_implications = models.TextField(blank=True)
    issues_risks_innovation = models.TextField(blank=True, help_text="General issues, risks and innovation.")
    legal_implications = models.TextField(blank=True)
    equality_implications = models.TextField(blank=True)
    human_rights_implications = models.TextField(blank=True)
    environmental_implications = models.TextField(blank=True)
    health_and_safety_implications = models.TextField(blank=True)
    background_papers = models.TextField(blank=True)
    officer_contact = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="reports_contact"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    cleared_by = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="reports_cleared"
    )
    cleared_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("committees:report", args=[self.pk])


class Recommendation(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="unique_recommendation_number")]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class ReportSection(models.Model):
    """A numbered body section (1. Proposal, 2. Evidence, 3. Financial implications…)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="unique_section_number")]

    def __str__(self):
        return f"{self.number}. {self.heading}"


def appendix_upload_to(instance, filename):
    return f"committees/appendices/{instance.report_id}/{filename}"


class Appendix(models.Model):
    """An uploaded PDF appendix to a report (an OParl File)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="appendices")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to=appendix_upload_to, validators=[validate_pdf])
    page_count = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    uploaded = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "number"]
        verbose_name_plural = "appendices"
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="unique_appendix_number")]

    def __str__(self):
        return f"Appendix {self.number}: {self.title}"


class LiveSection(models.Model):
    """A part of a report drawn from the other areas of the product as at a date."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="live_sections")
    # The kinds are the sections the installed areas register (core.documents.sections), read
    # when a form or full_clean() asks: a new area's section needs no edit here and no migration.
    kind = models.CharField(max_length=30, choices=document_sections.choices)
    title = models.CharField(max_length=300, blank=True)
    as_at = models.DateField(help_text="The data is shown as it stood on this date.")
    order = models.PositiveSmallIntegerField(default=0)
    after_section = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Number of the body section it follows; empty: at the end."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "order", "id"]

    def __str__(self):
        return f"{self.title or self.get_kind_display()} as at {self.as_at}"


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        APOLOGIES = "apologies", "Apologies and substitutes"
        MINUTES = "minutes", "Minutes of the previous meeting"
        DECLARATIONS = "declarations", "Declarations of interest"
        URGENT_BUSINESS = "urgent_business", "Urgent business"
        PUBLIC_QUESTIONS = "public_questions", "Public question time"
        MEMBER_QUESTIONS = "member_questions", "Local member issues / member questions"
        BUSINESS = "business", "Business"

    class ExemptParagraph(models.IntegerChoices):
        """Schedule 12A to the Local Government Act 1972, Part 1."""

        P1 = 1, "1 – Information relating to any individual"
        P2 = 2, "2 – Information likely to reveal the identity of an individual"
        P3 = 3, "3 – Financial or business affairs of any particular person (including the authority)"
        P4 = 4, "4 – Labour relations consultations or negotiations"
        P5 = 5, "5 – Legal professional privilege"
        P6 = 6, "6 – Notices, orders or directions under any enactment"
        P7 = 7, "7 – Prevention, investigation or prosecution of crime"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BUSINESS)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True, help_text="Text printed under the title (e.g. the declarations wording).")
    business_kind = models.CharField(max_length=20, choices=BusinessKind.choices, default=BusinessKind.GENERAL)
    report_by = models.CharField(max_length=300, blank=True, help_text="e.g. Report by the Executive Director.")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items")
    presenter = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="items_presented"
    )
    exempt = models.BooleanField(default=False)
    exempt_paragraph = models.PositiveSmallIntegerField(choices=ExemptParagraph.choices, null=True, blank=True)
    late = models.BooleanField(default=False, help_text="Added after the agenda was published.")
    urgency_reason = models.TextField(blank=True, help_text="Why a late item cannot wait (required for late items).")
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="unique_item_number")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def clean(self):
        errors = {}
        if self.exempt and not self.exempt_paragraph:
            errors["exempt_paragraph"] = "An exempt item needs the paragraph of Schedule 12A that applies."
        if self.late and not self.urgency_reason.strip():
            errors["urgency_reason"] = "A late item needs a recorded reason of urgency."
        if errors:
            raise ValidationError(errors)


class Minutes(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    preamble = models.TextField(blank=True)
    published_on = models.DateField(
        null=True, blank=True, help_text="Draft minutes published, subject to approval at the next meeting."
    )
    closing_time = models.TimeField(null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="minutes_approved_here"
    )
    approved_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self):
        return f"Minutes: {self.meeting}"

    def get_absolute_url(self):
        return reverse("committees:minutes", args=[self.meeting_id])

    @property
    def frozen(self):
        return self.status == self.Status.APPROVED

    @property
    def is_public(self):
        return self.frozen or self.published_on is not None


class Attendance(models.Model):
    class Kind(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        SUBSTITUTE = "substitute", "Substitute"
        OFFICER = "officer", "Officer present"

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="attendances")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    substitute_for = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="substituted_by"
    )
    capacity = models.CharField(max_length=200, blank=True, help_text="Chair, Church rep, the body represented…")
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "kind", "id"]
        verbose_name_plural = "attendance"

    def __str__(self):
        return f"{self.person}: {self.get_kind_display()}"

    def clean(self):
        if self.kind == self.Kind.SUBSTITUTE and not self.substitute_for_id:
            raise ValidationError({"substitute_for": "Say whom the substitute attended for."})


class Declaration(models.Model):
    class Interest(models.TextChoices):
        DISCLOSABLE_PECUNIARY = "dpi", "Disclosable pecuniary interest"
        OTHER = "other", "Other interest"

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="declarations")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="declarations"
    )
    interest = models.CharField(max_length=10, choices=Interest.choices, default=Interest.OTHER)
    description = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "id"]

    def __str__(self):
        return f"{self.person}: {self.get_interest_display()}"


class MinuteItem(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="items")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="minute_items"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    exempt = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "number"]
        constraints = [models.UniqueConstraint(fields=["minutes", "number"], name="unique_minute_item_number")]

    def __str__(self):
        return f"{self.number} {self.title}"


class Decision(models.Model):
    class Kind(models.TextChoices):
        RESOLVED = "resolved", "RESOLVED"
        AGREED = "agreed", "Agreed"
        NOTED = "noted", "Noted"

    minute_item = models.ForeignKey(MinuteItem, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RESOLVED)
    text = models.TextField()
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["minute_item__minutes__meeting__date", "minute_item__number", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:80]}"

    def get_absolute_url(self):
        return reverse("committees:decision", args=[self.pk])

    @property
    def vote_recorded(self):
        return self.votes_for is not None or self.votes_against is not None


class FollowUpAction(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="committee_actions"
    )
    due_date = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["done", "due_date", "id"]

    def __str__(self):
        return self.description[:80]


class Question(models.Model):
    class Kind(models.TextChoices):
        PUBLIC = "public", "Public question"
        MEMBER = "member", "Local member question"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PUBLIC)
    number = models.PositiveSmallIntegerField(default=1)
    asker_name = models.CharField(max_length=200)
    asker = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="questions_asked"
    )
    received_at = models.DateTimeField()
    text = models.TextField()
    reply = models.TextField(blank=True)
    reply_by = models.CharField(max_length=200, blank=True, default="the Chairman")
    supplementary = models.TextField(
        blank=True, help_text="A supplementary question asked at the meeting, and its answer."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "kind", "number"]

    def __str__(self):
        return f"Question {self.number} from {self.asker_name}"


from .alerts.models import *  # noqa: E402,F401,F403
