from celery import shared_task

from . import services


@shared_task
def import_observations_job(job_id):
    services.run_import_job(job_id)


@shared_task
def export_observations_job(job_id):
    services.run_export_job(job_id)
