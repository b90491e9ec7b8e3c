from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_pack(job_id):
    """Build a meeting's pack. Re-delivered after a lost worker, it starts the same build
    afresh; a build that finished or failed is left alone."""
    from . import services

    services.run_build_job(job_id)


@shared_task
def reap_stale_builds():
    from . import services

    services.reap_stale_builds()
