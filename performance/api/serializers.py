from datetime import date

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import ModelSerializer, NestedModelSerializer, Serializer
from core.api.schema import ProblemSerializer
from core.models import Person

from .. import calc, measures, selectors
from ..importing import PREVIEW_ROWS
from ..models import Benchmark, Indicator, Observation, Population, RagMethod


def _finite(value):
    """JSON has no infinity or NaN: a figure that is not finite is refused where it is given."""
    if value - value != 0:
        raise serializers.ValidationError("Not a finite number.")
    return value


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
        "pattern": calc.PERIOD_PATTERN,
        "example": "2017-01",
        "description": "YYYY-MM. Quarters, terms and years are written as their first month "
        "(the quarter April-June 2016 is 2016-04; the financial year 2016-17 is 2016-04).",
    }
)(PeriodField)


class IndicatorRagRuleSerializer(Serializer):
    method = serializers.ChoiceField(choices=["thresholds", "relative", "around_target"])
    green = serializers.FloatField(required=False, allow_null=True, help_text="thresholds: the green threshold")
    red = serializers.FloatField(required=False, allow_null=True, help_text="thresholds: the red threshold")
    green_inclusive = serializers.BooleanField(
        required=False,
        help_text='thresholds: false for "under 20", green only when strictly better than green (default true)',
    )
    tolerance_pct = serializers.FloatField(
        required=False, allow_null=True, help_text="relative: amber while worse than target by up to this % of it"
    )
    margin_pct = serializers.FloatField(
        required=False,
        allow_null=True,
        help_text="around_target: amber within this % of the target either side, green/red beyond it",
    )


class IndicatorBenchmarkSerializer(NestedModelSerializer):
    """One published value of a comparator; every publication is kept, and status uses the
    one in force at the period asked for."""

    refers_to = serializers.CharField(
        max_length=20,
        allow_blank=True,
        required=False,
        default="",
        help_text='The date or year it refers to: "2015-16", "2016", "2016-03" or "31/03/2016".',
    )

    class Meta:
        model = Benchmark
        fields = ["kind", "value", "refers_to"]
        validators = []  # duplicates within the list are checked by the indicator serializer

    def validate_value(self, value):
        return _finite(value)


class IndicatorTargetSerializer(Serializer):
    """A target for one UK financial year. With ``by`` and ``trajectory_from`` the months of
    the year up to ``by`` are rated against a straight line from ``trajectory_from`` (April)
    to ``value``."""

    year = serializers.RegexField(
        calc.FINANCIAL_YEAR_PATTERN, help_text='UK financial year (April-March), e.g. "2016-17".', max_length=7
    )
    value = serializers.FloatField()
    note = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    by = PeriodField(required=False, allow_null=True, help_text="YYYY-MM by which the value is to be reached")
    trajectory_from = serializers.FloatField(required=False, allow_null=True)

    def validate_year(self, text):
        start, end = int(text[:4]), int(text[5:])
        if (start + 1) % 100 != end:
            raise serializers.ValidationError(f"'{text}' is not a financial year: write e.g. 2016-17.")
        return start

    def validate_value(self, value):
        return _finite(value)

    def validate(self, attrs):
        year, by = attrs["year"], attrs.get("by")
        if by is not None and calc.financial_year(by) != year:
            # Each fits the schema; together they contradict each other: 409, naming the field.
            raise serializers.ValidationError(
                {"by": f"'by' must fall in {calc.financial_year_label(year)}."}, code="conflict")
        if attrs.get("trajectory_from") is not None and by is None:
            raise serializers.ValidationError({"by": "A trajectory needs the month it ends ('by')."}, code="conflict")
        return attrs

    def to_representation(self, target):
        return {
            "year": calc.financial_year_label(target.financial_year),
            "value": target.value,
            "note": target.note,
            "by": calc.period_label(target.by) if target.by else None,
            "trajectory_from": target.trajectory_from,
        }


@extend_schema_field({"type": "number", "format": "double", "minimum": 0, "exclusiveMinimum": True})
class PositiveFloatField(serializers.FloatField):
    pass


class TrendRuleSerializer(Serializer):
    bit_better = PositiveFloatField(help_text="Improvement (points or percent) that counts as a bit better (> 0)")
    much_better = PositiveFloatField(help_text="Improvement that counts as much better (>= bit_better)")
    basis = serializers.ChoiceField(choices=["points", "percent"], default="points")


