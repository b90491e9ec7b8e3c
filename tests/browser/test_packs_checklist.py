"""The clerk reads the publish checklist (a report card still in draft), acknowledges it with
a reason, publishes, and the version shows the reason; a meeting whose agenda is not
published gets no public pack with its items."""

import datetime as dt

import pytest
from pypdf import PdfReader

from committees import services as committee_services
from committees.packs import services
from core import roles
from core.models import Job
from performance.models import Indicator
from performance.reportcards import services as card_services
from tests.conftest import wait_for
from tests.packs.march2017 import load_demo_meeting

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker, pytest.mark.timeout(1200)]


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path))
    return tmp_path


def _built(build):
    job = Job.objects.get(pk=build.job_id)
    return job if job.status in (Job.Status.DONE, Job.Status.FAILED) else None


def test_the_clerk_acknowledges_the_checklist_and_the_version_keeps_the_reason(page, login, media, request):
    meeting = load_demo_meeting()
    # January 2017's card for the CIN plan vital sign, still in draft when the pack is built.
    card_services.start_card(Indicator.objects.get(ref="CIN 4"), period="2017-01", user=None, check_permission=False)
    request.getfixturevalue("celery_worker_process")
    login(roles.COMMITTEE_CLERK)

    page.goto(f"/committees/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Build pack").click()
    page.wait_for_url("**/committees/packs/*/")
    page.locator('.job-status[data-status="done"]').wait_for(timeout=240_000)
    checklist = page.locator(".pack-checklist")
    assert "CIN 4 Child in Need (CIN) with up to date CIN Plan (January 2017) is still draft" in checklist.inner_text()

    page.get_by_role("button", name="Publish this pack").click()  # no reason given: the form will not send
    assert not meeting.pack_versions.exists()
    reason = "The CIN plan card is reported at the April meeting; the other figures are final."
    page.get_by_label("Why publish the pack as it is?").fill(reason)
    page.get_by_role("button", name="Publish this pack").click()
    assert "Agenda pack published as version 1" in page.locator(".messages").inner_text()
    version = meeting.pack_versions.get()
    assert version.acknowledgement == reason and any("CIN 4" in w for w in version.checklist)

    page.goto(f"/committees/meetings/{meeting.pk}/")
    page.get_by_text("Published despite").click()
    assert reason in page.locator(".pack-versions").inner_text()

    # A meeting whose agenda is not published: its pack holds none of its items.
    april = committee_services.create_meeting(meeting.committee, date=dt.date(2017, 4, 25))
    committee_services.add_item(april, title="Children's Services Annual Report 2016-17 (draft agenda)")
    build = services.start_build(april, user=None)
    assert wait_for(lambda: _built(build), timeout=240).status == Job.Status.DONE
    build.refresh_from_db()
    text = " ".join(p.extract_text() for p in PdfReader(services.file_of(build, which="pdf")).pages)
    assert "Annual Report 2016-17" not in text and "not yet published" in text
    assert any("the agenda is not published" in n for n in build.notes)  # the build says what it left out
    page.goto(f"/committees/packs/{build.pk}/")
    assert "the agenda is not published" in page.locator(".pack-checklist").inner_text()
