from rest_framework import serializers

from core.api.base import ModelSerializer, Serializer
from core.api.schema import ProblemSerializer
from core.api.serializers import ImportResultSerializer
from core.models import Person

from ..models import (
    BudgetArea,
    BudgetBlock,
    BudgetCategory,
    BudgetLine,
    FinancialYear,
    MonitoringPeriod,
    Reserve,
    SchoolBalance,
)

YEAR_HELP = "The financial year by its first calendar year: 2016 is 2016-17."
MONEY = {"max_digits": 15, "decimal_places": 6}


class FinancialYearSerializer(ModelSerializer):
    label = serializers.CharField(read_only=True)
    starts = serializers.DateField(read_only=True)
    ends = serializers.DateField(read_only=True)

    class Meta:
        model = FinancialYear
        fields = ["id", "start_year", "label", "starts", "ends"]


class MonitoringPeriodSerializer(ModelSerializer):
    year = serializers.IntegerField(source="year.start_year", read_only=True, help_text=YEAR_HELP)
    year_label = serializers.CharField(source="year.label", read_only=True)
    name = serializers.CharField(read_only=True)
    month = serializers.CharField(read_only=True)
    is_outturn = serializers.BooleanField(read_only=True)

    class Meta:
        model = MonitoringPeriod
        fields = ["id", "year", "year_label", "number", "month", "name", "is_outturn", "locked", "locked_at"]
        read_only_fields = fields


class BudgetLineSerializer(ModelSerializer):
    """A budget line; variance, variance_pct and movement are computed, never written."""

    area = serializers.SlugRelatedField(slug_field="slug", queryset=BudgetArea.objects.all())
    category = serializers.SlugRelatedField(slug_field="name", queryset=BudgetCategory.objects.all())
    block = serializers.SlugRelatedField(slug_field="name", queryset=BudgetBlock.objects.all(), required=False,
                                         allow_null=True)
    owner = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)
    variance = serializers.DecimalField(**MONEY, read_only=True, help_text="+overspend / -underspend, £m.")
    variance_pct = serializers.DecimalField(max_digits=12, decimal_places=1, read_only=True, allow_null=True,
                                            help_text="% of the approved budget; null (n/a) with no budget.")
    movement = serializers.DecimalField(**MONEY, read_only=True, allow_null=True,
                                        help_text="Change in variance since the previous period; null if none.")
    stated_variance = serializers.DecimalField(**MONEY, read_only=True, allow_null=True,
                                               help_text="The variance an imported table stated, if any.")
    mismatch = serializers.BooleanField(read_only=True,
                                        help_text="True when the stated variance differs at the nearest £1,000.")

    class Meta:
        model = BudgetLine
        fields = ["id", "period", "area", "block", "category", "division", "order", "approved_budget",
                  "forecast_outturn", "adjustment", "variance", "variance_pct", "movement", "stated_variance",
                  "mismatch", "reason", "recovery_actions", "owner", "carried_from"]
        read_only_fields = ["carried_from"]

    def validate(self, attrs):
        block, area = attrs.get("block"), attrs.get("area") or getattr(self.instance, "area", None)
        if block is not None and area is not None and block.area_id != area.pk:
            raise serializers.ValidationError({"block": f"{block} is not a block of {area}."})
        return attrs


class BulkLineSerializer(Serializer):
    division = serializers.CharField(max_length=300)
    category = serializers.CharField(max_length=100, help_text="A budget category name or heading.")
    approved_budget = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    forecast_outturn = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    stated_variance = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    stated_variance_pct = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                                help_text='A number, or "n/a".')
    stated_movement = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True)
    recovery_actions = serializers.CharField(required=False, allow_blank=True)
    owner = serializers.CharField(required=False, allow_blank=True, help_text="A person's name.")
    block = serializers.CharField(required=False, allow_blank=True)


class BulkTotalSerializer(Serializer):
    label = serializers.CharField(help_text='"Sub Total" (closes the category before it) or "Total".')
    category = serializers.CharField(required=False, allow_blank=True,
                                     help_text="The category a sub-total closes.")
    stated_variance = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    stated_movement = serializers.DecimalField(**MONEY, required=False, allow_null=True)


class BulkImportSerializer(Serializer):
    period = serializers.PrimaryKeyRelatedField(queryset=MonitoringPeriod.objects.all())
    area = serializers.SlugRelatedField(slug_field="slug", queryset=BudgetArea.objects.all())
    lines = BulkLineSerializer(many=True, allow_empty=False)
    totals = BulkTotalSerializer(many=True, required=False)
    acknowledge_warnings = serializers.BooleanField(default=False)
    dry_run = serializers.BooleanField(default=False)


class ImportWarningSerializer(Serializer):
    row = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()
    field = serializers.CharField()
    stated = serializers.CharField(allow_null=True)
    computed = serializers.CharField(allow_null=True)
    difference = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class BulkResultSerializer(ImportResultSerializer):
    warnings = ImportWarningSerializer(many=True)


class BulkProblemSerializer(ProblemSerializer):
    """The problem, with the import's result (warnings to acknowledge, notices) once the lines were read."""

    total = serializers.IntegerField(required=False)
    new = serializers.IntegerField(required=False)
    changed = serializers.IntegerField(required=False)
    unchanged = serializers.IntegerField(required=False)
    written = serializers.BooleanField(required=False)
    dry_run = serializers.BooleanField(required=False)
    needs_acknowledgement = serializers.BooleanField(required=False)
    warnings = ImportWarningSerializer(many=True, required=False)
    notices = serializers.ListField(child=serializers.CharField(), required=False)


class ReserveSerializer(ModelSerializer):
    year = serializers.IntegerField(source="year.start_year", read_only=True, help_text=YEAR_HELP)
    balance_end = serializers.DecimalField(**MONEY, read_only=True, help_text="Forecast balance at year end.")
    stated_balance_end = serializers.DecimalField(**MONEY, read_only=True, allow_null=True)
    mismatch = serializers.BooleanField(read_only=True)

    class Meta:
        model = Reserve
        fields = ["id", "year", "group", "name", "order", "balance_start", "approved_usage", "further_usage",
                  "balance_end", "stated_balance_end", "mismatch", "reason"]
        read_only_fields = fields


class SchoolBalanceSerializer(ModelSerializer):
    year = serializers.IntegerField(source="year.start_year", read_only=True, help_text=YEAR_HELP)
    in_year_variance = serializers.DecimalField(**MONEY, read_only=True)
    stated_in_year_variance = serializers.DecimalField(**MONEY, read_only=True, allow_null=True)
    mismatch = serializers.BooleanField(read_only=True)

    class Meta:
        model = SchoolBalance
        fields = ["id", "year", "phase", "balance_start", "forecast_end", "in_year_variance", "academies",
                  "stated_in_year_variance", "mismatch"]
        read_only_fields = fields
