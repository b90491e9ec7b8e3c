from celery import shared_task


@shared_task(name="performance.reportcards.send_commentary_reminders")
def send_commentary_reminders(today=None):
    """Beat, daily: e-mail owners of cards not yet submitted as their deadline nears (once each)."""
    from datetime import date

    from .services import send_due_reminders

    day = date.fromisoformat(today) if today else None
    return send_due_reminders(today=day)
