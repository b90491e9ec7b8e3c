"""Background jobs: create, claim, report progress, finish. Tasks stay thin and call these.

A job row is the user's view of the work (stage, percentage, error); the Celery task only
carries the job id. A message can arrive twice (a redelivery after a lost worker, or after
the visibility timeout) or after the job was failed, cancelled or reaped: so a job is
*claimed* (queued to running, by one conditional UPDATE) before any work, and a job that
is running, done or failed is never run again. While it runs, a thread beats on the row so
that a dead worker is noticed within a minute (``reap_stale``).
"""

import logging
import os
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.db import Error as DatabaseError
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from .models import Job

log = logging.getLogger(__name__)

HEARTBEAT_EVERY = 10  # seconds between a running job's heartbeats
STALE_AFTER = timedelta(seconds=45)  # no heartbeat for this long: the worker is dead

UNAVAILABLE = "The background service is unavailable; nothing was lost, try again."


class BackgroundUnavailable(Exception):
    """The broker could not take the job. The job is marked failed; the user may retry."""

    def __init__(self, message=UNAVAILABLE):
        super().__init__(message)


class NotRunnable(Exception):
    """The job is not queued (already running, done, failed or cancelled): do not run it."""


class Stopped(Exception):
    """The job was cancelled or reaped while it ran: stop the work."""


def start_job(kind, task, *, user=None, params=None, on_send_failure=None):
    """Create a queued job and send ``task(job_id)`` once the transaction commits.

    If the broker cannot take the message, the job is marked failed (so nothing waits on it
    for ever), ``on_send_failure()`` cleans up what the caller staged, and
    ``BackgroundUnavailable`` is raised: pages and the API answer 503.
    """
    created_by = user if user and user.is_authenticated else None
    job = Job.objects.create(kind=kind, params=params or {}, created_by=created_by)
    transaction.on_commit(lambda: send(job, task, on_send_failure=on_send_failure))
    return job


def send(job, task, *, on_send_failure=None):
    if task.app.conf.task_always_eager:
        task.apply_async(args=[job.pk])  # runs here: its own errors are the job's, not the broker's
        return
    from kombu.exceptions import OperationalError as BrokerError

    try:
        # A few quick retries ride over a broker restart; then give up rather than hang a request.
        task.apply_async(
            args=[job.pk],
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5, "interval_max": 1},
        )
    except (BrokerError, ConnectionError, TimeoutError) as exc:
        log.error("Could not queue job %s: %s", job.pk, exc)
        Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
            status=Job.Status.FAILED, error=UNAVAILABLE, finished=timezone.now()
        )
        if on_send_failure is not None:
            on_send_failure()
        raise BackgroundUnavailable() from exc


def claim(job_id) -> bool:
    """Queued -> running, once: true for exactly one caller however often the task arrives."""
    now = timezone.now()
    return (
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, started=now, heartbeat=now, worker_pid=os.getpid(), error="", progress=0
        )
        == 1
    )


def update(job_id, *, progress=None, stage=None):
    """Progress on a running job. Raises ``Stopped`` if it was cancelled or reaped meanwhile."""
    fields = {"heartbeat": timezone.now()}
    if progress is not None:
        fields["progress"] = max(0, min(100, int(progress)))
    if stage is not None:
        fields["stage"] = stage[:200]
    if not Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(**fields):
        raise Stopped(f"Job {job_id} is no longer running (cancelled or given up on).")


def cancel(job_id, *, by=None) -> bool:
    """Give up a queued or running job (a stuck build). A worker still on it stops at its
    next progress report; a message still in the queue is refused when it arrives."""
    who = f" by {by.get_full_name() or by.get_username()}" if by is not None else ""
    return bool(
        Job.objects.filter(pk=job_id, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).update(
            status=Job.Status.FAILED, error=f"Cancelled{who}.", finished=timezone.now()
        )
    )


