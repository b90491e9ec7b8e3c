from datetime import date

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import Person

from .. import calc, selectors
from ..models import Benchmark, Indicator, Observation, RagMethod, Target


class PeriodField(serializers.Field):
    """A month written ``YYYY-MM`` (quarters, terms and years by their first month)."""

    default_error_messages = {"invalid": "Write the period as YYYY-MM, e.g. 2017-01."}

    def to_representation(self, value: date):
        return calc.period_label(value)

    def to_internal_value(self, data):
        try:
            return calc.parse_period(str(data))
        except ValueError:
            self.fail("invalid")


extend_schema_field(
    {
        "type": "string",
        "pattern": r"^\d{4}-\d{2}$",
        "example": "2017-01",
        "description": "YYYY-MM. Quarters, terms and years are written as their first month "
        "(the quarter April-June 2016 is 2016-04; the financial year 2016-17 is 2016-04).",
    }
)(PeriodField)


class IndicatorRagRuleSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=["thresholds", "relative"])
    green = serializers.FloatField(required=False, allow_null=True, help_text="thresholds: the green threshold")
    red = serializers.FloatField(required=False, allow_null=True, help_text="thresholds: the red threshold")
    tolerance_pct = serializers.FloatField(
        required=False, allow_null=True, help_text="relative: amber while worse than target by up to this % of it"
    )


class IndicatorBenchmarkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Benchmark
        fields = ["kind", "value", "refers_to"]


class IndicatorSerializer(serializers.ModelSerializer):
    rag_rule = IndicatorRagRuleSerializer(
        allow_null=True,
        required=False,
        help_text=(
            '{"method": "thresholds", "green": g, "red": r} or {"method": "relative", "tolerance_pct": p} or null'
        ),
    )
    target = serializers.FloatField(
        allow_null=True, required=False, help_text="The target for the current financial year (April-March)."
    )
    benchmarks = IndicatorBenchmarkSerializer(many=True, read_only=True)
    lead_officer = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), allow_null=True, required=False)
    data_owner = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "ref",
            "title",
            "area",
            "definition",
            "polarity",
            "unit",
            "data_note",
            "frequency",
            "aggregation",
            "multiplier",
            "annualise",
            "rag_rule",
            "target",
            "target_note",
            "benchmarks",
            "lead_officer",
            "data_owner",
            "vital_sign",
            "active_from",
            "active_to",
            "small_numbers_threshold",
            "affects_budget",
            "affects_corporate_risk",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["rag_rule"] = instance.rag_rule
        data["target"] = selectors.current_target(instance)
        return data

    def validate(self, attrs):
        rule = attrs.pop("rag_rule", serializers.empty)
        if rule is not serializers.empty:
            if rule is None:
                attrs.update(rag_method=RagMethod.NONE, green_threshold=None, red_threshold=None, tolerance_pct=None)
            elif rule["method"] == "thresholds":
                attrs.update(
                    rag_method=RagMethod.THRESHOLDS,
                    green_threshold=rule.get("green"),
                    red_threshold=rule.get("red"),
                    tolerance_pct=None,
                )
            else:
                attrs.update(
                    rag_method=RagMethod.RELATIVE,
                    tolerance_pct=rule.get("tolerance_pct"),
                    green_threshold=None,
                    red_threshold=None,
                )
        polarity = attrs.get("polarity", getattr(self.instance, "polarity", "info"))
        method = attrs.get("rag_method", getattr(self.instance, "rag_method", ""))
        effective = {
            "thresholds": {
                "method": "thresholds",
                "green": attrs.get("green_threshold", getattr(self.instance, "green_threshold", None)),
                "red": attrs.get("red_threshold", getattr(self.instance, "red_threshold", None)),
            },
            "relative": {
                "method": "relative",
                "tolerance_pct": attrs.get("tolerance_pct", getattr(self.instance, "tolerance_pct", None)),
            },
        }.get(method)
        problem = calc.check_rag_rule(effective, polarity)
        if problem:
            raise serializers.ValidationError({"rag_rule": problem})
        start = attrs.get("active_from", getattr(self.instance, "active_from", None))
        end = attrs.get("active_to", getattr(self.instance, "active_to", None))
        if start and end and end < start:
            raise serializers.ValidationError({"active_to": "Active to is before active from."})
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        target = validated_data.pop("target", serializers.empty)
        indicator = super().create(validated_data)
        self._set_target(indicator, target)
        return indicator

    @transaction.atomic
    def update(self, instance, validated_data):
        target = validated_data.pop("target", serializers.empty)
        indicator = super().update(instance, validated_data)
        self._set_target(indicator, target)
        return indicator

    def _set_target(self, indicator, target):
        if target is serializers.empty:
            return
        from django.utils import timezone

        year = calc.financial_year(timezone.localdate())
        if target is None:
            Target.objects.filter(indicator=indicator, financial_year=year).delete()
        else:
            Target.objects.update_or_create(indicator=indicator, financial_year=year, defaults={"value": target})


