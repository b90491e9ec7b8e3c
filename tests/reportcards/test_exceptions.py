"""The exception report: vital signs meeting the criteria (from the engine) with reasons and
their cards; officers add one not picked automatically, with a reason."""

from datetime import date

import pytest

from core import roles
from performance.reportcards.models import ReportCard
from tests.reportcards.factories import CardFactory, IndicatorFactory, ObservationFactory, TargetFactory

pytestmark = pytest.mark.django_db

JAN = date(2019, 1, 1)


@pytest.fixture
def vital_signs(db):
    # CIN 4 (high is good, target 100, relative 10%): 71.4% is red and more than 5% below target.
    cin = IndicatorFactory(ref="CIN 4", title="Child in Need (CIN) with up to date CIN Plan")
    TargetFactory(indicator=cin, financial_year=2018, value=100)
    for period, v in [(date(2018, 11, 1), 70.2), (date(2018, 12, 1), 69.3), (JAN, 71.4)]:
        ObservationFactory(indicator=cin, period=period, value=v)
    # EH 1 (low is good, target 20): 4.6% is well within target.
    eh = IndicatorFactory(ref="EH 1", title="Re-referrals into Early Help", polarity="low")
    TargetFactory(indicator=eh, financial_year=2018, value=20)
    for period, v in [(date(2018, 11, 1), 5.3), (date(2018, 12, 1), 2.7), (JAN, 4.6)]:
        ObservationFactory(indicator=eh, period=period, value=v)
    card = CardFactory(indicator=cin, period=JAN)
    return cin, eh, card


def test_report_lists_exceptions_with_reasons_and_cards(vital_signs, role_client):
    cin, eh, card = vital_signs
    page = role_client(roles.MEMBER).get("/performance/report-cards/exceptions/?period=2019-01")
    assert page.status_code == 200
    picked = page.context["picked"]
    assert [r["indicator"].ref for r in picked] == ["CIN 4"]
    assert picked[0]["card"] == card
    assert "RAG is red" in picked[0]["reasons"]
    assert any("worse than target 100.0% by 28.6%" in r for r in picked[0]["reasons"])
    assert [r["indicator"].ref for r in page.context["others"]] == ["EH 1"]
    assert "worse than target 100.0% by 28.6%" in page.content.decode()


def test_officer_adds_a_card_for_one_not_picked(vital_signs, role_client):
    cin, eh, _ = vital_signs
    perf = role_client(roles.PERFORMANCE_OFFICER)
    r = perf.post("/performance/report-cards/exceptions/?period=2019-01",
                  {"indicator": eh.pk, "reason": "Early Help re-design affects the budget"})
    assert r.status_code == 302
    card = ReportCard.objects.get(indicator=eh, period=JAN)
    assert card.manual_exception_reason == "Early Help re-design affects the budget"
    page = perf.get("/performance/report-cards/exceptions/?period=2019-01")
    assert [r["indicator"].ref for r in page.context["manual"]] == ["EH 1"]
    assert page.context["manual"][0]["reasons"] == ["added by an officer: Early Help re-design affects the budget"]


def test_adding_needs_a_reason_and_the_right_role(vital_signs, role_client):
    _, eh, _ = vital_signs
    perf = role_client(roles.PERFORMANCE_OFFICER)
    r = perf.post("/performance/report-cards/exceptions/?period=2019-01", {"indicator": eh.pk, "reason": ""})
    assert r.status_code == 400
    member = role_client(roles.MEMBER)
    assert member.post("/performance/report-cards/exceptions/?period=2019-01",
                       {"indicator": eh.pk, "reason": "x"}).status_code == 403
    assert not ReportCard.objects.filter(indicator=eh).exists()
