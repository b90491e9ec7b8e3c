from django.contrib import admin
from django.db import models

from core.admin import HistoryAdmin
from core.forms import NumberInput

from .models import (
    BudgetArea,
    BudgetBlock,
    BudgetCategory,
    BudgetImport,
    BudgetLine,
    FinancialYear,
    MonitoringPeriod,
    Reserve,
    SchoolBalance,
)


@admin.register(BudgetCategory)
class BudgetCategoryAdmin(HistoryAdmin):
    """Administrators extend the categories (and the headings that mean them in imports) here."""

    list_display = ["name", "aliases", "order", "for_unheaded_lines"]
    list_editable = ["order"]


@admin.register(BudgetArea)
class BudgetAreaAdmin(HistoryAdmin):
    list_display = ["name", "slug", "kind", "ring_fenced", "order"]


@admin.register(BudgetBlock)
class BudgetBlockAdmin(HistoryAdmin):
    list_display = ["name", "area"]


@admin.register(FinancialYear)
class FinancialYearAdmin(HistoryAdmin):
    list_display = ["label", "start_year"]


@admin.register(MonitoringPeriod)
class MonitoringPeriodAdmin(HistoryAdmin):
    list_display = ["__str__", "locked", "locked_at"]
    list_filter = ["year", "locked"]
    # Locking and reopening go through the pages, which keep who and why.
    readonly_fields = ["locked", "locked_at", "locked_by"]


class MoneyAdmin(HistoryAdmin):
    """£m figures as entered (-3.453), not as stored to six places (-3.453000)."""

    formfield_overrides = {models.DecimalField: {"widget": NumberInput(attrs={"step": "any"})}}


@admin.register(BudgetLine)
class BudgetLineAdmin(MoneyAdmin):
    list_display = ["division", "period", "area", "category", "approved_budget", "forecast_outturn"]
    list_filter = ["period", "area", "category"]
    search_fields = ["division"]
    raw_id_fields = ["carried_from", "owner"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.period.locked)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.period.locked)


@admin.register(BudgetImport)
class BudgetImportAdmin(HistoryAdmin):
    list_display = ["__str__", "period", "area", "status", "created", "created_by"]
    readonly_fields = ["warnings", "summary"]


@admin.register(Reserve)
class ReserveAdmin(MoneyAdmin):
    list_display = ["name", "year", "group", "balance_start", "approved_usage", "further_usage"]
    list_filter = ["year", "group"]


@admin.register(SchoolBalance)
class SchoolBalanceAdmin(MoneyAdmin):
    list_display = ["phase", "year", "balance_start", "forecast_end", "academies"]
