"""A large import runs in a real worker process and reports its progress on the job."""

import io
import os

import pytest
from django.urls import reverse

from core import roles
from core.models import Job
from performance import services
from performance.models import Observation
from tests.conftest import wait_for

from .factories import IndicatorFactory

pytestmark = [pytest.mark.worker]


def test_a_large_file_is_imported_by_the_worker(celery_worker_process, make_user, monkeypatch):
    from django.test import Client

    monkeypatch.setattr(services, "LARGE_IMPORT_ROWS", 50)
    IndicatorFactory(
        ref="2.1",
        unit="count",
        aggregation="sum",
        polarity="info",
        rag_method="",
        green_threshold=None,
        red_threshold=None,
        multiplier=1,
    )
    client = Client()
    client.force_login(make_user(roles.PERFORMANCE_OFFICER))
    rows = "".join(f"2.1,{y}-{m:02d},{1000 + y + m},,,,,,\n" for y in range(2000, 2010) for m in range(1, 13))
    upload = io.BytesIO(
        (
            "ref,period,value,numerator,denominator,breakdown_dimension,breakdown_member,note,no_data_expected\n" + rows
        ).encode()
    )
    upload.name = "ten-years.csv"
    response = client.post(reverse("performance:import"), {"file": upload})
    job = Job.objects.get(kind="import_observations")
    assert response.url == reverse("performance:import_job", args=[job.pk])

    def finished():
        job.refresh_from_db()
        return job.status in (Job.Status.DONE, Job.Status.FAILED)

    wait_for(finished, timeout=60)
    assert job.status == Job.Status.DONE, job.error + celery_worker_process.log_path.read_text()[-2000:]
    assert job.worker_pid not in (os.getpid(), None)
    assert job.result["new"] == 120 and job.result["written"]
    assert Observation.objects.filter(indicator__ref="2.1").count() == 120
