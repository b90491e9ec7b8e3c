from rest_framework import serializers

from ..models import Job, Person
from .base import ModelSerializer


class PersonSerializer(ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "title", "name", "kind", "job_title", "organisation", "email", "phone", "archived"]


class JobSerializer(ModelSerializer):
    class Meta:
        model = Job
        fields = ["id", "kind", "status", "progress", "stage", "error", "created", "started", "finished"]


class ChangeSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="app_label.model_name of the changed object")
    id = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    when = serializers.DateTimeField()
    who = serializers.CharField(allow_null=True, help_text="The username, or null (an import or the system).")


class ImportResultSerializer(serializers.Serializer):
    """core.uploads.ImportResult as every import endpoint returns it: the same names for
    observations, budgets and risks; each endpoint adds only what is its own."""

    total = serializers.IntegerField(help_text="Rows read")
    new = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    written = serializers.BooleanField(help_text="Whether anything was written (all rows or none)")
    dry_run = serializers.BooleanField()
    needs_acknowledgement = serializers.BooleanField(help_text="Warnings must be acknowledged before writing")
    errors = serializers.ListField(help_text="Each names its row and field; nothing is written if any")
    notices = serializers.ListField(help_text="Accepted, but worth knowing")
