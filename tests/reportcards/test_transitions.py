"""Every workflow step by every role, through the pages and through the API: the allowed
ones move the card and are recorded (who, when, comment); the others are refused with 403
(wrong role) or 409 (wrong state), and nothing changes."""

import pytest

from performance.reportcards.models import CardTransition, ReportCard
from tests.reportcards.conftest import ACTORS

pytestmark = pytest.mark.django_db

STEPS = {  # action: (state before, state after, who may)
    "submit": ("draft", "submitted", {"data_owner", "performance_officer"}),
    "approve": ("submitted", "approved", {"lead_officer", "performance_officer"}),
    "return": ("submitted", "draft", {"lead_officer", "performance_officer"}),
}
WRONG_STATE = {"submit": "approved", "approve": "draft", "return": "draft"}


def _page(client, card, action, comment):
    return client.post(f"/performance/report-cards/{card.pk}/{action}/", {"comment": comment})


def _api(client, card, action, comment):
    return client.post(f"/api/v1/report-cards/{card.pk}/{action}/", {"reason": comment},
                       content_type="application/json")


@pytest.mark.parametrize("via", [_page, _api], ids=["page", "api"])
@pytest.mark.parametrize("action", list(STEPS))
@pytest.mark.parametrize("who", ACTORS)
def test_each_step_by_each_role(via, action, who, card, actor):
    before, after, allowed = STEPS[action]
    client = actor(who)
    ReportCard.objects.filter(pk=card.pk).update(status=before)
    response = via(client, card, action, "Please add the locality breakdown.")
    card.refresh_from_db()
    if who in allowed:
        assert response.status_code in (200, 302), response.content[:300]
        assert card.status == after
        step = CardTransition.objects.get(card=card)
        assert (step.action, step.from_status, step.to_status) == (action, before, after)
        assert step.by == client.user
        assert step.comment == "Please add the locality breakdown."
        assert step.at is not None
    else:
        assert response.status_code == 403
        assert card.status == before
        assert not CardTransition.objects.exists()


@pytest.mark.parametrize("via", [_page, _api], ids=["page", "api"])
@pytest.mark.parametrize("action", list(STEPS))
def test_wrong_state_is_a_conflict(via, action, card, actor):
    client = actor("performance_officer")
    ReportCard.objects.filter(pk=card.pk).update(status=WRONG_STATE[action])
    response = via(client, card, action, "A reason")
    assert response.status_code == 409
    assert "The card is" in response.content.decode()
    card.refresh_from_db()
    assert card.status == WRONG_STATE[action]
    assert not CardTransition.objects.exists()


@pytest.mark.parametrize("via", [_page, _api], ids=["page", "api"])
def test_published_card_cannot_be_returned_or_approved(via, card, actor):
    client = actor("performance_officer")
    ReportCard.objects.filter(pk=card.pk).update(status="published")
    for action in ("return", "approve", "submit"):
        assert via(client, card, action, "Reopen").status_code == 409
    card.refresh_from_db()
    assert card.status == "published"


def test_return_without_a_reason_is_refused(card, actor):
    client = actor("lead_officer")
    ReportCard.objects.filter(pk=card.pk).update(status="submitted")
    response = _api(client, card, "return", "")
    assert response.status_code == 400
    assert "Give a reason" in response.json()["detail"]
    page = client.post(f"/performance/report-cards/{card.pk}/return/", {"comment": ""}, follow=True)
    assert "Give a reason" in page.content.decode()
    card.refresh_from_db()
    assert card.status == "submitted"


def test_publish_is_not_an_action_anyone_can_take(card, actor):
    client = actor("performance_officer")
    ReportCard.objects.filter(pk=card.pk).update(status="approved")
    assert client.post(f"/performance/report-cards/{card.pk}/publish/", {"comment": ""}).status_code == 403
    assert client.post(f"/api/v1/report-cards/{card.pk}/publish/").status_code == 404


def test_anonymous_is_sent_to_login_and_refused_by_the_api(client, card):
    assert client.post(f"/performance/report-cards/{card.pk}/submit/").status_code == 302
    assert client.post(f"/api/v1/report-cards/{card.pk}/submit/").status_code in (401, 403)


def test_full_cycle_is_recorded_in_order(card, actor):
    owner, lead = actor("data_owner"), actor("lead_officer")
    assert _api(owner, card, "submit", "").status_code == 200
    assert _api(lead, card, "return", "Background needs the Q3 audit").status_code == 200
    assert _api(owner, card, "submit", "Added the audit").status_code == 200
    body = _api(lead, card, "approve", "").json()
    assert body["status"] == "approved"
    assert [(t["action"], t["by"]) for t in body["transitions"]] == [
        ("submit", str(owner.user.person)), ("return", str(lead.user.person)),
        ("submit", str(owner.user.person)), ("approve", str(lead.user.person)),
    ]
    assert body["transitions"][1]["comment"] == "Background needs the Q3 audit"
