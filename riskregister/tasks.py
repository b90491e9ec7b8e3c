from celery import shared_task

from . import services


@shared_task
def send_review_reminders():
    """Daily (beat): remind owners of reviews falling due soon."""
    return len(services.send_review_reminders())
