from celery import shared_task


@shared_task(acks_late=True)
def send_confirmation(subscription_id):
    from . import services

    services.send_confirmation(subscription_id)


@shared_task(acks_late=True)
def send_alerts(meeting_id, event, key):
    from . import services

    return services.send_alerts(meeting_id, event, key)
