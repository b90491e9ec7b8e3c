"""Jobs run once: claimed atomically, never run again once failed, done or running; dead
workers and lost messages are reaped; a broker that refuses a job gives a 503, not a stuck row."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core import jobs
from core.models import Job

pytestmark = pytest.mark.django_db


def make(status=Job.Status.QUEUED, **kw):
    return Job.objects.create(kind="test", status=status, **kw)


def test_a_job_is_claimed_once_however_often_its_message_arrives():
    job = make()
    assert jobs.claim(job.pk) is True
    assert jobs.claim(job.pk) is False  # the redelivered message
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and job.worker_pid


@pytest.mark.parametrize("status", [Job.Status.FAILED, Job.Status.DONE, Job.Status.RUNNING])
def test_a_job_that_is_failed_done_or_running_is_not_run_again(status):
    job = make(status)
    ran = []
    with pytest.raises(jobs.NotRunnable), jobs.running(job.pk):
        ran.append(True)
    assert ran == []
    job.refresh_from_db()
    assert job.status == status


def test_a_killed_import_that_was_marked_failed_does_not_come_back(tmp_path, make_user):
    """The issue's reproduction: the failed job's message redelivered an hour later ran the old
    file over a newer correction."""
    from datetime import date

    from core import uploads
    from core.models import StagedUpload
    from performance import importing, services
    from performance.models import Observation
    from tests.performance.factories import IndicatorFactory, ObservationFactory

    indicator = IndicatorFactory(ref="2.1")
    ObservationFactory(indicator=indicator, period=date(2017, 1, 1), value=60)  # the newer correction
    staged = uploads.stage(b"ref,period,value\n2.1,2017-01,50\n", kind=importing.STAGED_KIND, filename="old.csv")
    job = Job.objects.create(
        kind="import_observations", status=Job.Status.FAILED, error="The worker stopped",
        params={"staged": staged.pk, "filename": "old.csv", "dry_run": False, "user_id": None},
    )
    services.run_import_job(job.pk)
    assert Observation.objects.get(indicator=indicator).value == 60
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error == "The worker stopped"
    assert not StagedUpload.objects.filter(pk=staged.pk).exists()  # a failed job's file is not kept for ever


def test_an_import_refuses_to_overwrite_a_figure_changed_after_the_file_was_staged(make_user):
    from datetime import date

    from performance import importing
    from performance.models import Observation
    from tests.performance.factories import IndicatorFactory, ObservationFactory

    indicator = IndicatorFactory(ref="2.1")
    staged_at = timezone.now()
    ObservationFactory(indicator=indicator, period=date(2017, 1, 1), value=60)  # corrected after staging
    ObservationFactory(indicator=indicator, period=date(2017, 2, 1), value=10)
    Observation.objects.filter(period=date(2017, 2, 1)).update(updated=staged_at - timedelta(hours=1))
    rows = [{"ref": "2.1", "period": "2017-01", "value": 50}, {"ref": "2.1", "period": "2017-02", "value": 11}]
    result = importing.import_rows(rows, staged_at=staged_at)
    assert not result.written
    assert [(e.row, e.column) for e in result.errors] == [(1, "value")]
    assert "after the file was uploaded" in result.errors[0].message
    assert sorted(Observation.objects.values_list("value", flat=True)) == [10, 60]


def test_progress_on_a_cancelled_job_stops_the_work():
    job = make()
    with pytest.raises(jobs.Stopped), jobs.running(job.pk) as (report, _outcome):
        report(10, "working")
        assert jobs.cancel(job.pk)
        report(20, "still working")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error == "Cancelled."


def test_a_dead_worker_is_noticed_within_a_minute_and_a_lost_queued_job_is_reaped(settings):
    now = timezone.now()
    alive = make(Job.Status.RUNNING, heartbeat=now - timedelta(seconds=20))
    dead = make(Job.Status.RUNNING, heartbeat=now - timedelta(seconds=50))
    settings.JOB_QUEUE_TIMEOUT = 600
    waiting = make()
    lost = make()
    Job.objects.filter(pk=lost.pk).update(created=now - timedelta(seconds=601))
    assert jobs.STALE_AFTER + timedelta(seconds=15) <= timedelta(minutes=1)  # + one beat period
    from config.celery import app

    assert app.conf.beat_schedule["reap-stale-jobs"]["schedule"] <= 15
    assert jobs.reap(now) == 2
    status = dict(Job.objects.values_list("pk", "status"))
    assert status[alive.pk] == status[waiting.pk] == Job.Status.RUNNING or status[waiting.pk] == Job.Status.QUEUED
    assert status[dead.pk] == status[lost.pk] == Job.Status.FAILED
    assert "no heartbeat" in Job.objects.get(pk=dead.pk).error
    assert "never started" in Job.objects.get(pk=lost.pk).error


def test_a_dropped_database_connection_is_the_recorded_reason():
    from django.db import OperationalError

    job = make()
    with pytest.raises(OperationalError), jobs.running(job.pk):
        raise OperationalError("server closed the connection unexpectedly")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("The database connection was lost while the job ran (server closed the connection")


def test_the_visibility_timeout_is_longer_than_the_longest_job(settings):
    from config.celery import app

    assert app.conf.task_time_limit == settings.CELERY_TASK_TIME_LIMIT
    if "visibility_timeout" in settings.CELERY_BROKER_TRANSPORT_OPTIONS:
        assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT


# --- the broker refuses the job ------------------------------------------------


class _Down:
    """A task whose broker is down: sending raises as kombu does."""

    def __init__(self):
        from types import SimpleNamespace

        self.app = SimpleNamespace(conf=SimpleNamespace(task_always_eager=False))

    def apply_async(self, *args, **kwargs):
        from kombu.exceptions import OperationalError

        raise OperationalError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")


def test_a_failed_send_fails_the_job_cleans_up_and_says_try_again(django_capture_on_commit_callbacks, tmp_path):
    staged = tmp_path / "staged.csv"
    staged.write_text("x")
    with (
        pytest.raises(jobs.BackgroundUnavailable, match="nothing was lost, try again"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        job = jobs.start_job("test", _Down(), on_send_failure=lambda: staged.unlink())
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "unavailable" in job.error
    assert not staged.exists()


@pytest.fixture
def broker_down(monkeypatch):
    from committees.packs import tasks

    down = _Down()
    monkeypatch.setattr(tasks.build_pack, "apply_async", down.apply_async)
    from config.celery import app

    app.conf.task_always_eager = False


@pytest.mark.django_db(transaction=True)  # the request's own transaction commits, as in production
def test_pack_build_with_the_broker_down_is_a_503_and_the_next_build_is_not_blocked(march, role_client, broker_down):
    from committees.packs.models import PackBuild

    clerk = role_client("Committee clerk")
    response = clerk.post(f"/api/v1/meetings/{march.pk}/packs/", {}, content_type="application/json")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"  # the API's one error shape
    assert response.json()["detail"] == "The background service is unavailable; nothing was lost, try again."
    build = PackBuild.objects.select_related("job").get()
    assert build.job.status == Job.Status.FAILED
    page = clerk.post(f"/committees/meetings/{march.pk}/packs/build/", {"kind": "agenda"})
    assert page.status_code == 503 and b"nothing was lost" in page.content  # not "already being built"


def test_a_clerk_cancels_a_stuck_build_and_builds_again(march, role_client, broker_down):
    from committees.packs import services
    from committees.packs.models import PackBuild

    clerk = role_client("Committee clerk")
    stuck = services.start_build(march, user=clerk.user)  # queued; its message never leaves (no commit here)
    member = role_client("Member")
    assert member.post(f"/api/v1/packs/{stuck.pk}/cancel/", content_type="application/json").status_code == 403
    response = clerk.post(f"/api/v1/packs/{stuck.pk}/cancel/", content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "failed"
    assert response.json()["error"].startswith("Cancelled by")
    assert clerk.post(f"/api/v1/packs/{stuck.pk}/cancel/", content_type="application/json").status_code == 400
    again = services.start_build(march, user=clerk.user)
    assert PackBuild.objects.count() == 2 and again.pk != stuck.pk
    page = clerk.post(f"/committees/packs/{again.pk}/cancel/")
    assert page.status_code == 302
