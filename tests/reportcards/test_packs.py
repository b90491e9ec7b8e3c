"""What the agenda pack reads (plain data) and how publishing a pack freezes its cards."""

from datetime import date

import pytest

from core import roles
from performance.reportcards import selectors, services
from performance.reportcards.models import CardTransition
from tests.reportcards.factories import CardFactory, IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def test_cards_for_pack_gives_plain_data(role_client):
    ind = IndicatorFactory(ref="7.2", title="LAC - Rate per 10K Under-18s", polarity="low", unit="rate")
    ObservationFactory(indicator=ind, period=date(2016, 12, 1), value=62.8)
    ObservationFactory(indicator=ind, period=date(2017, 1, 1), value=65.5)
    CardFactory(indicator=ind, period=date(2017, 1, 1), status="approved", background="- Rate rose to 65.5")
    CardFactory(indicator=IndicatorFactory(ref="X"), period=date(2017, 1, 1), status="draft")
    [pack] = selectors.cards_for_pack("2017-01")
    assert pack["indicator"]["ref"] == "7.2"
    assert pack["sections"]["background"] == "- Rate rose to 65.5"
    assert pack["officers"]["lead"] == str(ind.lead_officer)
    assert pack["actions"][0]["description"] == "Review plans every 12 weeks"
    series = pack["performance"]["series"]
    assert [(p["label"], p["value"]) for p in series[-2:]] == [("Dec-16", 62.8), ("Jan-17", 65.5)]
    assert len(series) == 13
    assert selectors.cards_for_pack("2017-01", indicator_refs=["X"]) == []


def test_publishing_a_pack_freezes_its_cards(role_client):
    perf = role_client(roles.PERFORMANCE_OFFICER)
    card = CardFactory(status="approved")
    services.publish_cards([card], "v2")
    card.refresh_from_db()
    assert (card.status, card.published_in) == ("published", "v2")
    step = CardTransition.objects.get(card=card)
    assert (step.action, step.by_name) == ("publish", "Agenda pack v2")
    services.publish_cards([card], "v2")  # publishing the same pack again changes nothing
    assert CardTransition.objects.filter(card=card).count() == 1
    r = perf.patch(f"/api/v1/report-cards/{card.pk}/", {"version": 1, "background": "x"},
                   content_type="application/json")
    assert r.status_code == 403


def test_a_pack_with_an_unapproved_card_publishes_nothing():
    ok, draft = CardFactory(status="approved"), CardFactory(status="draft")
    with pytest.raises(services.CardRefused) as exc:
        services.publish_cards([ok, draft], "v1")
    assert "not approved" in exc.value.message and draft.indicator.ref in exc.value.message
    ok.refresh_from_db()
    assert ok.status == "approved"
