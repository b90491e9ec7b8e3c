"""Report cards: one per indicator and reporting period, with the commentary sections
of the seeds' cards, the workflow log, conflict drafts and the reminders sent.

"Performance" is never stored here: it is drawn from the indicator's observations.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from performance import calc

from . import workflow

__all__ = ["ReportingCycle", "ReportCard", "CardTransition", "ConflictDraft", "ReminderSent"]

TEXT_SECTIONS = [
    ("why_important", "Why is this important?"),
    ("success_looks_like", "What will success look like?"),
    ("background", "What is the background to current performance?"),
    ("definition", "Definition"),
    ("performance_analysis", "Performance analysis"),
]


class ReportingCycle(models.Model):
    """A reporting period and the date its commentary is due."""

    period = models.DateField(unique=True, help_text="First day of the month reported on.")
    commentary_due = models.DateField(help_text="Cards must be submitted by this date.")
    note = models.CharField(max_length=200, blank=True,
                            help_text='e.g. "For Children\'s Services Committee, 12 March 2019".')
    history = HistoricalRecords(app="performance")

    class Meta:
        ordering = ["-period"]
        app_label = "performance"

    def __str__(self):
        return f"{calc.period_label(self.period)} (commentary due {self.commentary_due:%d %b %Y})"

    @property
    def period_label(self):
        return calc.period_label(self.period)


class ReportCard(models.Model):
    class Status(models.TextChoices):
        DRAFT = workflow.DRAFT, "Draft"
        SUBMITTED = workflow.SUBMITTED, "Submitted"
        APPROVED = workflow.APPROVED, "Approved"
        PUBLISHED = workflow.PUBLISHED, "Published"

    indicator = models.ForeignKey("performance.Indicator", on_delete=models.PROTECT, related_name="report_cards")
    period = models.DateField(help_text="First day of the month reported on.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1, help_text="Raised by each save; a stale edit is refused.")
    why_important = models.TextField(blank=True)
    success_looks_like = models.TextField(blank=True)
    background = models.TextField(blank=True)
    definition = models.TextField(blank=True, help_text="The MI report's definition of the measure.")
    performance_analysis = models.TextField(blank=True, help_text="The MI report's performance analysis.")
    actions = models.JSONField(
        default=list, blank=True, help_text='List of {"description", "owner" (person id), "due_date", "done"}.'
    )
    started_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The approved card whose text this one started from.",
    )
    manual_exception_reason = models.TextField(
        blank=True, help_text="Why an officer brought this card to committee though the criteria did not pick it."
    )
    published_in = models.CharField(max_length=100, blank=True, help_text="The agenda pack version that published it.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(app="performance", excluded_fields=["updated"])

    class Meta:
        app_label = "performance"
        ordering = ["-period", "indicator__sort_order", "indicator__ref"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="reportcard_once_per_period")]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self):
        return f"Report card {self.indicator.ref} {calc.period_label(self.period)}"

    def get_absolute_url(self):
        return reverse("performance:reportcard", args=[self.pk])

    @property
    def period_label(self):
        return calc.period_label(self.period)

    @property
    def editable(self):
        return workflow.editable(self.status)


class CardTransition(models.Model):
    """One workflow step: who moved the card, when, from and to which state, and why."""

    card = models.ForeignKey(ReportCard, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=10)
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        app_label = "performance"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.card} {self.action} by {self.by_name} at {self.at:%Y-%m-%d %H:%M}"


class ConflictDraft(models.Model):
    """Text a save refused because someone else saved first: kept until its author deals with it."""

    card = models.ForeignKey(ReportCard, on_delete=models.CASCADE, related_name="conflict_drafts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    based_on_version = models.PositiveIntegerField()
    data = models.JSONField(help_text="The sections as the author tried to save them.")
    created = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        app_label = "performance"
        ordering = ["-created"]

    def __str__(self):
        return f"Unsaved text for {self.card} (from version {self.based_on_version})"


class ReminderSent(models.Model):
    """A commentary reminder e-mailed, so each is sent once."""

    card = models.ForeignKey(ReportCard, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10)  # deadlines.BEFORE / deadlines.ON_THE_DAY
    due_date = models.DateField()
    recipient = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "performance"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["card", "kind", "due_date", "recipient"], name="reminder_once")
        ]

    def __str__(self):
        return f"{self.kind} reminder for {self.card} to {self.recipient}"


class ReportCardSettings(models.Model):
    """The council's choices for report cards: one row, edited by administrators in admin."""

    four_eyes = models.BooleanField(
        "Four-eyes approval",
        default=True,
        help_text="Whoever submitted a report card may not approve the same submission. "
        "Switch off only where the council accepts one officer doing both.",
    )
    history = HistoricalRecords()

    class Meta:
        app_label = "performance"
        verbose_name = "report card settings"
        verbose_name_plural = "report card settings"

    def __str__(self):
        return "Report card settings"

    def save(self, *args, **kwargs):
        self.pk = 1  # a single row
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj
