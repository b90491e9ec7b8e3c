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
    type = serializers.CharField(help_text="app_label.model_name, e.g. performance.observation")
    id = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    when = serializers.DateTimeField()
    who = serializers.CharField(allow_null=True, help_text="The username, or null (an import or the system).")
