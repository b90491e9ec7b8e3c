"""Performance indicators, their targets, benchmarks and monthly figures.

Values are stored in the indicator's unit (a percentage as 23.8, not 0.238);
thresholds and targets are in the same unit. A period is stored as the first day
of its first month and written ``YYYY-MM`` everywhere outside the database.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.models import Person

from . import calc


class Polarity(models.TextChoices):
    HIGH = "high", "High is good"
    LOW = "low", "Low is good"
    INFO = "info", "Information only"


class Unit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENTAGE = "percentage", "Percentage"
    RATE = "rate", "Rate"
    AVERAGE = "average", "Average"
    DAYS = "days", "Days"
    MONEY = "money", "Money"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    TERMLY = "termly", "Termly"
    ANNUAL = "annual", "Annual"


class Aggregation(models.TextChoices):
    SUM = "sum", "Sum of counts"
    RATIO = "ratio", "Ratio of summed numerators and denominators"
    LATEST = "latest", "Latest snapshot"
    MEAN = "mean", "Mean of the periods"


class RagMethod(models.TextChoices):
    NONE = "", "No RAG"
    THRESHOLDS = "thresholds", "Green and red thresholds"
    RELATIVE = "relative", "Relative to target"


class Indicator(models.Model):
    ref = models.CharField(max_length=30, unique=True, help_text='Short reference, e.g. "2.7" or "CIN 4".')
    title = models.CharField(max_length=300)
    area = models.CharField(max_length=100, blank=True, help_text='Section, e.g. "Contact & Referrals".')
    definition = models.TextField(blank=True)
    polarity = models.CharField(max_length=4, choices=Polarity.choices, default=Polarity.INFO)
    unit = models.CharField(max_length=12, choices=Unit.choices, default=Unit.COUNT)
    data_note = models.CharField(
        max_length=100, blank=True, help_text='How the figure is made, as printed: "Rolling rate", "Maximum"…'
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    aggregation = models.CharField(max_length=6, choices=Aggregation.choices, default=Aggregation.LATEST)
    multiplier = models.FloatField(
        default=1, help_text="Value = numerator / denominator x multiplier (100 for a percentage, 10000 per 10,000)."
    )
    annualise = models.BooleanField(
        default=False, help_text="An in-month rate scaled to a year (x12 for a monthly figure)."
    )
    lead_officer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators_led"
    )
    data_owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators_owned"
    )
    vital_sign = models.BooleanField(default=False, help_text="Reported to committee.")
    active_from = models.DateField(null=True, blank=True)
    active_to = models.DateField(null=True, blank=True)
    rag_method = models.CharField(max_length=10, choices=RagMethod.choices, default=RagMethod.NONE, blank=True)
    green_threshold = models.FloatField(null=True, blank=True)
    red_threshold = models.FloatField(null=True, blank=True)
    tolerance_pct = models.FloatField(
        null=True, blank=True, help_text="Relative method: amber while worse than target by no more than this % of it."
    )
    target_note = models.CharField(max_length=100, blank=True, help_text='Target as printed, e.g. "10% or less".')
    small_numbers_threshold = models.PositiveIntegerField(
        null=True, blank=True, help_text="A rate over a denominator below this is flagged, not coloured."
    )
    affects_budget = models.BooleanField(default=False, help_text="Officer flag: affects the council's budget.")
    affects_corporate_risk = models.BooleanField(default=False, help_text="Officer flag: affects a corporate risk.")
    sort_order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "ref"]

    def __str__(self):
        return f"{self.ref} {self.title}"

    def get_absolute_url(self):
        return reverse("performance:indicator", args=[self.pk])

    @property
    def rag_rule(self):
        """The rule as the API and the engine see it (None when there is none)."""
        if self.rag_method == RagMethod.THRESHOLDS:
            return {"method": "thresholds", "green": self.green_threshold, "red": self.red_threshold}
        if self.rag_method == RagMethod.RELATIVE:
            return {"method": "relative", "tolerance_pct": self.tolerance_pct}
        return None

    def clean(self):
        problem = calc.check_rag_rule(self.rag_rule, self.polarity)
        if problem:
            raise ValidationError({"rag_method": problem})
        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError({"active_to": "Active to is before active from."})


class Target(models.Model):
    """A target for one UK financial year (April-March), named by the year it starts."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    financial_year = models.PositiveSmallIntegerField(help_text="The year the financial year starts: 2016 = 2016-17.")
    value = models.FloatField()
    note = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "financial_year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "financial_year"], name="target_once_per_year")]

    def __str__(self):
        return f"{self.indicator.ref} {self.financial_year}-{(self.financial_year + 1) % 100:02d}: {self.value:g}"


class BenchmarkKind(models.TextChoices):
    STAT_NEIGHBOUR_AVG = "stat_neighbour_avg", "Statistical neighbour average"
    BEST_STAT_NEIGHBOUR = "best_stat_neighbour", "Best statistical neighbour"
    NATIONAL_AVG = "national_avg", "National average"
    NATIONAL_TOP_QUARTILE = "national_top_quartile", "National top quartile"


class Benchmark(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="benchmarks")
    kind = models.CharField(max_length=30, choices=BenchmarkKind.choices)
    value = models.FloatField()
    refers_to = models.CharField(max_length=20, blank=True, help_text='The date or year it refers to, e.g. "2015-16".')
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "kind"]
        constraints = [models.UniqueConstraint(fields=["indicator", "kind"], name="benchmark_once_per_kind")]

    def __str__(self):
        return f"{self.indicator.ref} {self.get_kind_display()}: {self.value:g}"


class Observation(models.Model):
    """One period's figure for an indicator, overall (blank breakdown) or for one breakdown member.

    ``no_data_expected`` is the report's grey cell (nothing will come); a period with
    no row at all is the white cell (data will come, missing for now).
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    period = models.DateField(help_text="First day of the period's first month.")
    breakdown_dimension = models.CharField(max_length=50, blank=True, default="", help_text='e.g. "Locality".')
    breakdown_member = models.CharField(max_length=100, blank=True, default="", help_text='e.g. "East".')
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    note = models.TextField(blank=True, default="")
    no_data_expected = models.BooleanField(default=False)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period", "breakdown_dimension", "breakdown_member"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "breakdown_dimension", "breakdown_member"],
                name="observation_once_per_period",
            )
        ]
        indexes = [models.Index(fields=["period", "indicator"])]

    def __str__(self):
        member = f" [{self.breakdown_dimension}: {self.breakdown_member}]" if self.breakdown_dimension else ""
        return f"{self.indicator.ref} {self.period:%Y-%m}{member}: {self.value}"

    def get_absolute_url(self):
        return self.indicator.get_absolute_url()

    @property
    def period_label(self):
        return calc.period_label(self.period)


class ProcessChange(models.Model):
    """An officer's mark that the process changed: SPC limits are recalculated from this period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="process_changes")
    period = models.DateField()
    reason = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="process_change_once_per_period")]

    def __str__(self):
        return f"{self.indicator.ref} process change from {self.period:%Y-%m}"
