from django.contrib import admin

from core.admin import HistoryAdmin

from . import models, selectors


class ItemInline(admin.TabularInline):
    model = models.AgendaItem
    extra = 0
    fields = ["number", "kind", "title", "report", "exempt", "exempt_paragraph", "late", "urgency_reason"]


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0


@admin.register(models.Committee)
class CommitteeAdmin(HistoryAdmin):
    list_display = ["name", "contact_officer_name"]
    inlines = [MembershipInline]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Meeting)
class MeetingAdmin(HistoryAdmin):
    list_display = ["committee", "date", "status", "agenda_published_on"]
    list_filter = ["committee", "status"]
    inlines = [ItemInline]


@admin.register(models.Report)
class ReportAdmin(HistoryAdmin):
    list_display = ["title", "meeting", "status"]
    list_filter = ["status"]
    search_fields = ["title"]


class KeepsMinutesFrozen:
    """Approved minutes are frozen, for administrators too: the services' guard, in the admin."""

    def has_change_permission(self, request, obj=None):
        return not selectors.minutes_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not selectors.minutes_frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(models.Minutes)
class MinutesAdmin(KeepsMinutesFrozen, HistoryAdmin):
    list_display = ["meeting", "status", "published_on", "approved_on"]


@admin.register(models.Decision)
class DecisionAdmin(KeepsMinutesFrozen, HistoryAdmin):
    list_display = ["__str__", "kind"]
    search_fields = ["text"]


@admin.register(models.Question)
class QuestionAdmin(HistoryAdmin):
    list_display = ["__str__", "meeting", "kind", "received_at"]


@admin.register(models.PoliticalGroup)
class PoliticalGroupAdmin(HistoryAdmin):
    list_display = ["name", "short_name"]


# Subscription is deliberately not registered: a subscriber's address is shown nowhere.
