"""The public site (issue 16): search finds the 14 March 2017 report and the pack downloads;
no public page scrolls sideways at 390px; axe passes; an alert subscriber confirms and gets
exactly one email when the clerk publishes. Screenshots at 390 and 1366px go to var/screenshots/."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core import mail

from committees import services
from committees.models import Minutes
from committees.packs import services as pack_services
from core import roles
from tests.browser.conftest import assert_accessible
from tests.packs.march2017 import make_meeting

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path))
    return tmp_path


@pytest.fixture
def site(media, make_user):
    """The 14 March 2017 meeting with its pack built eagerly (in this process) and published."""
    march = make_meeting(appendix_pages=2)
    clerk = make_user(roles.COMMITTEE_CLERK, username="publisher")
    build = pack_services.start_build(march, user=clerk)  # committed: the eager task has run
    build.refresh_from_db()
    assert build.job.status == "done", build.job.error
    version = pack_services.publish(build, user=clerk)
    january = march.committee.meetings.get(date=dt.date(2017, 1, 24))
    services.publish_agenda(january, today=dt.date(2017, 1, 16))
    services.mark_held(january, today=dt.date(2017, 1, 24))
    services.publish_draft_minutes(Minutes.objects.get(meeting=january), today=dt.date(2017, 1, 31))
    mail.outbox.clear()
    return {"march": march, "january": january, "version": version, "build": build}


def no_sideways_scroll(page):
    width = page.evaluate("window.innerWidth")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide in a {width}px window"


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_public_searches_domestic_abuse_opens_the_meeting_and_downloads_the_pack(page, site):
    page.goto("/committees/")
    page.get_by_label("Search meetings, agenda items, reports and decisions").fill("domestic abuse")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/committees/search/?q=domestic+abuse*")
    result = page.get_by_role("link", name="Working with Safelives addressing domestic abuse through partnership")
    assert result.first.is_visible()
    assert "Tuesday 14 March 2017" in page.locator(".search-results li").first.inner_text()
    assert page.locator(".search-results mark").count() >= 1
    assert_accessible(page)

    # The agenda item's result opens the meeting at the item.
    page.locator(".search-results a[href*='/committees/meetings/']").first.click()
    page.wait_for_url(f"**{site['march'].get_absolute_url()}#item-*")
    assert page.locator("h1").inner_text().startswith("Children's Services Committee")
    link = page.locator("a[data-pack=pdf]").first
    assert re.match(r"Agenda pack \(PDF, \d+ pages, [\d.]+\s(KB|MB)\)", link.inner_text())
    with page.expect_download() as download_info:
        page.evaluate("url => { const a = document.createElement('a'); a.href = url + '?download=1'; a.download = '';"
                      " document.body.appendChild(a); a.click(); }", link.get_attribute("href"))
    path = download_info.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF-")
    assert Path(path).stat().st_size > 10_000


PUBLIC_PAGES = [
    ("home", "/"),
    ("committees", "/committees/"),
    ("calendar", "/committees/meetings/"),
    ("decisions", "/committees/decisions/"),
    ("developers", "/developers/"),
]


def test_no_public_page_scrolls_sideways_at_390px_and_axe_passes(page, site):
    march, january, version = site["march"], site["january"], site["version"]
    report = march.reports.get(title__startswith="Working with Safelives")
    pages = PUBLIC_PAGES + [
        ("committee", march.committee.get_absolute_url()),
        ("meeting", march.get_absolute_url()),
        ("meeting-held", january.get_absolute_url()),
        ("minutes", f"/committees/meetings/{january.pk}/minutes/"),
        ("report", report.get_absolute_url()),
        ("pack-version", f"/committees/meetings/{march.pk}/packs/version-{version.number}/"),
        ("pack-html", f"/committees/packs/{version.build_id}/edition/"),
        ("search", "/committees/search/?q=domestic+abuse"),
        ("alerts", f"/committees/c/{march.committee.slug}/alerts/"),
    ]
    for width, height in ((390, 844), (1366, 900)):
        page.set_viewport_size({"width": width, "height": height})
        for name, path in pages:
            page.goto(path)
            no_sideways_scroll(page)
            if width == 390:
                assert_accessible(page)
            if name in ("meeting", "search", "pack-version", "meeting-held", "developers"):
                shoot(page, f"{name}-{width}")


def test_a_subscriber_confirms_the_clerk_publishes_and_one_email_arrives(page, site, login):
    committee = site["march"].committee
    later = services.create_meeting(committee, date=dt.date.today() + dt.timedelta(days=30))
    page.goto(committee.get_absolute_url())
    page.get_by_role("link", name="Get email alerts").click()
    page.get_by_label("Email address").fill("reader@example.org")
    page.get_by_role("button", name="Send me a confirmation email").click()
    page.wait_for_selector("text=Check your email")
    assert_accessible(page)
    assert len(mail.outbox) == 1
    confirm = re.search(r"http\S+(/committees/alerts/confirm/\S+/)", mail.outbox[0].body).group(1)
    page.goto(confirm)
    assert "have started" in page.locator("main").inner_text()

    mail.outbox.clear()
    login(roles.COMMITTEE_CLERK, username="clerk-publishes")
    page.goto(later.get_absolute_url())
    page.get_by_role("button", name="Publish agenda").click()
    page.wait_for_selector(".messages")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"] and "Agenda published" in message.subject
    assert "/committees/alerts/unsubscribe/" in message.body
    page.goto(later.get_absolute_url())
    assert "reader@example.org" not in page.content()
