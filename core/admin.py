from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, Job, Person


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "job_title", "organisation", "user"]
    list_filter = ["kind"]
    search_fields = ["name", "email"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "status", "progress", "stage", "created"]
    list_filter = ["kind", "status"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    # Keys are made on the user's API tokens page; here an administrator can see and revoke them.
    list_display = ["name", "user", "prefix", "read_only", "created", "expires", "last_used", "revoked"]
    list_filter = ["read_only"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["user", "name", "prefix", "read_only", "created", "expires", "last_used", "revoked",
                       "revoked_by"]

    def has_add_permission(self, request):
        return False
