"""Budget monitoring: years, monitoring periods, budget lines, reserves, school balances.

Amounts are held in £m to the pound (six decimals) and printed to £1,000. Variances,
percentages, movements, balances and totals are never stored: finance.calc computes them.
Figures a source table *stated* are kept beside the line (stated_*) so the check against
the computed figure stays visible after the import.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from . import calc

MONEY = {"max_digits": 15, "decimal_places": 6}

MONTHS = ["April", "May", "June", "July", "August", "September", "October", "November", "December",
          "January", "February", "March"]
OUTTURN = 13


class FinancialYear(models.Model):
    """April to March; labelled as the council writes it, e.g. 2016-17."""

    start_year = models.PositiveSmallIntegerField(unique=True, help_text="The calendar year the April falls in.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_year"]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("finance:year", args=[self.start_year])

    @property
    def label(self):
        return f"{self.start_year}-{str(self.start_year + 1)[-2:]}"

    @property
    def starts(self):
        return date(self.start_year, 4, 1)

    @property
    def ends(self):
        return date(self.start_year + 1, 3, 31)

    @classmethod
    def parse_label(cls, label):
        """"2016-17" or "2016/17" -> 2016."""
        text = str(label).strip().replace("/", "-")
        first, _, second = text.partition("-")
        if not (first.isdigit() and len(first) == 4 and second.isdigit()):
            raise ValueError(f"'{label}' is not a financial year like 2016-17")
        start = int(first)
        if (start + 1) % 100 != int(second) % 100:
            raise ValueError(f"'{label}' is not a financial year: the second year must follow the first")
        return start


class MonitoringPeriod(models.Model):
    """A monthly monitoring report within a year: periods 1-12 (April-March), then the outturn."""

    archive_hint = "Lock the period instead: its lines are kept and can no longer change."

    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="periods")
    number = models.PositiveSmallIntegerField(help_text="1 = April … 12 = March; 13 = outturn.")
    locked = models.BooleanField(default=False, help_text="Reported: figures can no longer change.")
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["year__start_year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="finance_period_unique_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1, number__lte=OUTTURN),
                                   name="finance_period_number_range"),
        ]

    def __str__(self):
        return f"{self.year.label} {self.name}"

    def get_absolute_url(self):
        return reverse("finance:period", args=[self.year.start_year, self.slug])

    @property
    def is_outturn(self):
        return self.number == OUTTURN

    @property
    def month(self):
        return "" if self.is_outturn else MONTHS[self.number - 1]

    @property
    def name(self):
        return "Outturn" if self.is_outturn else f"Period {self.number} ({self.month})"

    @property
    def slug(self):
        return "outturn" if self.is_outturn else str(self.number)

    @staticmethod
    def parse_slug(text):
        """"outturn", "10" or "january" -> period number."""
        value = str(text).strip().lower()
        if value == "outturn":
            return OUTTURN
        if value.isdigit() and 1 <= int(value) <= OUTTURN:
            return int(value)
        for i, month in enumerate(MONTHS, start=1):
            if value == month.lower():
                return i
        raise ValueError(f"'{text}' is not a period: use 1-12, a month name or 'outturn'")


class BudgetArea(models.Model):
    """The local authority revenue budget, the (ring-fenced, DSG-funded) schools budget, capital."""

    class Kind(models.TextChoices):
        REVENUE = "revenue", "Revenue"
        SCHOOLS = "schools", "Schools budget (Dedicated Schools Grant)"
        CAPITAL = "capital", "Capital"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    ring_fenced = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("finance:index")


class BudgetBlock(models.Model):
    """A block of a ring-fenced grant: the DSG's Schools, High Needs and Early Years blocks."""

    area = models.ForeignKey(BudgetArea, on_delete=models.CASCADE, related_name="blocks")
    name = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "name"]
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="finance_block_unique")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("finance:index")


