"""The beat schedule is what the apps registered, and every task on it exists in the worker."""

from config.celery import app


def test_every_scheduled_task_is_registered_with_the_worker():
    app.loader.import_default_modules()
    missing = [entry["task"] for entry in app.conf.beat_schedule.values() if entry["task"] not in app.tasks]
    assert not missing, f"beat would send tasks no worker knows: {missing}"


def test_each_app_put_its_periodic_tasks_on_the_schedule():
    assert {
        "reap-stale-jobs",
        "reap-stale-pack-builds",
        "risk-review-reminders",
        "reportcards-commentary-reminders",
    } <= set(app.conf.beat_schedule)
