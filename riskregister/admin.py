from django.contrib import admin
from import_export.admin import ExportMixin

from core.admin import HistoryAdmin

from . import services
from .models import (
    AreaAppetite,
    Escalation,
    MatrixCell,
    MitigatingAction,
    Register,
    Risk,
    RiskBand,
    RiskLink,
    RiskReview,
)


@admin.register(RiskBand)
class RiskBandAdmin(HistoryAdmin):
    """Administrators name the bands and set their colours here."""

    list_display = ["name", "colour", "rank"]
    list_editable = ["colour", "rank"]


@admin.register(MatrixCell)
class MatrixCellAdmin(HistoryAdmin):
    """The 5x5 matrix: which band each likelihood x impact cell falls in."""

    list_display = ["likelihood", "impact", "band"]
    list_editable = ["band"]
    list_filter = ["band", "impact", "likelihood"]


class AreaAppetiteInline(admin.TabularInline):
    model = AreaAppetite
    extra = 0


@admin.register(Register)
class RegisterAdmin(HistoryAdmin):
    list_display = ["name", "level", "prepared_by", "date_updated", "next_update_due", "appetite"]
    inlines = [AreaAppetiteInline]


class ActionInline(admin.TabularInline):
    model = MitigatingAction
    extra = 0


class LinkInline(admin.TabularInline):
    model = RiskLink
    extra = 0


@admin.register(Risk)
class RiskAdmin(ExportMixin, HistoryAdmin):
    list_display = ["risk_number", "name", "register", "level", "owner", "current_score", "target_score",
                    "next_review_due"]
    list_filter = ["register", "level", "prospects"]
    search_fields = ["risk_number", "name"]
    readonly_fields = ["current_score", "target_score", "direction_of_travel"]
    filter_horizontal = ["delegates"]
    inlines = [ActionInline, LinkInline]

    def get_readonly_fields(self, request, obj=None):
        # Scores change only through a review, here too; a new risk's first scores are its first review.
        fields = list(super().get_readonly_fields(request, obj))
        return fields + list(services.SCORE_FIELDS) if obj is not None else fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        fields = {f.attname: getattr(obj, f.attname) for f in Risk._meta.concrete_fields
                  if f.editable and not f.primary_key and f.name != "position"}
        obj.pk = services.create_risk(user=request.user, **fields).pk  # the admin then saves the delegates
        obj.refresh_from_db()


@admin.register(RiskReview)
class RiskReviewAdmin(HistoryAdmin):
    list_display = ["risk", "reviewed_on", "score", "direction_of_travel", "reviewer_names"]
    list_filter = ["risk__register"]
    readonly_fields = ["score", "target_score", "direction_of_travel"]

    def save_model(self, request, obj, form, change):
        # A review added here is recorded like any other, so the risk takes its scores; a corrected
        # one puts the risk (and the directions of travel) right.
        if change:
            super().save_model(request, obj, form, change)
            services.apply_latest_review(obj.risk)
            return
        review = services.record_review(
            obj.risk,
            user=request.user,
            **{field: getattr(obj, field) for field in services.REVIEW_FIELDS},
        )
        obj.pk = review.pk
        obj.refresh_from_db()


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    list_display = ["risk", "from_register", "to_register", "escalated_at", "escalated_by"]
