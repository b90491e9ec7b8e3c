"""Outages against the real services (CI: PostgreSQL, Redis, a real worker process).

- the broker down: its own redis-server on another port, stopped and started here;
- a worker killed: noticed by its missing heartbeat within a minute, by the clock;
- the database connection dropped mid-job (PostgreSQL): the job records that reason.
"""

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.db import connection

from core import jobs, roles
from core.models import Job
from tests.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

REAL = bool(os.environ.get("REQUIRE_REAL_SERVICES"))


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnRedis:
    """A redis-server of this test's own, append-only on disk like production's."""

    def __init__(self, folder):
        self.folder, self.port, self.proc = folder, _free_port(), None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: self.client().ping() if self._up() else False, timeout=20, interval=0.1)

    def _up(self):
        try:
            return self.client().ping()
        except Exception:
            return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=20)

    def client(self):
        import redis

        return redis.Redis(port=self.port, socket_connect_timeout=1)


@pytest.fixture
def own_redis(tmp_path):
    if not shutil.which("redis-server"):
        if REAL:
            pytest.fail("redis-server is needed for the broker-outage test")
        pytest.skip("no redis-server on this machine")
    from config.celery import app

    server = OwnRedis(tmp_path)
    server.start()
    # broker_write_url: broker_url itself yields to the CELERY_BROKER_URL variable CI sets.
    saved = app.conf.get("broker_write_url"), app.conf.task_always_eager
    app.conf.broker_write_url, app.conf.task_always_eager = server.url, False
    _new_connections(app)
    yield server
    server.stop()
    app.conf.broker_write_url, app.conf.task_always_eager = saved
    _new_connections(app)


def _new_connections(app):
    """Celery caches its broker connections and producers: start them afresh for the new URL."""
    app._pool = None
    app.amqp._producer_pool = None


def test_broker_restart_keeps_a_queued_build_and_broker_down_is_a_503(march, role_client, own_redis):
    from committees.packs.models import PackBuild

    clerk = role_client(roles.COMMITTEE_CLERK)
    first = clerk.post(f"/api/v1/meetings/{march.pk}/packs/", {}, content_type="application/json")
    assert first.status_code == 202, first.content
    assert own_redis.client().llen("celery") == 1

    # A restart keeps the queued build (append-only file, as docker/compose.yml configures).
    own_redis.stop()
    own_redis.start()
    assert own_redis.client().llen("celery") == 1

    cancel = f"/api/v1/packs/{first.json()['id']}/cancel/"
    assert clerk.post(cancel, content_type="application/json").status_code == 200
    own_redis.stop()
    started = time.monotonic()
    down = clerk.post(f"/api/v1/meetings/{march.pk}/packs/", {}, content_type="application/json")
    assert down.status_code == 503 and time.monotonic() - started < 15
    assert down.json()["detail"] == "The background service is unavailable; nothing was lost, try again."
    failed = PackBuild.objects.select_related("job").latest("pk")
    assert failed.job.status == Job.Status.FAILED

    own_redis.start()
    again = clerk.post(f"/api/v1/meetings/{march.pk}/packs/", {}, content_type="application/json")
    assert again.status_code == 202, again.content  # not "already being built" for ever


def test_a_killed_worker_is_noticed_by_its_heartbeat_within_a_minute(march, make_user, monkeypatch, request):
    from committees.packs import services

    monkeypatch.setenv("TEST_PACK_BUILD_DELAY", "0.5")
    worker = request.getfixturevalue("celery_worker_process")
    build = services.start_build(march, user=make_user(roles.COMMITTEE_CLERK))
    job = wait_for(lambda: Job.objects.filter(pk=build.job_id, status=Job.Status.RUNNING, progress__gte=3).first(),
                   timeout=90)
    os.kill(job.worker_pid, signal.SIGKILL)
    os.kill(worker.pid, signal.SIGKILL)
    killed = time.monotonic()

    def reaped():
        services.reap_stale_builds()  # what beat runs every 15 s
        return Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).first()

    failed = wait_for(reaped, timeout=90, interval=2)
    assert time.monotonic() - killed < 60
    assert "no heartbeat" in failed.error
    assert not services.folder_of(build).exists()


def test_a_dropped_database_connection_is_recorded_as_the_reason(march, make_user, monkeypatch, request):
    if connection.vendor != "postgresql":
        if REAL:
            pytest.fail("this test needs PostgreSQL")
        pytest.skip("needs PostgreSQL (pg_terminate_backend)")
    from committees.packs import services

    monkeypatch.setenv("TEST_PACK_BUILD_DELAY", "0.3")
    request.getfixturevalue("celery_worker_process")
    build = services.start_build(march, user=make_user(roles.COMMITTEE_CLERK))
    wait_for(lambda: Job.objects.filter(pk=build.job_id, status=Job.Status.RUNNING, progress__gte=3).exists(),
             timeout=90)
    with connection.cursor() as cur:  # what a database restart does to the worker's connections
        cur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    job = wait_for(lambda: Job.objects.filter(pk=build.job_id, status=Job.Status.FAILED).first(), timeout=60)
    assert job.error.startswith("The database connection was lost while the job ran"), job.error
    assert not services.folder_of(build).exists()


def test_a_redelivered_message_for_a_finished_job_does_not_run_it_again(make_user, request):
    """The visibility-timeout double delivery: the same message twice runs the job once."""
    from core.tasks import ping

    request.getfixturevalue("celery_worker_process")
    job = jobs.start_job("ping", ping)
    ping.delay(job.pk)  # the duplicate
    done = wait_for(lambda: Job.objects.filter(pk=job.pk, status=Job.Status.DONE).first(), timeout=60)
    first = (done.started, done.worker_pid)
    time.sleep(2)
    done.refresh_from_db()
    assert (done.started, done.worker_pid) == first and done.status == Job.Status.DONE
