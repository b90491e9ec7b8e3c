"""A task queued by the web app runs in a separate worker process, through the broker
(Redis in CI), and writes its result to the database (PostgreSQL in CI)."""

import os

import pytest
from django.urls import reverse

from core import roles
from core.models import Job
from tests.conftest import wait_for

pytestmark = [pytest.mark.worker]


def test_a_job_queued_by_the_web_app_runs_in_a_real_worker_process(celery_worker_process, make_user):
    from django.test import Client

    client = Client()
    client.force_login(make_user(roles.ADMINISTRATOR))
    response = client.post(reverse("core:ping"))
    assert response.status_code == 302
    job = Job.objects.get(kind="ping")

    def finished():
        job.refresh_from_db()
        return job.status in (Job.Status.DONE, Job.Status.FAILED)

    wait_for(finished, timeout=60)
    assert job.status == Job.Status.DONE, job.error + "\n" + celery_worker_process.log_path.read_text()[-2000:]
    assert job.progress == 100
    assert job.result["pid"] == job.worker_pid
    assert job.worker_pid not in (os.getpid(), None)

    # The progress page reads the stored job.
    page = client.get(reverse("core:job", args=[job.pk]))
    assert b"Done" in page.content and b"100%" in page.content
