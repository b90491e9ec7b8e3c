"""A departmental risk escalated to the corporate register stays the same risk with its history."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core import roles
from riskregister import selectors, services
from riskregister.models import Level
from tests.riskregister.factories import RegisterFactory, RiskFactory

pytestmark = pytest.mark.django_db


def test_escalation_moves_the_risk_and_keeps_reviews_and_history(make_user):
    admin = make_user(roles.ADMINISTRATOR)
    department = RegisterFactory(level=Level.DEPARTMENTAL)
    corporate = RegisterFactory(name="Corporate Risk Register", level=Level.CORPORATE)
    risk = RiskFactory(register=department, level=Level.DEPARTMENTAL, risk_number="RM14157")
    services.record_review(risk, user=admin, likelihood=3, impact=5, reviewed_on=date(2017, 2, 28))

    services.escalate(risk, to_register=corporate, user=admin, reason="Capacity affects the whole council")

    risk.refresh_from_db()
    assert (risk.register, risk.level) == (corporate, Level.CORPORATE)
    assert risk.reviews.count() == 1  # the department's review goes with it
    registers = list(risk.history.order_by("history_date").values_list("register_id", flat=True))
    assert registers[0] == department.pk and registers[-1] == corporate.pk
    assert "Escalated from" in risk.history.latest().history_change_reason
    escalation = risk.escalations.get()
    assert (escalation.from_level, escalation.to_level, escalation.escalated_by) == ("D", "C", admin)
    assert selectors.register_rows(corporate)[0][2] == "RM14157"
    assert selectors.register_rows(department) == []


def test_only_an_administrator_escalates(make_user, role_client):
    owner = make_user(roles.RISK_OWNER)
    risk = RiskFactory(owner=owner.person)
    corporate = RegisterFactory(level=Level.CORPORATE)
    with pytest.raises(PermissionDenied):
        services.escalate(risk, to_register=corporate, user=owner)
    c = role_client(roles.MEMBER)
    assert c.post(reverse("riskregister:escalate", args=[risk.pk]), {"to_register": corporate.pk}).status_code == 403
    admin = role_client(roles.ADMINISTRATOR)
    response = admin.post(reverse("riskregister:escalate", args=[risk.pk]), {"to_register": corporate.pk})
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.register == corporate
