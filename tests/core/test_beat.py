"""Every periodic task on the beat schedule exists in the worker under that name."""

from django.conf import settings

from config.celery import app


def test_every_scheduled_task_is_registered_with_the_worker():
    app.loader.import_default_modules()
    missing = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] not in app.tasks]
    assert not missing, f"beat would send tasks no worker knows: {missing}"
