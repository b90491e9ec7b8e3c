"""The home page lists each user's report card tasks: drafts to write (overdue or due soon),
cards returned with the reviewer's reason, and cards waiting for their approval."""

from datetime import date

import pytest

from core import roles
from performance.reportcards import services
from performance.reportcards.attention import items_for
from tests.reportcards.factories import CardFactory, CycleFactory

pytestmark = pytest.mark.django_db


def test_owner_lead_and_performance_officer_each_see_their_tasks(card, actor, role_client):
    CycleFactory(period=card.period, commentary_due=date(2019, 2, 20))
    owner, lead = actor("data_owner"), actor("lead_officer")
    perf = role_client(roles.PERFORMANCE_OFFICER)

    [item] = items_for(owner.user, today=date(2019, 2, 21))
    assert item.title == f"Write report card: LAC 2 {card.indicator.title} (2019-01)"
    assert item.overdue and item.due == date(2019, 2, 20) and item.detail == "Commentary overdue."
    assert items_for(owner.user, today=date(2019, 2, 14))[0].detail == "Commentary due soon."
    assert items_for(lead.user, today=date(2019, 2, 14)) == []

    services.transition(card, action="submit", user=owner.user)
    assert items_for(owner.user) == []
    [approve] = items_for(lead.user)
    assert approve.title.startswith("Approve report card: LAC 2")
    assert [i.title for i in items_for(perf.user)] == [approve.title]

    services.transition(card, action="return", user=lead.user, comment="Add the locality figures")
    [returned] = items_for(owner.user, today=date(2019, 2, 1))
    assert returned.title.startswith("Returned for changes: LAC 2")
    assert returned.detail == "Reason: Add the locality figures"
    assert items_for(lead.user) == []


def test_home_page_shows_the_items(card, actor):
    owner = actor("data_owner")
    page = owner.get("/").content.decode()
    assert "Write report card: LAC 2" in page
    assert card.get_absolute_url() in page


def test_other_roles_see_nothing(card, role_client):
    CardFactory(status="submitted")
    for role in (roles.MEMBER, roles.FINANCE_OFFICER, roles.COMMITTEE_CLERK):
        assert items_for(role_client(role).user) == []
