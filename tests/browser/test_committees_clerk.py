"""A clerk prepares and publishes an agenda; the public sees it without the exempt content."""

import datetime as dt

import pytest

from core import roles
from tests.browser.conftest import assert_accessible
from tests.committees.factories import CommitteeFactory

pytestmark = pytest.mark.django_db(transaction=True)

MARKER = "BIDDERS-PRICES-EXEMPT-9c1e"


def test_clerk_publishes_an_agenda_with_an_exempt_item_and_the_public_never_sees_its_content(page, login):
    committee = CommitteeFactory(name="Children's Services Committee", slug="childrens-services")
    login(roles.COMMITTEE_CLERK)
    meeting_date = dt.date.today() + dt.timedelta(days=40)

    # The clerk creates the meeting: it starts with the standard items.
    page.goto("/committees/meetings/new/")
    page.select_option("#id_committee", label=committee.name)
    # The GOV.UK date input: day, month and year boxes.
    page.fill("#id_date_0", str(meeting_date.day))
    page.fill("#id_date_1", str(meeting_date.month))
    page.fill("#id_date_2", str(meeting_date.year))
    page.fill("#id_start_time", "10:00")
    page.fill("#id_venue", "Edwards Room, County Hall")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Meeting created with the standard opening items.")
    meeting_url = page.url
    assert page.locator("#item-3").inner_text().startswith("3.Declarations of Interest")

    # … writes the report, records the chief officer's clearance and marks it ready.
    page.click("text=New report")
    page.fill("#id_title", "Residential placements contract: tender evaluation")
    page.select_option("#id_responsible_chief_officer", index=1)
    page.fill("#id_executive_summary", f"The bidders' prices: {MARKER}")
    page.fill("#id_recommendations", "Award the contract to the highest scoring bidder.")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Report saved as a draft.")
    page.click("text=Record chief officer clearance")
    page.click("text=Ready for the agenda")
    page.wait_for_selector("text=Report ready for the agenda.")

    # … adds it to the agenda as an exempt item (paragraph 3) and publishes.
    page.goto(meeting_url)
    page.click("text=Add an item")
    page.fill("#id_title", "Residential placements contract")
    page.select_option("#id_report", label="Residential placements contract: tender evaluation")
    page.check("#id_exempt")
    page.select_option("#id_exempt_paragraph", value="3")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Item added.")
    page.click("button:has-text('Publish agenda')")
    page.wait_for_selector("text=Agenda published.")

    # The public, signed out, sees the item's title and paragraph, never its content.
    page.context.clear_cookies()
    page.goto(meeting_url)
    assert page.locator(".account").inner_text().strip() == "Sign in"
    item = page.locator("#item-7")
    assert "Residential placements contract" in item.inner_text()
    assert "paragraph 3 of Part 1 of Schedule 12A" in item.inner_text()
    assert MARKER not in page.content()
    assert item.locator("a").count() == 0  # no link to the exempt report
    assert_accessible(page)
