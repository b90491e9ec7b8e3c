from django.contrib import admin

from core.admin import HistoryAdmin

from .models import CardTransition, ConflictDraft, ReminderSent, ReportCard, ReportCardSettings, ReportingCycle


@admin.register(ReportingCycle)
class ReportingCycleAdmin(HistoryAdmin):
    list_display = ["period", "commentary_due", "note"]


class TransitionInline(admin.TabularInline):
    model = CardTransition
    extra = 0
    readonly_fields = ["action", "from_status", "to_status", "by", "by_name", "at", "comment"]
    can_delete = False


@admin.register(ReportCard)
class ReportCardAdmin(HistoryAdmin):
    list_display = ["indicator", "period", "status", "version"]
    list_filter = ["status", "period"]
    # Status and version move only through the services (workflow, optimistic locking).
    readonly_fields = ["status", "version", "published_in", "started_from"]
    inlines = [TransitionInline]


admin.site.register(ConflictDraft)
admin.site.register(ReminderSent)


@admin.register(ReportCardSettings)
class ReportCardSettingsAdmin(HistoryAdmin):
    list_display = ["__str__", "four_eyes"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ReportCardSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