class _Heartbeat(threading.Thread):
    """Beats on the job row from its own database connection while the work runs, so a long
    step (one big COPY, one PDF merge) does not look like a dead worker."""

    def __init__(self, job_id):
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.job_id = job_id
        self.stopping = threading.Event()

    def run(self):
        try:
            while not self.stopping.wait(HEARTBEAT_EVERY):
                try:
                    Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(heartbeat=timezone.now())
                except DatabaseError as exc:  # the database restarting: try again next beat
                    log.warning("Heartbeat for job %s failed: %s", self.job_id, exc)
                    connection.close()
        finally:
            connection.close()

    def stop(self):
        self.stopping.set()
        self.join(timeout=HEARTBEAT_EVERY + 5)


@contextmanager
def running(job_id):
    """Claim the job and run the body; on leaving, done, or failed with the real reason.

    Raises ``NotRunnable`` (before the body) if the job is not queued. Yields
    ``(report, outcome)``: ``report(progress, stage)`` writes straight to the database,
    outside any transaction, so the user sees it while the work runs.
    """
    if not claim(job_id):
        raise NotRunnable(f"Job {job_id} is not queued; not running it again.")
    outcome = {}
    heartbeat = _Heartbeat(job_id)
    if not current_app.conf.task_always_eager:  # run in place (tests, no worker): nothing to watch
        heartbeat.start()
    try:
        yield lambda progress=None, stage=None: update(job_id, progress=progress, stage=stage), outcome
    except Stopped:
        raise  # already failed (cancelled or reaped) with its own reason
    except Exception as exc:  # the user needs the reason, not a stuck bar
        _record_failure(job_id, reason_for(exc))
        raise
    finally:
        if heartbeat.is_alive():
            heartbeat.stop()
    Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(
        status=Job.Status.DONE, progress=100, finished=timezone.now(), heartbeat=timezone.now(), result=outcome
    )


def reason_for(exc) -> str:
    # Raw driver errors (the import's COPY runs on the driver's cursor) count as well as Django's.
    lost = isinstance(exc, OperationalError | InterfaceError) or (
        type(exc).__name__ in ("OperationalError", "InterfaceError") and type(exc).__module__.startswith("psycopg")
    )
    if lost:
        return (
            f"The database connection was lost while the job ran ({str(exc).strip() or exc.__class__.__name__}); "
            "nothing was written. Start it again."
        )
    return str(exc) or exc.__class__.__name__


def _record_failure(job_id, reason, attempts=10, wait=3.0):
    """Write the failure even if the database is coming back from a restart."""
    for attempt in range(attempts):
        try:
            Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(
                status=Job.Status.FAILED, error=reason, finished=timezone.now()
            )
            return
        except DatabaseError as exc:
            if connection.in_atomic_block:
                raise
            log.warning("Recording job %s's failure (attempt %s): %s", job_id, attempt + 1, exc)
            connection.close()  # a fresh connection on the next try
            time.sleep(wait)


def reap(now=None):
    """Fail jobs whose worker stopped beating, and queued jobs no worker ever took."""
    now = now or timezone.now()
    dead = Job.objects.filter(status=Job.Status.RUNNING, heartbeat__lt=now - STALE_AFTER).update(
        status=Job.Status.FAILED,
        error="The worker stopped before the job finished (no heartbeat for "
        f"{int(STALE_AFTER.total_seconds())} s: it was killed or lost); start it again.",
        finished=now,
    )
    # Still queued after JOB_QUEUE_TIMEOUT: the message never reached a worker (the broker lost
    # it, or no worker runs); failed so that the user can start it again.
    never_started = timedelta(seconds=getattr(settings, "JOB_QUEUE_TIMEOUT", 1800))
    lost = Job.objects.filter(status=Job.Status.QUEUED, created__lt=now - never_started).update(
        status=Job.Status.FAILED,
        error="The background service never started this job; nothing was written. Start it again.",
        finished=now,
    )
    return dead + lost


reap_stale = reap  # the name beat and older callers use
