from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from simple_history.admin import SimpleHistoryAdmin

from .forms import StaleEditModelForm
from .models import ApiToken, Job, Person

PROTECTED_SHOWN = 20


class HistoryAdmin(SimpleHistoryAdmin):
    """Every admin edit page for a record with history: its history link, and a save over
    someone else's newer change refused showing both (core.forms.StaleEditMixin)."""

    form = StaleEditModelForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and fieldsets and "read_token" not in flatten_fieldsets(fieldsets):
            # Admins that name their fields still carry the token (as a hidden input).
            name, options = fieldsets[0]
            fieldsets[0] = (name, {**options, "fields": [*options.get("fields", ()), "read_token"]})
        return fieldsets

    def get_deleted_objects(self, objs, request):
        """Django's "cannot delete, these protected objects hold it" page, with the hint how to
        retire it instead, and a few holders by name (an indicator has thousands of figures)."""
        to_delete, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            shown = list(protected[:PROTECTED_SHOWN])
            if len(protected) > PROTECTED_SHOWN:
                shown.append(f"… and {len(protected) - PROTECTED_SHOWN:,} more")
            hints = {getattr(obj, "archive_hint", "") for obj in objs} - {""}
            protected = shown + sorted(hints)
        return to_delete, counts, perms_needed, protected

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if obj is not None else [f for f in fields if f != "read_token"]


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["name", "kind", "job_title", "organisation", "user", "archived"]
    list_filter = ["kind", "archived"]
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
