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

from . import calc, measures


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
    AROUND_TARGET = "around_target", "Around target (amber is on target)"


class Indicator(models.Model):
    archive_hint = "Retire it instead: set “Active to” to its last month (its figures and history are kept)."

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
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="indicators_led"
    )
    data_owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="indicators_owned"
    )
    vital_sign = models.BooleanField(default=False, help_text="Reported to committee.")
    dashboard = models.CharField(
        max_length=100,
        blank=True,
        help_text='The dashboard or scorecard that reports it, e.g. "Early Help dashboard"; blank: the monthly MI '
        "report. Its breakdowns print as tables (rows = team or locality, columns = periods).",
    )
    active_from = models.DateField(null=True, blank=True)
    active_to = models.DateField(null=True, blank=True)
    rag_method = models.CharField(max_length=16, choices=RagMethod.choices, default=RagMethod.NONE, blank=True)
    green_threshold = models.FloatField(null=True, blank=True)
    red_threshold = models.FloatField(null=True, blank=True)
    tolerance_pct = models.FloatField(
        null=True, blank=True, help_text="Relative method: amber while worse than target by no more than this % of it."
    )
    margin_pct = models.FloatField(
        null=True,
        blank=True,
        help_text="Around-target method: amber within this % of the target either side; beyond it green or red.",
    )
    green_inclusive = models.BooleanField(
        default=True,
        help_text='Thresholds: green at the threshold itself. Untick for "under 20" (green only when strictly better).',
    )
    trend_rule = models.JSONField(
        null=True,
        blank=True,
        help_text='{"bit_better": a, "much_better": b, "basis": "points" or "percent"}: rates the change.',
    )
    population_age_band = models.CharField(
        max_length=20, blank=True, help_text='Age band of the population the rate is per head of, e.g. "0-17".'
    )
    population_multiplier = models.FloatField(default=10000, help_text="Rate per this many people (10,000).")
    total_excludes = models.JSONField(
        default=list,
        blank=True,
        help_text='Breakdown members the total does not include, e.g. ["Citywide"].',
    )
    breakdown_order = models.JSONField(
        default=list,
        blank=True,
        help_text='Breakdown members in the order tables print them, e.g. ["Breckland", "North & Broadland", "City"]. '
        "The figures import adds new members in the order they first appear in the file; members not listed "
        "print after these, alphabetically.",
    )
    decimals = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text='Decimal places its figures print with (1: Attainment 8 as "49.0"); blank: the unit\'s usual format.',
    )
    window_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text='Months in the rolling window printed beside the month ("6 month cumulative"), 2 to 24.',
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
            rule = {"method": "thresholds", "green": self.green_threshold, "red": self.red_threshold}
            if not self.green_inclusive:
                rule["green_inclusive"] = False
            return rule
        if self.rag_method == RagMethod.RELATIVE:
            return {"method": "relative", "tolerance_pct": self.tolerance_pct}
        if self.rag_method == RagMethod.AROUND_TARGET:
            return {"method": "around_target", "margin_pct": self.margin_pct}
        return None

    def clean(self):
        problem = calc.check_rag_rule(self.rag_rule, self.polarity)
        if problem:
            raise ValidationError({"rag_method": problem})
        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError({"active_to": "Active to is before active from."})
        problem = measures.check_trend_rule(self.trend_rule)
        if problem:
            raise ValidationError({"trend_rule": problem})
        if self.decimals is not None and self.decimals > calc.MAX_DECIMALS:
            raise ValidationError({"decimals": f"At most {calc.MAX_DECIMALS} decimal places."})
        problem = measures.check_member_order(self.breakdown_order)
        if problem:
            raise ValidationError({"breakdown_order": problem})
        if self.window_months is not None and measures.check_window(self.window_months):
            raise ValidationError({"window_months": measures.check_window(self.window_months)})


class Target(models.Model):
    """A target for one UK financial year (April-March), named by the year it starts."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    financial_year = models.PositiveSmallIntegerField(help_text="The year the financial year starts: 2016 = 2016-17.")
    value = models.FloatField()
    note = models.CharField(max_length=200, blank=True)
    by = models.DateField(
        null=True, blank=True, help_text="The month by which the value is to be reached (first of the month)."
    )
    trajectory_from = models.FloatField(
        null=True,
        blank=True,
        help_text="Where the straight-line trajectory starts in April; months up to 'by' are rated against the line.",
    )
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
    """A comparator's value as published for a date or year. Each publication is kept: the
    one in force at a period is the latest whose ``refers_to`` starts on or before it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="benchmarks")
    kind = models.CharField(max_length=30, choices=BenchmarkKind.choices)
    value = models.FloatField()
    refers_to = models.CharField(
        max_length=20, blank=True, help_text='What it refers to: "2015-16", "2016", "2016-03", "31/03/2016".'
    )
    refers_to_start = models.DateField(
        null=True, blank=True, editable=False, help_text="First day of what refers_to names (set on save)."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "kind", "refers_to_start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "kind", "refers_to"], name="benchmark_once_per_kind_and_date")
        ]

    def __str__(self):
        return f"{self.indicator.ref} {self.get_kind_display()}: {self.value:g}"

    def save(self, *args, **kwargs):
        self.refers_to_start = measures.refers_to_start(self.refers_to)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "refers_to_start"}
        super().save(*args, **kwargs)


class Observation(models.Model):
    """One period's figure for an indicator, overall (blank breakdown) or for one breakdown member.

    ``no_data_expected`` is the report's grey cell (nothing will come); a period with
    no row at all is the white cell (data will come, missing for now).
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    period = models.DateField(help_text="First day of the period's first month.")
    breakdown_dimension = models.CharField(max_length=50, blank=True, default="", help_text='e.g. "Locality".')
    breakdown_member = models.CharField(max_length=100, blank=True, default="", help_text='e.g. "East".')
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    note = models.TextField(blank=True, default="")
    no_data_expected = models.BooleanField(default=False)
    provisional = models.BooleanField(default=False, help_text="Subject to validation: marked p on pages and in packs.")
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


class Population(models.Model):
    """A population estimate: for the whole authority or one member of a breakdown (a locality)."""

    area = models.CharField(max_length=100, help_text='The authority (e.g. "Norfolk") or a breakdown member ("East").')
    age_band = models.CharField(max_length=20, help_text='e.g. "0-17".')
    year = models.PositiveSmallIntegerField(help_text="The year the estimate is for (mid-year).")
    value = models.FloatField()
    source = models.CharField(max_length=200, blank=True, help_text='e.g. "ONS mid-year estimate".')
    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "age_band", "year"]
        constraints = [
            models.UniqueConstraint(fields=["area", "age_band", "year"], name="population_once_per_area_band_year"),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="population_positive"),
        ]

    def __str__(self):
        return f"{self.area} {self.age_band} {self.year}: {self.value:,.0f}"


class ProcessChange(models.Model):
    """An officer's mark that the process changed: SPC limits are recalculated from this period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="process_changes")
    period = models.DateField()
    reason = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="process_change_once_per_period")]

    def __str__(self):
        return f"{self.indicator.ref} process change from {self.period:%Y-%m}"
