"""With a real Celery worker process (Redis broker in CI): the 14 March 2017 pack is built in
the worker and read back; a worker killed mid-build leaves no pack, and the next build succeeds."""

import os
import signal
from datetime import timedelta

import pytest
from django.utils import timezone

from committees.packs import services
from committees.packs.models import PackBuild, PackVersion
from core import roles
from core.jobs import STALE_AFTER
from core.models import Job
from tests.conftest import wait_for
from tests.packs.conftest import agenda_page_numbers, outline_titles, page_texts
from tests.packs.march2017 import DEMO_EXEMPT_TEXT, load_demo_meeting, make_meeting

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def finished(build):
    job = Job.objects.get(pk=build.job_id)
    return job if job.status in (Job.Status.DONE, Job.Status.FAILED) else None


def test_the_worker_builds_the_14_march_2017_pack(media, make_user, request):
    meeting = load_demo_meeting()
    worker = request.getfixturevalue("celery_worker_process")

    build = services.start_build(meeting, user=make_user(roles.COMMITTEE_CLERK))
    job = wait_for(lambda: finished(build), timeout=180)
    assert job.status == Job.Status.DONE, job.error
    assert job.worker_pid != os.getpid() and job.worker_pid is not None  # it ran in the worker process
    build.refresh_from_db()

    reader, texts = page_texts(services.file_of(build, which="pdf"))
    assert len(texts) == build.pages
    assert "Children's Services Committee" in texts[0] and "Tuesday, 14 March 2017" in texts[0]
    printed = agenda_page_numbers(texts)
    public_papers = {i.number: i.title for i in meeting.items.all() if f"item-{i.number}" in build.item_pages}
    assert set(printed) == set(public_papers) == {2, 7, 8}
    for number, page in printed.items():
        assert texts[page - 1].startswith(f"{number}. {public_papers[number][:25]}"), (number, page)
    bookmarks = [title for title, _page in outline_titles(reader)]
    for number, title in public_papers.items():
        assert any(b.startswith(f"{number}. {title[:25]}") for b in bookmarks), number
    assert "Appendix 1: Education Improvement Plan Scorecard" in bookmarks
    appendix_page = build.item_pages[next(k for k in build.item_pages if k.startswith("appendix-"))]
    assert texts[appendix_page - 1].startswith("Education Improvement Scorecard - sheet 1 of 4")
    assert texts[appendix_page - 1].rstrip().endswith(f"Page {appendix_page}")
    assert build.card_ids  # the approved January 2017 report card, printed with its chart

    everything = " ".join("\n".join(texts).split())  # lines joined: titles wrap in the agenda
    exempt = meeting.items.get(exempt=True)
    assert f"{exempt.title} (exempt: paragraph 3" in everything  # listed on the public agenda...
    assert DEMO_EXEMPT_TEXT not in everything  # ...but its papers are not in the public pack
    _r, restricted = page_texts(services.file_of(build, which="restricted"))
    assert DEMO_EXEMPT_TEXT in " ".join("\n".join(restricted).split())
    assert worker.poll() is None


def test_a_worker_killed_mid_build_leaves_no_pack_and_the_next_build_succeeds(media, make_user, request,
                                                                              monkeypatch):
    meeting = make_meeting(appendix_pages=2)
    clerk = make_user(roles.COMMITTEE_CLERK)
    monkeypatch.setenv("TEST_PACK_BUILD_DELAY", "0.5")  # the worker pauses at each percent, so we can stop it
    worker = request.getfixturevalue("celery_worker_process")

    build = services.start_build(meeting, user=clerk)
    job = wait_for(lambda: Job.objects.filter(pk=build.job_id, status=Job.Status.RUNNING, progress__gte=3).first(),
                   timeout=60)
    os.kill(worker.pid, signal.SIGKILL)
    os.kill(job.worker_pid, signal.SIGKILL)
    worker.wait(timeout=10)

    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING  # nobody finished it
    assert not PackVersion.objects.exists()
    for which in services.FILES:
        assert not services.file_of(build, which=which).exists()
    with pytest.raises(Exception, match="already being built"):
        services.start_build(meeting, user=clerk)

    services.reap_stale_builds(now=timezone.now() + STALE_AFTER + timedelta(seconds=1))  # what beat runs
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "stopped before the job finished" in job.error
    assert not services.folder_of(build).exists()

    # The next build (run here, the worker being dead) succeeds.
    from config.celery import app

    monkeypatch.delenv("TEST_PACK_BUILD_DELAY")
    app.conf.task_always_eager = True
    second = services.start_build(meeting, user=clerk)
    second = PackBuild.objects.select_related("job").get(pk=second.pk)
    assert second.job.status == Job.Status.DONE
    assert services.file_of(second, which="pdf").exists()
    version = services.publish(second, user=clerk)
    assert version.number == 1 and version.build == second
