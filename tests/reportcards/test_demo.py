"""The seeds' report cards load through the services, with their workflow, twice without change."""

import io
from datetime import date

import pytest

from core import roles
from core.services import ensure_demo_users
from performance.reportcards import demo
from performance.reportcards.models import CardTransition, ReportCard, ReportingCycle
from tests.reportcards.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

REFS = ["EH 1", "CP 1", "CP 2", "CIN 4", "LAC 1", "LAC 2", "CL 2", "LAC 5", "TF 1"]


def test_seed_cards_load_once_with_their_states():
    users = ensure_demo_users("demo-pass-123")
    dana = users[roles.DATA_OWNER].person
    for ref in REFS:
        IndicatorFactory(ref=ref, data_owner=dana)
    out = io.StringIO()
    demo.load(out)
    demo.load(out)
    assert ReportCard.objects.count() == 9
    states = dict(ReportCard.objects.values_list("indicator__ref", "status"))
    assert states == {"EH 1": "approved", "CP 1": "approved", "CP 2": "approved", "CIN 4": "draft",
                      "LAC 1": "approved", "LAC 2": "submitted", "CL 2": "approved", "LAC 5": "approved",
                      "TF 1": "approved"}
    troubled = ReportCard.objects.get(indicator__ref="TF 1")  # the March 2017 pack's Early Help update
    assert str(troubled.period) == "2017-02-01" and "claimed through PbR to date: 574" in troubled.background
    assert len(troubled.actions) == 5
    lac = ReportCard.objects.get(indicator__ref="LAC 5")  # the 2016-17 quarterly vital sign
    assert str(lac.period) == "2016-12-01"
    assert "rise to 65.5" in lac.background
    assert lac.indicator.lead_officer.name == "Cathy Mouser"
    assert lac.indicator.data_owner.name == "Don Evans"
    assert lac.definition.startswith("Looked After Children are those children")
    assert len(lac.actions) == 4
    eh = ReportCard.objects.get(indicator__ref="EH 1")
    assert eh.success_looks_like == (
        "Less than 20% of children referred to early help will have had a previous referral."
    )
    assert CardTransition.objects.filter(card=eh).count() == 2
    assert set(ReportingCycle.objects.values_list("commentary_due", flat=True)) == {
        date(2019, 2, 20), date(2017, 2, 22), date(2017, 2, 24)}
    assert "<u>" not in ReportCard.objects.get(indicator__ref="CP 1").why_important
