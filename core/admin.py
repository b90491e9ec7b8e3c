from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Job, Person


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "job_title", "organisation", "user"]
    list_filter = ["kind"]
    search_fields = ["name", "email"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "status", "progress", "stage", "created"]
    list_filter = ["kind", "status"]
