"""A data owner drafts and submits a report card, the lead returns it with a comment, the
owner fixes and resubmits, the lead approves; each one's home page shows their tasks."""

from datetime import date

import pytest

from core import roles
from performance.reportcards.models import ReportCard
from tests.browser.conftest import assert_accessible
from tests.reportcards.factories import CycleFactory, IndicatorFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "browser-pass-123"


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def sign_out(page):
    page.click("text=Sign out")
    page.wait_for_url("**/")


def test_draft_submit_return_fix_resubmit_approve(page, make_user):
    owner = make_user(roles.DATA_OWNER, username="dana-owner")
    lead = make_user(roles.DATA_OWNER, username="phil-lead")
    for u in (owner, lead):
        u.set_password(PASSWORD)
        u.save()
    indicator = IndicatorFactory(ref="CIN 4", title="Child in Need (CIN) with up to date CIN Plan",
                                 data_owner=owner.person, lead_officer=lead.person)
    CycleFactory(period=date(2019, 1, 1), commentary_due=date(2019, 2, 20))

    # The data owner starts the January card and drafts it.
    sign_in(page, owner)
    page.goto("/performance/report-cards/")
    page.select_option("#id_indicator", str(indicator.pk))
    page.select_option("#id_period", "2019-01")
    page.click("text=Start card")
    page.wait_for_url("**/edit/")
    assert_accessible(page)
    page.fill("#id_why_important", "A good quality CIN Plan is essential.")
    page.fill("#id_background", "- The % of CIN with an up to date plan has increased")
    page.fill("#id_actions-0-description", "Managers to review plans every 12 weeks")
    page.click("text=Save card")
    page.wait_for_selector("text=Card saved.")
    assert page.locator("#card-status").text_content() == "Draft"
    assert_accessible(page)

    # Home page: the draft is the owner's task, overdue against the 2019 deadline.
    page.goto("/")
    task = page.locator("tr", has_text="Write report card: CIN 4")
    assert "Overdue" in task.text_content()

    page.goto(ReportCard.objects.get().get_absolute_url())
    page.click("button:has-text('Submit for approval')")
    page.wait_for_selector("text=Card submitted for approval.")
    assert page.locator("#card-status").text_content() == "Submitted"
    page.goto("/")
    assert page.locator("text=Write report card: CIN 4").count() == 0
    sign_out(page)

    # The lead sees it waiting for approval and returns it with a comment.
    sign_in(page, lead)
    page.click("text=Approve report card: CIN 4")
    page.fill("#comment-return", "Say what the FIT teams' figure is.")
    page.click("button:has-text('Return for changes')")
    page.wait_for_selector("text=Card returned for changes.")
    assert page.locator("#card-status").text_content() == "Draft"
    assert "Say what the FIT teams' figure is." in page.locator("#transitions").inner_text()
    page.goto("/")
    assert page.locator("text=Approve report card: CIN 4").count() == 0
    sign_out(page)

    # The owner sees the returned card with the reason, fixes it and resubmits.
    sign_in(page, owner)
    returned = page.locator("tr", has_text="Returned for changes: CIN 4")
    assert "Say what the FIT teams' figure is." in returned.text_content()
    returned.locator("a").click()
    page.click("text=Edit card")
    page.fill("#id_background", "- The % of CIN with an up to date plan has increased\n"
                                "- Nearly 80% in FIT teams have a timely plan")
    page.click("text=Save card")
    page.wait_for_selector("text=Card saved.")
    page.fill("#comment-submit", "Added the FIT teams' figure")
    page.click("button:has-text('Submit for approval')")
    page.wait_for_selector("text=Card submitted for approval.")
    sign_out(page)

    # The lead approves; nothing is left on either home page.
    sign_in(page, lead)
    page.click("text=Approve report card: CIN 4")
    page.click("button:has-text('Approve')")
    page.wait_for_selector("text=Card approved.")
    assert page.locator("#card-status").text_content() == "Approved"
    assert "Edit card" not in page.content()
    assert_accessible(page)
    steps = page.locator("#transitions tbody tr").all_inner_texts()
    assert [s.split("\t")[2].split(" ")[0] for s in steps] == ["Submit", "Return", "Submit", "Approve"]
    page.goto("/")
    assert page.locator("td", has_text="Report cards").count() == 0
    sign_out(page)
    sign_in(page, owner)
    assert page.locator("td", has_text="Report cards").count() == 0

    card = ReportCard.objects.get()
    assert card.status == "approved"
    assert "Nearly 80% in FIT teams" in card.background
    assert card.version == 3


def test_two_browsers_editing_one_card_see_the_conflict(page, browser, live_server, make_user):
    owner = make_user(roles.DATA_OWNER, username="dana-owner")
    perf = make_user(roles.PERFORMANCE_OFFICER, username="pat-perf")
    for u in (owner, perf):
        u.set_password(PASSWORD)
        u.save()
    indicator = IndicatorFactory(ref="LAC 2", data_owner=owner.person)
    from tests.reportcards.factories import CardFactory

    card = CardFactory(indicator=indicator, background="Capacity issues for health partners.")
    other_context = browser.new_context(base_url=live_server.url, viewport={"width": 1024, "height": 768})
    other = other_context.new_page()
    try:
        sign_in(page, owner)
        sign_in(other, perf)
        edit = f"/performance/report-cards/{card.pk}/edit/"
        page.goto(edit)
        other.goto(edit)
        page.fill("#id_background", "Owner: sustained improvement since 2018.")
        page.click("text=Save card")
        page.wait_for_selector("text=Card saved.")
        other.fill("#id_background", "Officer: health partners still short of capacity.")
        other.click("text=Save card")
        other.wait_for_selector("#conflict")
        texts = other.locator("#conflict-texts").inner_text()
        assert "Owner: sustained improvement since 2018." in texts
        assert "Officer: health partners still short of capacity." in texts
        assert other.input_value("#id_background") == "Officer: health partners still short of capacity."
        assert_accessible(other)
    finally:
        other_context.close()
    card.refresh_from_db()
    assert card.background == "Owner: sustained improvement since 2018."
    assert card.conflict_drafts.get().data["background"] == "Officer: health partners still short of capacity."
