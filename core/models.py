from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class PersonQuerySet(models.QuerySet):
    def offered(self, keep=None):
        """People a choice list offers: not archived, plus ``keep`` (the value already chosen)."""
        return self.filter(models.Q(archived=False) | models.Q(pk=keep)).order_by("name")


class Person(models.Model):
    """Anyone the product names: councillors, officers, advisors.

    One model across the product (lead officers, data owners, risk owners, report
    authors, members of the council's bodies). A person who logs in is linked to a user.
    """

    archive_hint = "Archive them instead: tick “Archived” on their page (their name stays on what they did)."

    class Kind(models.TextChoices):
        COUNCILLOR = "councillor", "Councillor"
        OFFICER = "officer", "Officer"
        ADVISOR = "advisor", "Co-opted advisor or representative"
        OTHER = "other", "Other"

    title = models.CharField(max_length=20, blank=True, help_text="Mr, Mrs, Ms, Dr…")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OFFICER)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    # Someone who has left is archived, not deleted: the figures, risks and reports that name
    # them keep their name (deleting them is refused while anything does).
    archived = models.BooleanField(
        default=False, help_text="Left or no longer involved: kept for the records that name them, not offered in "
                                 "choice lists."
    )
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return f"{self.title} {self.name}".strip()

    def get_absolute_url(self):
        return reverse("core:person", args=[self.pk])


class Job(models.Model):
    """A background job's progress, written by the worker and shown to the user."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=50)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    params = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    worker_pid = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["status", "heartbeat"])]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    def get_absolute_url(self):
        return reverse("core:job", args=[self.pk])


class StagedUpload(models.Model):
    """An uploaded file kept between its preview and its confirmation (or for the background
    job that imports it): one design for every preview-then-confirm import. Abandoned ones
    are deleted once they expire (``core.tasks.purge_staged_uploads``)."""

    kind = models.CharField(max_length=50, help_text="What the file is imported as, e.g. 'observations'.")
    file = models.FileField(upload_to="staged/")
    filename = models.CharField(max_length=255, help_text="The name it was uploaded under.")
    params = models.JSONField(default=dict, blank=True, help_text="Where it goes: register, period, area…")
    preview = models.JSONField(default=dict, blank=True, help_text="What the preview showed.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.kind}: {self.filename}"


class ApiToken(models.Model):
    """A named API token a user made for another system. Only a hash of the key is kept:
    the key is shown once, when it is made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What it is for, e.g. the data warehouse.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False, help_text="The key's first characters, to recognise it.")
    read_only = models.BooleanField(default=True, help_text="Read-only tokens may only read (GET).")
    expires = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    revoked = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now):
        return self.revoked is None and (self.expires is None or self.expires > now)
