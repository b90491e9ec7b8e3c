import os

from celery import shared_task

from . import jobs


@shared_task
def ping(job_id):
    """A trivial job proving the worker path: it records which process ran it."""
    try:
        with jobs.running(job_id) as (report, outcome):
            report(50, "Answering")
            outcome["pid"] = os.getpid()
    except jobs.NotRunnable:
        return


@shared_task
def reap_stale_jobs():
    return jobs.reap()


@shared_task
def purge_staged_uploads():
    """Previews nobody confirmed: their files are deleted once they expire."""
    from . import uploads

    return uploads.purge_expired()
