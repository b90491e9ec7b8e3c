"""The clerk builds the 14 March 2017 pack, watches the progress bar reach 100%, opens the PDF,
publishes it, and the public meeting page lists version 1; the HTML edition passes axe."""

import pytest

from committees.packs.models import PackBuild
from core import roles
from tests.browser.conftest import assert_accessible
from tests.packs.march2017 import load_demo_meeting

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path))
    monkeypatch.setenv("TEST_PACK_BUILD_DELAY", "0.03")  # slow enough to see the bar move
    return tmp_path


def test_clerk_builds_watches_progress_opens_the_pdf_and_publishes(page, login, media, request):
    meeting = load_demo_meeting()  # the 14 March 2017 meeting, with a report card chart and the live tables
    request.getfixturevalue("celery_worker_process")  # the build runs in a real worker
    login(roles.COMMITTEE_CLERK)

    page.goto(f"/committees/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Build pack").click()
    page.wait_for_url("**/committees/packs/*/")
    bar = page.locator(".pack-build progress")
    assert bar.is_visible()
    seen = set()
    for _ in range(240):  # the panel is swapped by htmx every second, never by reloading
        seen.add(int(bar.get_attribute("value")))
        if page.locator('.job-status[data-status="done"]').count():
            break
        page.wait_for_timeout(250)
    assert page.locator('.job-status[data-status="done"]').count() == 1, page.locator(".pack-build").inner_text()
    assert bar.get_attribute("value") == "100"
    assert "Done – 100%" in page.locator(".job-status").inner_text()
    assert_accessible(page)

    link = page.get_by_role("link", name="Open the pack (PDF")
    pdf = page.request.get(link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF-")

    page.get_by_label("Why publish the pack as it is?").fill("Checked with the performance officer.")
    page.get_by_role("button", name="Publish this pack").click()
    assert "Agenda pack published as version 1" in page.locator(".messages").inner_text()

    page.context.clear_cookies()  # the public
    page.goto(f"/committees/meetings/{meeting.pk}/")
    versions = page.locator(".pack-versions [data-version]")
    assert versions.count() == 1 and "Version 1" in versions.first.inner_text()
    assert_accessible(page)

    build = PackBuild.objects.get()
    page.goto(f"/committees/packs/{build.pk}/edition/")
    assert page.locator("h1").first.inner_text().startswith("Children's Services Committee")
    assert page.locator("table th[scope=col]").count() > 10
    assert page.locator("figure.pack-chart svg[role=img]").count() >= 1  # charts with text alternatives
    assert_accessible(page)
