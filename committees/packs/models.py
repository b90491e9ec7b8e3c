"""A pack build (a draft, with its job's progress) and a published pack version (frozen).

Files live under MEDIA_ROOT/packs/<build id>/ and are written once, atomically, by the
build; a published build's files are never rewritten (the task refuses a finished build).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

__all__ = ["PackBuild", "PackVersion"]


class PackBuild(models.Model):
    class Kind(models.TextChoices):
        AGENDA = "agenda", "Agenda pack"
        SUPPLEMENT = "supplement", "Supplementary agenda"

    meeting = models.ForeignKey("committees.Meeting", on_delete=models.CASCADE, related_name="pack_builds")
    job = models.OneToOneField("core.Job", on_delete=models.PROTECT, related_name="pack_build")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.AGENDA)
    supplement_number = models.PositiveSmallIntegerField(null=True, blank=True)
    item_ids = models.JSONField(default=list, blank=True, help_text="Agenda items this pack holds.")
    folder = models.CharField(max_length=200, blank=True, help_text="Under MEDIA_ROOT.")
    pages = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    restricted_pages = models.PositiveIntegerField(null=True, blank=True)
    restricted_sha256 = models.CharField(max_length=64, blank=True, help_text="Empty: no exempt items.")
    item_pages = models.JSONField(default=dict, blank=True)
    card_ids = models.JSONField(default=list, blank=True, help_text="Report cards printed in the pack.")
    notes = models.JSONField(default=list, blank=True, help_text="Live sections skipped, and why.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "committees"
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.label} – {self.meeting} (build {self.pk})"

    def get_absolute_url(self):
        return reverse("committees:pack_build", args=[self.pk])

    @property
    def status(self):
        return self.job.status

    @property
    def label(self):
        if self.kind == self.Kind.SUPPLEMENT:
            return f"Supplementary agenda {self.supplement_number}"
        return "Agenda pack"

    @property
    def has_restricted(self):
        return bool(self.restricted_sha256)


class PackVersion(models.Model):
    """A published pack: numbered per meeting, with its checksum, who published it and when."""

    meeting = models.ForeignKey("committees.Meeting", on_delete=models.PROTECT, related_name="pack_versions")
    number = models.PositiveSmallIntegerField()
    build = models.OneToOneField(PackBuild, on_delete=models.PROTECT, related_name="version")
    label = models.CharField(max_length=100)
    pages = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    restricted_sha256 = models.CharField(max_length=64, blank=True)
    card_ids = models.JSONField(default=list, blank=True)
    checklist = models.JSONField(default=list, blank=True,
                                 help_text="The publish checklist's warnings the clerk confirmed.")
    acknowledgement = models.TextField(blank=True, help_text="The clerk's reason for publishing despite them.")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    published_at = models.DateTimeField()

    class Meta:
        app_label = "committees"
        ordering = ["meeting", "-number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="unique_pack_version_number")]

    def __str__(self):
        return f"{self.label}, version {self.number} ({self.meeting})"


# The worker finds tasks in apps' tasks.py; this package's tasks register as the models load.
from . import tasks  # noqa: E402,F401
