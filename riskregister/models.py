from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from . import scoring

LEVEL_RANGE = [MinValueValidator(1), MaxValueValidator(5)]


class Level(models.TextChoices):
    """The seed's CDGSTP column: the level at which a risk is held."""

    CORPORATE = "C", "Corporate"
    DEPARTMENTAL = "D", "Departmental"
    GROUP = "G", "Group"
    SERVICE = "S", "Service"
    TEAM = "T", "Team"
    PROJECT = "P", "Project"


class Prospects(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    MET = "met", "Met"


class Direction(models.TextChoices):
    IMPROVING = scoring.IMPROVING, "Improving"
    WORSENING = scoring.WORSENING, "Worsening"
    UNCHANGED = scoring.UNCHANGED, "Unchanged"


class RiskBand(models.Model):
    """A band of the 5x5 matrix (e.g. Low, Medium, High) with the colour shown for it."""

    name = models.CharField(max_length=50, unique=True)
    colour = models.CharField(
        max_length=7,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Give the colour as #rrggbb.")],
        help_text="Hex colour, e.g. #d4351c",
    )
    rank = models.PositiveSmallIntegerField(default=0, help_text="Higher is more severe; orders the bands.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["rank", "name"]

    def __str__(self):
        return self.name

    @property
    def text_colour(self):
        """Black or white, whichever contrasts more with the fill (WCAG relative luminance)."""

        def channel(hex_pair):
            c = int(hex_pair, 16) / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(self.colour[i : i + 2]) for i in (1, 3, 5))
        luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
        return "#0b0c0c" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


class MatrixCell(models.Model):
    """One cell of the 5x5 matrix: which band a likelihood/impact pair falls in."""

    likelihood = models.PositiveSmallIntegerField(validators=LEVEL_RANGE)
    impact = models.PositiveSmallIntegerField(validators=LEVEL_RANGE)
    band = models.ForeignKey(RiskBand, on_delete=models.PROTECT, related_name="cells")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-impact", "likelihood"]
        constraints = [models.UniqueConstraint(fields=["likelihood", "impact"], name="risk_matrix_cell_unique")]

    def __str__(self):
        return f"L{self.likelihood} x I{self.impact}: {self.band}"


class Register(models.Model):
    archive_hint = "Move its risks to another register (escalate them) first, or keep it."

    name = models.CharField(max_length=200, unique=True)
    level = models.CharField(max_length=1, choices=Level.choices, default=Level.DEPARTMENTAL)
    prepared_by = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="registers_prepared"
    )
    date_updated = models.DateField(null=True, blank=True)
    next_update_due = models.DateField(null=True, blank=True)
    appetite = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text="Risks scoring above this are flagged (unless their area sets its own appetite).",
    )
    review_interval_days = models.PositiveSmallIntegerField(
        default=90, help_text="Days from one review of a risk to the next."
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        default=14, help_text="Days before a review falls due that the owner is reminded."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["level", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("riskregister:register", args=[self.pk])


class AreaAppetite(models.Model):
    """A risk appetite for one area (category) of a register, overriding the register's."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="area_appetites")
    area = models.CharField(max_length=200)
    appetite = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(25)])
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["register", "area"], name="risk_area_appetite_unique")]

    def __str__(self):
        return f"{self.register}: {self.area} ({self.appetite})"


class Risk(models.Model):
    archive_hint = "Its reviews are the record of how it was scored, so it stays in the register."

    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="risks")
    level = models.CharField(
        max_length=1, choices=Level.choices, default=Level.DEPARTMENTAL, help_text="The CDGSTP column."
    )
    risk_number = models.CharField(max_length=30, unique=True)
    area = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    date_entered = models.DateField(null=True, blank=True)
    owner = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="risks_owned")
    delegates = models.ManyToManyField(
        "core.Person", blank=True, related_name="risks_delegated", help_text="May record reviews for the owner."
    )
    current_likelihood = models.PositiveSmallIntegerField(validators=LEVEL_RANGE)
    current_impact = models.PositiveSmallIntegerField(validators=LEVEL_RANGE)
    current_score = models.PositiveSmallIntegerField(editable=False, blank=True)
    tasks_to_mitigate = models.TextField(blank=True)
    progress_update = models.TextField(blank=True)
    target_likelihood = models.PositiveSmallIntegerField(validators=LEVEL_RANGE)
    target_impact = models.PositiveSmallIntegerField(validators=LEVEL_RANGE)
    target_score = models.PositiveSmallIntegerField(editable=False, blank=True)
    target_date = models.DateField(null=True, blank=True)
    direction_of_travel = models.CharField(
        max_length=10, choices=Direction.choices, null=True, blank=True, editable=False
    )
    prospects = models.CharField(max_length=5, choices=Prospects.choices, blank=True)
    reviewer = models.CharField(
        max_length=300, blank=True, help_text="Reviewed and/or updated by (as the register prints it)."
    )
    date_of_last_review = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Order in the register as printed.")
    history = HistoricalRecords(m2m_fields=[delegates])

    class Meta:
        ordering = ["position", "risk_number"]
        permissions = [("review_risk", "Can record a review of a risk"), ("escalate_risk", "Can escalate a risk")]

    def __str__(self):
        return f"{self.risk_number} {self.name}"

    def save(self, *args, **kwargs):
        # Scores are never typed: they follow likelihood and impact on every save.
        self.current_score = scoring.score(self.current_likelihood, self.current_impact)
        self.target_score = scoring.score(self.target_likelihood, self.target_impact)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"current_score", "target_score"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("riskregister:risk", args=[self.pk])

    def clean(self):
        try:
            scoring.score(self.current_likelihood, self.current_impact)
            scoring.score(self.target_likelihood, self.target_impact)
        except scoring.ScoreError as exc:
            raise ValidationError(str(exc))



class RiskReview(models.Model):
    """One review of a risk, kept for good: the scores and words as they stood that day."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    reviewed_by = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="risk_reviews"
    )
    reviewer_names = models.CharField(max_length=300, blank=True)
    likelihood = models.PositiveSmallIntegerField(validators=LEVEL_RANGE)
    impact = models.PositiveSmallIntegerField(validators=LEVEL_RANGE)
    score = models.PositiveSmallIntegerField(editable=False, blank=True)
    target_likelihood = models.PositiveSmallIntegerField(validators=LEVEL_RANGE)
    target_impact = models.PositiveSmallIntegerField(validators=LEVEL_RANGE)
    target_score = models.PositiveSmallIntegerField(editable=False, blank=True)
    target_date = models.DateField(null=True, blank=True)
    progress_update = models.TextField(blank=True)
    prospects = models.CharField(max_length=5, choices=Prospects.choices, blank=True)
    direction_of_travel = models.CharField(
        max_length=10, choices=Direction.choices, null=True, blank=True, editable=False
    )
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    history = HistoricalRecords()

    class Meta:
        ordering = ["risk", "reviewed_on", "created"]
        get_latest_by = ["reviewed_on", "created"]

    def __str__(self):
        return f"{self.risk.risk_number} review {self.reviewed_on:%d %b %Y}"

    def save(self, *args, **kwargs):
        self.score = scoring.score(self.likelihood, self.impact)
        self.target_score = scoring.score(self.target_likelihood, self.target_impact)
        super().save(*args, **kwargs)


class MitigatingAction(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="risk_actions"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return reverse("riskregister:risk", args=[self.risk_id]) + f"#action-{self.pk}"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.CANCELLED)


class RiskLink(models.Model):
    """What a risk concerns elsewhere: a performance indicator or a budget line.

    Held as a reference (the indicator's ref, e.g. "4.5", or the budget line's key) rather
    than a foreign key, so the register does not depend on those apps' tables.
    """

    class Kind(models.TextChoices):
        INDICATOR = "indicator", "Performance indicator"
        BUDGET_LINE = "budget_line", "Budget line"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    ref = models.CharField(max_length=100, help_text="Indicator reference or budget line key.")
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "ref"]
        constraints = [models.UniqueConstraint(fields=["risk", "kind", "ref"], name="risk_link_unique")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.ref}"


class Escalation(models.Model):
    """A risk moved from one register to another (e.g. departmental to corporate)."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="escalations")
    from_register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="+")
    to_register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="+")
    from_level = models.CharField(max_length=1, choices=Level.choices)
    to_level = models.CharField(max_length=1, choices=Level.choices)
    reason = models.TextField(blank=True)
    escalated_at = models.DateTimeField(auto_now_add=True)
    escalated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["escalated_at"]

    def __str__(self):
        return f"{self.risk.risk_number}: {self.from_register} to {self.to_register}"


class ReviewReminder(models.Model):
    """A reminder already sent for a review falling due on ``due``, so beat sends it once."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reminders")
    due = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_to = models.EmailField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["risk", "due"], name="risk_reminder_once")]

    def __str__(self):
        return f"{self.risk.risk_number} reminder for {self.due}"
