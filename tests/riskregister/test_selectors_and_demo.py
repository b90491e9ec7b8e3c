"""What other areas read: the committee's register rows, indicators affecting corporate risks;
and the demo loader (the seed's four risks through the import path, idempotent)."""

import io
from datetime import date

import pytest

from core import roles
from riskregister import demo, selectors, services
from riskregister.models import Level, Register, Risk, RiskLink, RiskReview
from tests.riskregister.factories import RegisterFactory, RiskFactory

pytestmark = pytest.mark.django_db


def test_register_rows_are_the_seed_columns_in_order(register, seed_register_bytes):
    services.import_register(register, seed_register_bytes, "tsv", dry_run=False)
    rows = selectors.register_rows(register)
    seed_lines = [line.split("\t") for line in seed_register_bytes.decode().splitlines()[6:10]]
    assert len(rows) == 4 and all(len(r) == len(selectors.COLUMNS) for r in rows)
    for row, seed in zip(rows, seed_lines, strict=True):
        # every column as the pack prints it, except direction of travel (computed; the seed leaves it blank)
        assert [str(v) for v in row] == [s.strip() for s in seed[:20]]


def test_register_rows_as_at_a_date_show_the_review_then(make_user, register, seed_register_bytes):
    services.import_register(register, seed_register_bytes, "tsv", dry_run=False)
    admin = make_user(roles.ADMINISTRATOR)
    risk = Risk.objects.get(risk_number="RM14284")
    services.record_review(risk, user=admin, likelihood=2, impact=3, reviewed_on=date(2017, 5, 30))
    now = {r[2]: r for r in selectors.register_rows(register)}
    then = {r[2]: r for r in selectors.register_rows(register, as_at=date(2017, 3, 31))}
    assert now["RM14284"][8] == 6 and now["RM14284"][15] == "Improving"
    assert then["RM14284"][8] == 12 and then["RM14284"][19] == "28/02/2017"
    assert selectors.register_rows(register, as_at=date(2014, 1, 1)) == [
        r for r in selectors.register_rows(register) if r[2] in ("RM14147", "RM14148")
    ]


def test_indicators_affecting_a_corporate_risk():
    corporate_risk = RiskFactory(level=Level.CORPORATE, current_likelihood=3, current_impact=5)
    departmental = RiskFactory(level=Level.DEPARTMENTAL, current_likelihood=3, current_impact=5)
    low_corporate = RiskFactory(level=Level.CORPORATE, current_likelihood=1, current_impact=2)
    on_corporate_register = RiskFactory(register=RegisterFactory(level=Level.CORPORATE), current_likelihood=4,
                                        current_impact=4)
    services.link(corporate_risk, kind=RiskLink.Kind.INDICATOR, ref="4.5")
    services.link(departmental, kind=RiskLink.Kind.INDICATOR, ref="11.1")
    services.link(low_corporate, kind=RiskLink.Kind.INDICATOR, ref="2.1")
    services.link(on_corporate_register, kind=RiskLink.Kind.INDICATOR, ref="3.2")
    services.link(corporate_risk, kind=RiskLink.Kind.BUDGET_LINE, ref="home-to-school-transport")
    assert selectors.indicator_refs_affecting_corporate_risk(12) == {"4.5", "3.2"}
    assert selectors.indicator_refs_affecting_corporate_risk(16) == {"3.2"}
    assert selectors.indicator_refs_affecting_corporate_risk(1) == {"4.5", "3.2", "2.1"}


def test_demo_loads_the_seed_register_idempotently(make_user):
    owner = make_user(roles.RISK_OWNER, username="riskowner")
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    register = Register.objects.get(name="Children's Service Risk Register")
    assert register.prepared_by.name == "Don Evans"
    assert Risk.objects.count() == 4 and RiskReview.objects.count() == 4
    assert {r.risk_number: r.current_score for r in Risk.objects.all()} == {
        "RM14284": 12, "RM14147": 15, "RM14157": 15, "RM14148": 15,
    }
    transport = Risk.objects.get(risk_number="RM14284")
    assert transport.owner == owner.person
    assert [p.name for p in transport.delegates.all()] == ["Chris Snudden"]
    assert Register.objects.filter(level=Level.CORPORATE).exists()
    actions = transport.actions.count()
    demo.load(io.StringIO())
    assert transport.actions.count() == actions and RiskLink.objects.count() == len(demo.LINKS)