class BudgetCategory(models.Model):
    """Spending increase, spending reduction, one-off corrective action… (administrators add more)."""

    name = models.CharField(max_length=100, unique=True)
    aliases = models.CharField(
        max_length=500, blank=True,
        help_text="Other headings that mean this category in imported tables, separated by '|'.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    for_unheaded_lines = models.BooleanField(
        default=False,
        help_text="Lines a table lists outside any heading (e.g. a reserve adjustment after the last sub-total) "
        "fall in this category.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "budget categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("finance:index")

    def headings(self):
        return [self.name] + [a.strip() for a in self.aliases.split("|") if a.strip()]


class BudgetLine(models.Model):
    """One division of service in one period's budget monitoring."""

    period = models.ForeignKey(MonitoringPeriod, on_delete=models.PROTECT, related_name="lines")
    area = models.ForeignKey(BudgetArea, on_delete=models.PROTECT, related_name="lines")
    block = models.ForeignKey(BudgetBlock, null=True, blank=True, on_delete=models.PROTECT, related_name="lines")
    category = models.ForeignKey(BudgetCategory, on_delete=models.PROTECT, related_name="lines")
    division = models.CharField("division of service", max_length=300)
    order = models.PositiveIntegerField(default=0)
    approved_budget = models.DecimalField(
        "approved budget £m", **MONEY, null=True, blank=True, help_text="Blank where the line has no budget (n/a)."
    )
    forecast_outturn = models.DecimalField("forecast outturn £m", **MONEY, null=True, blank=True)
    adjustment = models.DecimalField(
        "variance-only amount £m", **MONEY, null=True, blank=True,
        help_text="For lines with no budget behind them (reserve adjustments, small savings): the variance itself.",
    )
    reason = models.TextField("reason for variance", blank=True)
    recovery_actions = models.TextField(blank=True)
    owner = models.ForeignKey("core.Person", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="budget_lines")
    carried_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="carried_to", help_text="The same line in the previous period.")
    stated_variance = models.DecimalField(**MONEY, null=True, blank=True, editable=False)
    stated_variance_pct = models.CharField(max_length=20, blank=True, editable=False)
    stated_movement = models.DecimalField(**MONEY, null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "area__order", "category__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["period", "area", "division"], name="finance_line_unique_division")
        ]

    def __str__(self):
        return self.division

    def get_absolute_url(self):
        return reverse("finance:line", args=[self.pk])

    # Computed figures: finance.calc does the arithmetic; these only feed it.
    @property
    def variance(self):
        return calc.variance(self.approved_budget, self.forecast_outturn, self.adjustment)

    @property
    def variance_pct(self):
        return calc.variance_pct(self.variance, self.approved_budget)

    @property
    def previous_variance(self):
        previous = self.carried_from
        return previous.variance if previous is not None else None

    @property
    def movement(self):
        return calc.movement(self.variance, self.previous_variance)

    @property
    def mismatch(self):
        return calc.differs_at_thousand(self.stated_variance, self.variance)


class BudgetImport(models.Model):
    """One import of a table (file, API bulk or demo): what it found and who acknowledged it."""

    class Kind(models.TextChoices):
        LINES = "lines", "Budget summary"
        REASONS = "reasons", "Reasons for variance"
        RESERVES = "reserves", "Reserves and provisions"
        SCHOOL_BALANCES = "school_balances", "School balances"

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting confirmation"
        APPLIED = "applied", "Applied"
        DISCARDED = "discarded", "Discarded"

    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="imports")
    period = models.ForeignKey(MonitoringPeriod, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="imports")
    area = models.ForeignKey(BudgetArea, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    source = models.CharField(max_length=300, help_text="File name, 'API' or 'demo'.")
    content = models.BinaryField(blank=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    warnings = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    warnings_acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                                 on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.source}"

    def get_absolute_url(self):
        # Staged (unconfirmed) files are core.StagedUpload rows now; a record here was applied.
        return (self.period or self.year).get_absolute_url()


class Reserve(models.Model):
    """A reserve or provision held by Children's Services for the year."""

    class Group(models.TextChoices):
        DSG = "dsg", "Dedicated Schools Grant"
        SCHOOLS = "schools", "Schools"
        CHILDRENS = "childrens", "Children's Services"

    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="reserves")
    group = models.CharField(max_length=20, choices=Group.choices)
    name = models.CharField("title/description", max_length=300)
    order = models.PositiveIntegerField(default=0)
    balance_start = models.DecimalField("balance at 1 April £m", **MONEY, default=0)
    approved_usage = models.DecimalField("full council approved usage £m", **MONEY, default=0)
    further_usage = models.DecimalField("further usage recommended £m", **MONEY, default=0)
    reason = models.TextField("reason for variance", blank=True)
    stated_balance_end = models.DecimalField(**MONEY, null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["year", "name"], name="finance_reserve_unique_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("finance:reserves", args=[self.year.start_year])

    @property
    def balance_end(self):
        return calc.reserve_balance_end(self.balance_start, self.approved_usage, self.further_usage)

    @property
    def mismatch(self):
        return calc.differs_at_thousand(self.stated_balance_end, self.balance_end)


class SchoolBalance(models.Model):
    """Maintained schools' (LMS) balances for one phase in a year."""

    class Phase(models.TextChoices):
        NURSERY = "nursery", "Nursery schools"
        PRIMARY = "primary", "Primary schools"
        SECONDARY = "secondary", "Secondary schools"
        SPECIAL = "special", "Special schools"
        CLUSTERS = "clusters", "School Clusters"

    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="school_balances")
    phase = models.CharField(max_length=20, choices=Phase.choices)
    balance_start = models.DecimalField("balance at 1 April £m", **MONEY, default=0)
    forecast_end = models.DecimalField("forecast balance at 31 March £m", **MONEY, default=0)
    academies = models.DecimalField("schools becoming academies £m", **MONEY, default=0)
    stated_in_year_variance = models.DecimalField(**MONEY, null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "pk"]
        constraints = [models.UniqueConstraint(fields=["year", "phase"], name="finance_school_balance_unique")]

    def __str__(self):
        return f"{self.get_phase_display()} {self.year}"

    def get_absolute_url(self):
        return reverse("finance:school_balances", args=[self.year.start_year])

    @property
    def in_year_variance(self):
        return calc.school_in_year_variance(self.balance_start, self.forecast_end, self.academies)

    @property
    def mismatch(self):
        return calc.differs_at_thousand(self.stated_in_year_variance, self.in_year_variance)
