from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import ModelSerializer, NestedModelSerializer, Serializer
from core.api.schema import ProblemSerializer
from core.api.serializers import ImportResultSerializer
from core.models import Person

from ..models import Direction, MitigatingAction, Prospects, Register, Risk, RiskLink, RiskReview


class RegisterSerializer(ModelSerializer):
    prepared_by = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Register
        fields = [
            "id", "name", "level", "prepared_by", "date_updated", "next_update_due", "appetite",
            "review_interval_days", "reminder_days_before",
        ]


class RiskLinkSerializer(NestedModelSerializer):
    class Meta:
        model = RiskLink
        fields = ["id", "kind", "ref", "note"]


class RiskSerializer(ModelSerializer):
    """A risk in the seed register's columns (snake_case); scores and direction are computed."""

    owner = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    register_name = serializers.CharField(source="register.name", read_only=True)
    current_score = serializers.IntegerField(read_only=True, help_text="current_likelihood x current_impact")
    target_score = serializers.IntegerField(read_only=True, help_text="target_likelihood x target_impact")
    direction_of_travel = serializers.ChoiceField(
        choices=Direction.choices, read_only=True, allow_null=True,
        help_text="Compared with the previous review's score; null before a second review.",
    )
    prospects = serializers.ChoiceField(choices=Prospects.choices, allow_blank=True, required=False)
    band = serializers.SerializerMethodField(help_text="The current score's band on the matrix.")
    review_overdue = serializers.SerializerMethodField()
    target_missed = serializers.SerializerMethodField()
    above_appetite = serializers.SerializerMethodField()

    class Meta:
        model = Risk
        fields = [
            "id", "register", "register_name", "level", "area", "risk_number", "name", "description", "date_entered",
            "owner", "owner_name", "current_likelihood", "current_impact", "current_score", "tasks_to_mitigate",
            "progress_update", "target_likelihood", "target_impact", "target_score", "target_date",
            "direction_of_travel", "prospects", "reviewer", "date_of_last_review", "next_review_due", "band",
            "review_overdue", "target_missed", "above_appetite",
        ]
        # Changed through reviews (POST reviews/) and the register's review interval only.
        read_only_fields = ["reviewer", "date_of_last_review", "next_review_due"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_band(self, obj):
        band = getattr(obj, "band", None)
        return band.name if band else None

    @extend_schema_field(serializers.BooleanField())
    def get_review_overdue(self, obj):
        return bool(getattr(obj, "review_overdue", False))

    @extend_schema_field(serializers.BooleanField())
    def get_target_missed(self, obj):
        return bool(getattr(obj, "target_missed", False))

    @extend_schema_field(serializers.BooleanField())
    def get_above_appetite(self, obj):
        return bool(getattr(obj, "above_appetite", False))

    def validate(self, attrs):
        if self.instance is not None:
            changed = [
                f for f in ("current_likelihood", "current_impact", "target_likelihood", "target_impact")
                if f in attrs and attrs[f] != getattr(self.instance, f)
            ]
            if changed:
                raise serializers.ValidationError(
                    dict.fromkeys(changed, "Scores change through a review (POST reviews/), so the history is kept.")
                )
        return attrs


class ReviewSerializer(ModelSerializer):
    """A review: create records one by the risk's owner, a delegate or an administrator."""

    risk = serializers.PrimaryKeyRelatedField(queryset=Risk.objects.all())
    likelihood = serializers.IntegerField(min_value=1, max_value=5)
    impact = serializers.IntegerField(min_value=1, max_value=5)
    target_likelihood = serializers.IntegerField(min_value=1, max_value=5, required=False)
    target_impact = serializers.IntegerField(min_value=1, max_value=5, required=False)
    reviewed_on = serializers.DateField(required=False, help_text="Defaults to today.")
    prospects = serializers.ChoiceField(choices=Prospects.choices, allow_blank=True, required=False)
    direction_of_travel = serializers.ChoiceField(choices=Direction.choices, read_only=True, allow_null=True)
    reviewed_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = RiskReview
        fields = [
            "id", "risk", "reviewed_on", "reviewed_by", "reviewer_names", "likelihood", "impact", "score",
            "target_likelihood", "target_impact", "target_score", "target_date", "progress_update", "prospects",
            "direction_of_travel", "created",
        ]
        read_only_fields = ["score", "target_score", "reviewer_names", "created"]


class ActionSerializer(ModelSerializer):
    risk = serializers.PrimaryKeyRelatedField(queryset=Risk.objects.all())
    owner = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), allow_null=True, required=False)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = MitigatingAction
        fields = ["id", "risk", "description", "owner", "due_date", "status", "overdue"]

    @extend_schema_field(serializers.BooleanField())
    def get_overdue(self, obj):
        from .. import scoring, selectors

        return scoring.action_overdue(obj.due_date, obj.finished, selectors.today())


class HeatMapCellSerializer(Serializer):
    likelihood = serializers.IntegerField()
    impact = serializers.IntegerField()
    count = serializers.IntegerField()
    band = serializers.CharField(allow_null=True)


class HeatMapSerializer(Serializer):
    kind = serializers.ChoiceField(choices=["current", "target"])
    register = serializers.IntegerField(allow_null=True)
    cells = HeatMapCellSerializer(many=True)


class ImportRequestSerializer(Serializer):
    file = serializers.FileField(help_text="CSV or XLSX in the register's columns (CDGSTP, Area, Risk Number …)")
    dry_run = serializers.BooleanField(default=True, help_text="Preview only (the default); false to import.")


class ImportRowSerializer(Serializer):
    line = serializers.IntegerField(help_text="Row number in the file")
    risk_number = serializers.CharField()
    name = serializers.CharField()
    action = serializers.CharField(help_text="new, update or unchanged")
    current_score = serializers.IntegerField()
    target_score = serializers.IntegerField()


class ImportOutcomeSerializer(ImportResultSerializer):
    preview = ImportRowSerializer(many=True, help_text="Each row read, with what the import does to it")


class ImportProblemSerializer(ProblemSerializer):
    """The problem, with the rows as read (nothing is imported)."""

    written = serializers.BooleanField(required=False)
    preview = ImportRowSerializer(many=True, required=False)
