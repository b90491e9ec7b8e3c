"""Background jobs: create, report progress, finish. Tasks stay thin and call these.

A job row is the user's view of the work (stage, percentage, error); the Celery
task only carries the job id, so a retried or re-delivered task finds the same row.
"""

import os
from contextlib import contextmanager
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import Job

STALE_AFTER = timedelta(minutes=10)


def start_job(kind, task, *, user=None, params=None):
    """Create a queued job and send ``task(job_id)`` once the transaction commits."""
    created_by = user if user and user.is_authenticated else None
    job = Job.objects.create(kind=kind, params=params or {}, created_by=created_by)
    transaction.on_commit(lambda: task.delay(job.pk))
    return job


def update(job_id, *, progress=None, stage=None):
    fields = {"heartbeat": timezone.now()}
    if progress is not None:
        fields["progress"] = max(0, min(100, int(progress)))
    if stage is not None:
        fields["stage"] = stage[:200]
    Job.objects.filter(pk=job_id).update(**fields)


@contextmanager
def running(job_id):
    """Mark the job running; on leaving, done, or failed with the exception's message.

    Yields a ``report(progress, stage)`` callable. Progress writes go straight to the
    database outside any transaction so the user sees them while the work runs.
    """
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.RUNNING, started=now, heartbeat=now, worker_pid=os.getpid(), error="", progress=0
    )
    outcome = {}
    try:
        yield lambda progress=None, stage=None: update(job_id, progress=progress, stage=stage), outcome
    except Exception as exc:  # the user needs the reason, not a stuck bar
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, error=str(exc) or exc.__class__.__name__, finished=timezone.now()
        )
        raise
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE, progress=100, finished=timezone.now(), heartbeat=timezone.now(), result=outcome
    )


def reap_stale(now=None):
    """Fail jobs whose worker stopped sending heartbeats (killed mid-run)."""
    now = now or timezone.now()
    return Job.objects.filter(status=Job.Status.RUNNING, heartbeat__lt=now - STALE_AFTER).update(
        status=Job.Status.FAILED, error="The worker stopped before the job finished; start it again.", finished=now
    )
