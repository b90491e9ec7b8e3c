from django.contrib import admin
from import_export.admin import ImportExportMixin

from core.admin import HistoryAdmin

from .models import Benchmark, Indicator, Observation, Population, ProcessChange, Target
from .resources import IndicatorResource


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class BenchmarkInline(admin.TabularInline):
    model = Benchmark
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(ImportExportMixin, HistoryAdmin):
    """Indicators (with target_YYYY and benchmark columns) import here with django-import-export's preview."""

    resource_classes = [IndicatorResource]
    list_display = ["ref", "title", "area", "polarity", "unit", "aggregation", "vital_sign", "data_owner"]
    list_filter = ["area", "polarity", "unit", "vital_sign"]
    search_fields = ["ref", "title", "definition"]
    autocomplete_fields = ["lead_officer", "data_owner"]
    inlines = [TargetInline, BenchmarkInline]


@admin.register(Observation)
class ObservationAdmin(HistoryAdmin):
    """Figures are imported on the performance pages (one checked path); here they can be exported."""

    list_display = [
        "indicator",
        "period",
        "breakdown_dimension",
        "breakdown_member",
        "value",
        "numerator",
        "denominator",
        "no_data_expected",
        "provisional",
    ]
    list_filter = ["period", "breakdown_dimension", "provisional"]
    search_fields = ["indicator__ref", "indicator__title"]
    list_select_related = ["indicator"]
    raw_id_fields = ["indicator"]


@admin.register(ProcessChange)
class ProcessChangeAdmin(HistoryAdmin):
    list_display = ["indicator", "period", "reason"]
    raw_id_fields = ["indicator"]


@admin.register(Population)
class PopulationAdmin(HistoryAdmin):
    """Population estimates for rates per head (also at /api/v1/populations/)."""

    list_display = ["area", "age_band", "year", "value", "source"]
    list_filter = ["age_band", "year"]
    search_fields = ["area"]


admin.site.register(Target, HistoryAdmin)
admin.site.register(Benchmark, HistoryAdmin)