class IndicatorRefField(serializers.SlugRelatedField):
    """An indicator by ref, read through the import's normal form (spaces, case, look-alikes)
    so that the permission check and the write name the same indicator."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="ref", **kwargs)

    def to_internal_value(self, data):
        from .. import importing

        return super().to_internal_value(importing.ref_resolver()(data))


class ObservationSerializer(serializers.ModelSerializer):
    indicator = IndicatorRefField(queryset=Indicator.objects.all())
    period = PeriodField()
    breakdown_dimension = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")
    breakdown_member = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    value = serializers.FloatField(
        required=False, allow_null=True, help_text="Derived from numerator/denominator when both are given."
    )

    class Meta:
        model = Observation
        fields = [
            "id",
            "indicator",
            "period",
            "value",
            "numerator",
            "denominator",
            "breakdown_dimension",
            "breakdown_member",
            "note",
            "no_data_expected",
            "updated",
        ]
        read_only_fields = ["id", "updated"]
        validators = []  # the import path checks duplicates and upserts


class ObservationBulkErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="0-based position of the item in the list")
    field = serializers.CharField()
    message = serializers.CharField()


class ObservationBulkResultSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    new = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    written = serializers.BooleanField()
    errors = ObservationBulkErrorSerializer(many=True)


class IndicatorStatusExplanationSerializer(serializers.Serializer):
    rag = serializers.CharField()
    dot = serializers.CharField()
    ytd = serializers.CharField()
    previous_ytd = serializers.CharField()
    trend = serializers.CharField()
    spc = serializers.CharField()
    exception = serializers.CharField()


class IndicatorSpcSerializer(serializers.Serializer):
    mean = serializers.FloatField(allow_null=True)
    lower = serializers.FloatField(allow_null=True)
    upper = serializers.FloatField(allow_null=True)
    trial = serializers.BooleanField(help_text="Fewer than 12 points since the last process change")
    flags = serializers.ListField(child=serializers.CharField(), help_text="Special causes at this period")
    variation = serializers.CharField()
    assurance = serializers.CharField(allow_null=True)


class IndicatorStatusSerializer(serializers.Serializer):
    """The engine's figures for one indicator and period. Figures are in the indicator's unit,
    rounded as the reports print them: percentages to 1 decimal place, other units to 2."""

    indicator = serializers.IntegerField()
    ref = serializers.CharField()
    period = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)
    no_data_expected = serializers.BooleanField()
    target = serializers.FloatField(allow_null=True)
    rag = serializers.ChoiceField(choices=["green", "amber", "red"], allow_null=True)
    small_numbers = serializers.BooleanField()
    dot = serializers.ChoiceField(choices=["improving", "worsening", "unchanged"], allow_null=True)
    ytd = serializers.FloatField(allow_null=True)
    previous_ytd = serializers.FloatField(allow_null=True)
    rolling_12 = serializers.FloatField(allow_null=True)
    difference_13 = serializers.FloatField(allow_null=True)
    trend = serializers.ChoiceField(choices=["increasing", "reducing", "flat", "incomplete"])
    spc = IndicatorSpcSerializer()
    exception = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why it is an exception")
    explanation = IndicatorStatusExplanationSerializer()


def _clean(x, places=None):
    if x is None or x - x != 0:  # JSON has no infinity: overflowing sums of huge figures come out as null
        return None
    return float(x) if places is None else round(float(x), places)


def status_data(indicator, status: calc.Status) -> dict:
    """Figures rounded as reports print them: percentages to 1 decimal place, other units to 2."""
    s = status
    places = 1 if indicator.unit == "percentage" else 2

    def r(x):
        return _clean(x, places)

    return {
        "indicator": indicator.pk,
        "ref": indicator.ref,
        "period": calc.period_label(s.period),
        "value": r(s.value),
        "numerator": _clean(s.numerator),
        "denominator": _clean(s.denominator),
        "no_data_expected": s.no_data_expected,
        "target": r(s.target),
        "rag": s.rag.colour,
        "small_numbers": s.rag.small_numbers,
        "dot": s.dot.direction,
        "ytd": r(s.ytd.value),
        "previous_ytd": r(s.previous_ytd.value),
        "rolling_12": r(s.rolling_12.value),
        "difference_13": r(s.difference.value),
        "trend": s.trend.direction,
        "spc": {
            "mean": _clean(s.spc.mean, 3),
            "lower": _clean(s.spc.lower, 3),
            "upper": _clean(s.spc.upper, 3),
            "trial": s.spc.trial,
            "flags": list(s.spc.flags),
            "variation": s.spc.variation,
            "assurance": s.spc.assurance,
        },
        "exception": s.exception.exception,
        "reasons": list(s.exception.reasons),
        "explanation": {
            "rag": s.rag.explanation,
            "dot": s.dot.explanation,
            "ytd": s.ytd.explanation,
            "previous_ytd": s.previous_ytd.explanation,
            "trend": s.trend.explanation,
            "spc": s.spc.explanation,
            "exception": s.exception.explanation,
        },
    }


OPENAPI_PERIOD = OpenApiTypes.STR
