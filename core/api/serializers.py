from rest_framework import serializers

from ..models import Job, Person


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "title", "name", "kind", "job_title", "organisation", "email", "phone"]


class JobSerializer(serializers.ModelSerializer):
    class Meta:
        model = Job
        fields = ["id", "kind", "status", "progress", "stage", "error", "created", "started", "finished"]