class IndicatorSerializer(ModelSerializer):
    rag_rule = IndicatorRagRuleSerializer(
        allow_null=True,
        required=False,
        help_text=(
            '{"method": "thresholds", "green": g, "red": r} or {"method": "relative", "tolerance_pct": p} or null'
        ),
    )
    target = serializers.FloatField(
        allow_null=True, required=False,
        help_text="The target for the current financial year (April-March); sent with 'targets', it is applied "
                  "after the list (null removes this year's).",
    )
    targets = IndicatorTargetSerializer(
        many=True, required=False, help_text="Targets by financial year; writing the list replaces it."
    )
    benchmarks = IndicatorBenchmarkSerializer(
        many=True, required=False, help_text="Benchmarks with what they refer to; writing the list replaces it."
    )
    trend_rule = TrendRuleSerializer(allow_null=True, required=False)
    total_excludes = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        help_text="Breakdown members the total does not include (e.g. citywide teams).",
    )
    breakdown_order = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        help_text="Breakdown members in the order tables print them; an import adds new members in file order.",
    )
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
            "targets",
            "target_note",
            "benchmarks",
            "trend_rule",
            "population_age_band",
            "population_multiplier",
            "total_excludes",
            "breakdown_order",
            "decimals",
            "window_months",
            "lead_officer",
            "data_owner",
            "vital_sign",
            "dashboard",
            "active_from",
            "active_to",
            "small_numbers_threshold",
            "affects_budget",
            "affects_corporate_risk",
        ]
        extra_kwargs = {
            "window_months": {"min_value": measures.WINDOW_MIN, "max_value": measures.WINDOW_MAX},
            "decimals": {"max_value": calc.MAX_DECIMALS},
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["rag_rule"] = instance.rag_rule
        data["target"] = selectors.current_target(instance)
        return data

    def validate_targets(self, items):
        years = [t["year"] for t in items]
        dupes = sorted({calc.financial_year_label(y) for y in years if years.count(y) > 1})
        if dupes:
            raise serializers.ValidationError(f"One target per year: {', '.join(dupes)} given more than once.")
        return items

    def validate_benchmarks(self, items):
        keys = [(b["kind"], b.get("refers_to", "")) for b in items]
        dupes = sorted({f"{k} {r}".strip() for k, r in keys if keys.count((k, r)) > 1})
        if dupes:
            raise serializers.ValidationError(f"One value per kind and date: {', '.join(dupes)} given more than once.")
        return items

    def validate_trend_rule(self, rule):
        problem = measures.check_trend_rule(rule)
        if problem:
            # Both above 0 (as the schema says) but in the wrong order: the rule contradicts itself.
            ordered = rule and all((rule.get(k) or 0) > 0 for k in ("bit_better", "much_better"))
            raise serializers.ValidationError(problem, code="conflict" if ordered else "invalid")
        return rule

    def validate_breakdown_order(self, order):
        problem = measures.check_member_order(order)
        if problem:
            raise serializers.ValidationError(problem)
        return order

    def validate_window_months(self, n):
        if n is not None and measures.check_window(n):
            raise serializers.ValidationError(measures.check_window(n))
        return n

    def _validate_rule_and_dates(self, attrs):
        rule = attrs.pop("rag_rule", serializers.empty)
        if rule is not serializers.empty:
            cleared = {
                "green_threshold": None,
                "red_threshold": None,
                "tolerance_pct": None,
                "margin_pct": None,
                "green_inclusive": True,
            }
            if rule is None:
                attrs.update(cleared, rag_method=RagMethod.NONE)
            elif rule["method"] == "thresholds":
                attrs.update(
                    cleared,
                    rag_method=RagMethod.THRESHOLDS,
                    green_threshold=rule.get("green"),
                    red_threshold=rule.get("red"),
                    green_inclusive=rule.get("green_inclusive", True),
                )
            elif rule["method"] == "relative":
                attrs.update(cleared, rag_method=RagMethod.RELATIVE, tolerance_pct=rule.get("tolerance_pct"))
            else:
                attrs.update(cleared, rag_method=RagMethod.AROUND_TARGET, margin_pct=rule.get("margin_pct"))
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
            "around_target": {
                "method": "around_target",
                "margin_pct": attrs.get("margin_pct", getattr(self.instance, "margin_pct", None)),
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
        extras = self._pop_extras(validated_data)
        indicator = super().create(validated_data)
        self._save_extras(indicator, extras)
        return indicator

    @transaction.atomic
    def update(self, instance, validated_data):
        extras = self._pop_extras(validated_data)
        indicator = super().update(instance, validated_data)
        self._save_extras(indicator, extras)
        return indicator

    def validate(self, attrs):
        return self._validate_rule_and_dates(attrs)

    @staticmethod
    def _pop_extras(validated_data):
        return {key: validated_data.pop(key, serializers.empty) for key in ("target", "targets", "benchmarks")}

    @staticmethod
    def _save_extras(indicator, extras):
        from .. import services

        # Both may be sent: the list replaces every year, then 'target' sets this year's value.
        if extras["targets"] is not serializers.empty:
            services.replace_targets(indicator, targets=extras["targets"])
        if extras["target"] is not serializers.empty:
            services.set_current_target(indicator, value=extras["target"])
        if extras["benchmarks"] is not serializers.empty:
            services.replace_benchmarks(indicator, benchmarks=extras["benchmarks"])
        # Drop what the prefetch cached before the writes, so the response shows them.
        getattr(indicator, "_prefetched_objects_cache", {}).clear()


class IndicatorRefField(serializers.SlugRelatedField):
    """An indicator by ref, read through the import's normal form (spaces, case, look-alikes)
    so that the permission check and the write name the same indicator."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="ref", **kwargs)

    def to_internal_value(self, data):
        from .. import importing

        return super().to_internal_value(importing.ref_resolver()(data))


class ObservationSerializer(ModelSerializer):
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
            "provisional",
            "updated",
        ]
        read_only_fields = ["id", "updated"]
        validators = []  # the import path checks duplicates and upserts


@extend_schema_field(ObservationSerializer(many=True))
class ObservationItemsField(serializers.ListField):
    """Each item is read (and refused by index) by the bulk write, as in the plain list form;
    the schema names their shape so a client's items are checked against it too."""

    child = serializers.DictField()


class ObservationBulkSerializer(Serializer):
    items = ObservationItemsField(help_text="Observations, as in the plain list form.")
    dry_run = serializers.BooleanField(default=False, help_text="Check and say what would change; write nothing.")


class ObservationBulkChangeSerializer(Serializer):
    index = serializers.IntegerField(help_text="0-based position of the item")
    action = serializers.CharField(help_text="new, changed or unchanged")
    indicator = serializers.CharField()
    period = serializers.CharField()
    breakdown = serializers.CharField(allow_blank=True)
    before = serializers.FloatField(allow_null=True)
    after = serializers.FloatField(allow_null=True)


class ObservationBulkCountsSerializer(Serializer):
    total = serializers.IntegerField()
    new = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    written = serializers.BooleanField()
    dry_run = serializers.BooleanField()


class ObservationBulkResultSerializer(ObservationBulkCountsSerializer):
    changes = ObservationBulkChangeSerializer(
        many=True, help_text=f"What each item does (the first {PREVIEW_ROWS} items)."
    )
    errors = serializers.ListField(child=serializers.DictField(), max_length=0, help_text="Always empty on success.")


class ObservationBulkProblemSerializer(ProblemSerializer):
    """The problem, with the counts of the items sent once they were read."""

    total = serializers.IntegerField(required=False)
    new = serializers.IntegerField(required=False)
    changed = serializers.IntegerField(required=False)
    unchanged = serializers.IntegerField(required=False)
    written = serializers.BooleanField(required=False)
    dry_run = serializers.BooleanField(required=False)


class IndicatorStatusExplanationSerializer(Serializer):
    target = serializers.CharField(help_text="Which target the period is rated against (a trajectory says so)")
    rate_per_population = serializers.CharField()
    trend_rating = serializers.CharField()
    breakdowns = serializers.CharField(help_text="Whether the members add up to the total")
    rag = serializers.CharField()
    dot = serializers.CharField()
    ytd = serializers.CharField()
    previous_ytd = serializers.CharField()
    trend = serializers.CharField()
    spc = serializers.CharField()
    exception = serializers.CharField()


class IndicatorSpcSerializer(Serializer):
    mean = serializers.FloatField(allow_null=True)
    lower = serializers.FloatField(allow_null=True)
    upper = serializers.FloatField(allow_null=True)
    trial = serializers.BooleanField(help_text="Fewer than 12 points since the last process change")
    flags = serializers.ListField(child=serializers.CharField(), help_text="Special causes at this period")
    variation = serializers.CharField()
    assurance = serializers.CharField(allow_null=True)


class WindowSerializer(Serializer):
    months = serializers.IntegerField()
    # "from" is a Python keyword: declared through the fields mapping below.
    to = serializers.CharField(help_text="YYYY-MM, the window's last month")
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.FloatField(allow_null=True, help_text="Summed numerators")
    denominator = serializers.FloatField(allow_null=True, help_text="Summed denominators")
    mean_numerator = serializers.FloatField(allow_null=True)
    mean_denominator = serializers.FloatField(allow_null=True)
    complete = serializers.BooleanField(help_text="False when a month in the window has no figure")
    missing = serializers.ListField(child=serializers.CharField(), help_text="YYYY-MM of months with no figure")
    explanation = serializers.CharField()

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.CharField(help_text="YYYY-MM, the window's first month")
        return fields


class BreakdownStatusSerializer(Serializer):
    dimension = serializers.CharField()
    member = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)
    rag = serializers.ChoiceField(choices=["green", "amber", "red"], allow_null=True)
    dot = serializers.ChoiceField(choices=["improving", "worsening", "unchanged"], allow_null=True)
    rate_per_population = serializers.FloatField(allow_null=True)
    excluded_from_total = serializers.BooleanField()
    explanation = serializers.CharField()


class ComparisonSerializer(Serializer):
    period = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    change = serializers.FloatField(allow_null=True)
    direction = serializers.ChoiceField(choices=["improving", "worsening", "unchanged"], allow_null=True)
    explanation = serializers.CharField()


class IndicatorStatusSerializer(Serializer):
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
    provisional = serializers.BooleanField(help_text="The period's figure is subject to validation")
    rate_per_population = serializers.FloatField(
        allow_null=True, help_text="value / population x population_multiplier, when a population age band is set"
    )
    trend_rating = serializers.ChoiceField(
        choices=["not better", "bit better", "much better"], allow_null=True, help_text="From the trend_rule"
    )
    breakdowns = BreakdownStatusSerializer(many=True)
    window = WindowSerializer(required=False, help_text="Only with ?window=N: the N months ending with the period")
    prior_window = WindowSerializer(required=False, help_text="Only with ?window=N: the N months before the period")
    comparison = ComparisonSerializer(required=False, help_text="Only with ?compare_to=YYYY-MM")
    explanation = IndicatorStatusExplanationSerializer()


def _clean(x, places=None):
    if x is None or x - x != 0:  # JSON has no infinity: overflowing sums of huge figures come out as null
        return None
    return float(x) if places is None else round(float(x), places)


def status_data(indicator, status: calc.Status, extra=None, *, provisional: bool = False) -> dict:
    """Figures rounded as reports print them: percentages to 1 decimal place, other units to 2.
    ``extra`` is ``selectors.measures_for``'s result (rates, breakdowns, windows, comparison)."""
    s = status
    places = 1 if indicator.unit == "percentage" else 2

    def r(x):
        return _clean(x, places)

    data = _core_status(indicator, s, r)
    data["provisional"] = provisional
    data.update(_measures_data(extra, r))
    if extra is not None:
        data["explanation"].update(
            target=extra.target_explanation,
            rate_per_population=extra.rate.explanation if extra.rate else "No population age band is set.",
            trend_rating=extra.trend_rating.explanation,
            breakdowns=" ".join(f"{dim}: {c.explanation}" for dim, c in extra.breakdown_checks.items())
            or "No breakdown figures for this period.",
        )
    return data


def _window_data(w, r) -> dict:
    d = w.as_dict()
    for key in ("value", "mean_numerator", "mean_denominator"):
        d[key] = r(d[key])
    for key in ("numerator", "denominator"):
        d[key] = _clean(d[key])
    return d


def _measures_data(extra, r) -> dict:
    if extra is None:
        return {
            "rate_per_population": None,
            "trend_rating": None,
            "breakdowns": [],
        }
    rate = extra.rate
    out = {
        "rate_per_population": _clean(rate.value, 1) if rate else None,
        "trend_rating": extra.trend_rating.rating,
        "breakdowns": [
            {
                "dimension": b.dimension,
                "member": b.member,
                "value": r(b.value),
                "numerator": _clean(b.numerator),
                "denominator": _clean(b.denominator),
                "rag": b.rag.colour,
                "dot": b.dot.direction,
                "rate_per_population": _clean(b.rate.value, 1) if b.rate else None,
                "excluded_from_total": b.excluded,
                "explanation": b.rag.explanation + (f" {b.rate.explanation}" if b.rate else ""),
            }
            for b in extra.breakdowns
        ],
    }
    if extra.window is not None:
        out["window"] = _window_data(extra.window, r)
        out["prior_window"] = _window_data(extra.prior_window, r)
    if extra.comparison is not None:
        c = extra.comparison
        out["comparison"] = {
            "period": calc.period_label(c.period),
            "value": r(c.value),
            "change": r(c.change),
            "direction": c.direction,
            "explanation": c.explanation,
        }
    return out


def _core_status(indicator, s: calc.Status, r) -> dict:
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
            "target": "",
            "rate_per_population": "",
            "trend_rating": "",
            "breakdowns": "",
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


class PopulationSerializer(ModelSerializer):
    """A population estimate for the whole authority or one breakdown member (a locality)."""

    class Meta:
        model = Population
        fields = ["id", "area", "age_band", "year", "value", "source"]
        extra_kwargs = {"year": {"min_value": 1900, "max_value": 2199}, "value": {"min_value": 1}}

    def validate_value(self, value):
        return _finite(value)
