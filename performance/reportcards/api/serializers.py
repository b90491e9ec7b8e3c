from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import ModelSerializer, NestedModelSerializer, Serializer
from core.api.schema import ProblemSerializer
from performance import calc
from performance.models import Indicator

from .. import selectors, workflow
from ..models import CardTransition, ReportCard


class CardActionSerializer(Serializer):
    description = serializers.CharField()
    owner = serializers.IntegerField(allow_null=True, required=False, help_text="The owner's person id.")
    due_date = serializers.DateField(allow_null=True, required=False)
    done = serializers.BooleanField(default=False)


class CardTransitionSerializer(NestedModelSerializer):
    by = serializers.CharField(source="by_name")

    class Meta:
        model = CardTransition
        fields = ["action", "from_status", "to_status", "by", "at", "comment"]


class CardHistoryEntrySerializer(Serializer):
    version = serializers.IntegerField()
    status = serializers.CharField()
    at = serializers.DateTimeField()
    by = serializers.CharField(allow_blank=True)
    change = serializers.CharField(help_text="created, changed or a workflow step")


@extend_schema_field({"type": "string", "pattern": calc.PERIOD_PATTERN, "example": "2017-01"})
class PeriodField(serializers.CharField):
    def to_internal_value(self, data):
        try:
            return calc.parse_period(str(data))
        except ValueError as exc:
            raise serializers.ValidationError(str(exc))

    def to_representation(self, value):
        return calc.period_label(value)


class CardPointSerializer(Serializer):
    period = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)
    rag = serializers.CharField(allow_null=True)
    display = serializers.CharField()


class CardPerformanceSerializer(Serializer):
    """The card's "Performance" section, drawn from the indicator's figures (read only)."""

    period = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    display = serializers.CharField()
    target = serializers.FloatField(allow_null=True)
    rag = serializers.CharField(allow_null=True)
    rag_explanation = serializers.CharField()
    direction = serializers.CharField(allow_null=True)
    direction_explanation = serializers.CharField()
    exception = serializers.BooleanField()
    exception_reasons = serializers.ListField(child=serializers.CharField())
    series = CardPointSerializer(many=True)
    alt_text = serializers.CharField()


class CardOfficerSerializer(Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def history_rows(card_ids):
    """Historical rows per card id, newest first, in one query (for lists)."""
    out = {}
    for h in ReportCard.history.filter(id__in=card_ids).select_related("history_user").order_by("-history_date",
                                                                                                   "-history_id"):
        out.setdefault(h.id, []).append(h)
    return out


class ReportCardSerializer(ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="ref", queryset=Indicator.objects.all(),
                                             help_text='The indicator by its ref, e.g. "2.7".')
    period = PeriodField(help_text="YYYY-MM")
    status = serializers.ChoiceField(choices=workflow.STATES, read_only=True)
    version = serializers.IntegerField(
        required=False, help_text="Raised by each save. A PATCH must send the version it read; a stale one gets 409."
    )
    actions = CardActionSerializer(many=True, required=False)
    lead_officer = serializers.SerializerMethodField()
    data_officer = serializers.SerializerMethodField()
    transitions = CardTransitionSerializer(many=True, read_only=True)
    history = serializers.SerializerMethodField()
    performance = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReportCard
        fields = [
            "id", "url", "indicator", "period", "status", "version", "why_important", "success_looks_like",
            "background", "definition", "performance_analysis", "actions", "lead_officer", "data_officer",
            "manual_exception_reason", "published_in", "performance", "transitions", "history",
        ]
        read_only_fields = ["manual_exception_reason", "published_in"]

    @extend_schema_field(CardOfficerSerializer(allow_null=True))
    def get_lead_officer(self, obj):
        p = obj.indicator.lead_officer
        return {"id": p.pk, "name": str(p)} if p else None

    @extend_schema_field(CardOfficerSerializer(allow_null=True))
    def get_data_officer(self, obj):
        p = obj.indicator.data_owner
        return {"id": p.pk, "name": str(p)} if p else None

    @extend_schema_field(CardPerformanceSerializer)
    def get_performance(self, obj):
        prefetched = self.context.get("performance")
        if prefetched is not None and obj.pk in prefetched:
            data = prefetched[obj.pk]
        else:
            data = selectors.performance(obj.indicator, obj.period, chart=False)
        keep = CardPerformanceSerializer().fields
        return {k: v for k, v in data.items() if k in keep}

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        request = self.context.get("request")
        return request.build_absolute_uri(obj.get_absolute_url()) if request else obj.get_absolute_url()

    @extend_schema_field(CardHistoryEntrySerializer(many=True))
    def get_history(self, obj):
        prefetched = self.context.get("history")
        rows = prefetched.get(obj.pk, []) if prefetched is not None else history_rows([obj.pk]).get(obj.pk, [])
        out = []
        for h in rows:
            who = h.history_user.get_username() if h.history_user else ""
            change = {"+": "created", "~": "changed", "-": "deleted"}[h.history_type]
            if h.history_change_reason:
                change = h.history_change_reason
            out.append({"version": h.version, "status": h.status, "at": h.history_date, "by": who, "change": change})
        return out

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["actions"] = [
            {"description": a.get("description", ""), "owner": a.get("owner"), "due_date": a.get("due_date"),
             "done": bool(a.get("done"))}
            for a in instance.actions
        ]
        return data


class ReportCardCreateSerializer(Serializer):
    indicator = serializers.SlugRelatedField(slug_field="ref", queryset=Indicator.objects.all(),
                                             help_text='The indicator by its ref, e.g. "2.7".')
    period = PeriodField(help_text="YYYY-MM")


class ReportCardUpdateSerializer(Serializer):
    version = serializers.IntegerField(help_text="The version you read.")
    why_important = serializers.CharField(required=False, allow_blank=True)
    success_looks_like = serializers.CharField(required=False, allow_blank=True)
    background = serializers.CharField(required=False, allow_blank=True)
    definition = serializers.CharField(required=False, allow_blank=True)
    performance_analysis = serializers.CharField(required=False, allow_blank=True)
    actions = CardActionSerializer(many=True, required=False)


class CardConflictSerializer(ProblemSerializer):
    """A stale version: the problem, with the card as it now stands and the text you sent."""

    current = ReportCardSerializer(required=False)
    yours = serializers.DictField(required=False, help_text="The text you sent, kept as an unsaved draft.")


class CardReasonSerializer(Serializer):
    reason = serializers.CharField(required=False, allow_blank=True,
                                   help_text="Required to return a card; a comment otherwise.")


class CardErrorSerializer(Serializer):
    detail = serializers.CharField()
