"""Risk scores change only through a review, whoever asks (API, admin); a new risk is created by
one service that puts it after the register's last risk and keeps its first scores as a review."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core import roles
from riskregister import services
from riskregister.models import Risk, RiskReview
from tests.factories import PersonFactory
from tests.riskregister.factories import RegisterFactory, RiskFactory

pytestmark = pytest.mark.django_db


def _risk_body(register, owner, number):
    return {
        "register": register.pk, "level": "D", "risk_number": number, "name": "Placement sufficiency",
        "owner": owner.pk, "current_likelihood": 4, "current_impact": 3, "target_likelihood": 2,
        "target_impact": 2, "target_date": "2017-03-31",
    }


def test_create_risk_places_it_last_and_keeps_its_first_review(make_user):
    register = RegisterFactory(review_interval_days=90)
    RiskFactory(register=register, position=7)
    user = make_user(roles.RISK_OWNER)
    risk = services.create_risk(
        user=user, register=register, risk_number="RM999", name="New", owner=user.person, current_likelihood=4,
        current_impact=3, target_likelihood=2, target_impact=2,
    )
    today = timezone.localdate()
    assert risk.position == 8
    assert (risk.current_score, risk.date_of_last_review) == (12, today)
    assert risk.next_review_due == today + timedelta(days=90)
    (first,) = RiskReview.objects.filter(risk=risk)
    assert (first.score, first.target_score, first.created_by) == (12, 4, user)


def test_api_creates_through_the_service(admin_client_user):
    register = RegisterFactory()
    RiskFactory(register=register, position=3)
    owner = PersonFactory()
    response = admin_client_user.post(
        "/api/v1/risks/", _risk_body(register, owner, "RM1000"), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    risk = Risk.objects.get(risk_number="RM1000")
    assert risk.position == 4
    assert risk.next_review_due is not None
    assert response.json()["current_score"] == 12 and response.json()["date_of_last_review"]
    assert risk.reviews.count() == 1


def test_api_refuses_a_score_change_outside_a_review(admin_client_user):
    risk = RiskFactory()
    response = admin_client_user.patch(
        f"/api/v1/risks/{risk.pk}/", {"current_likelihood": 5}, content_type="application/json"
    )
    assert response.status_code == 400
    risk.refresh_from_db()
    assert risk.current_likelihood == 3


def test_admin_shows_scores_read_only_on_a_risk_and_adds_risks_through_the_service(admin_client):
    risk = RiskFactory(current_likelihood=3, current_impact=4)
    page = admin_client.get(f"/admin/riskregister/risk/{risk.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert not {"current_likelihood", "current_impact", "target_likelihood", "target_impact"} & set(form.fields)

    register = RegisterFactory()
    RiskFactory(register=register, position=5)
    owner = PersonFactory()
    data = {
        "register": register.pk, "level": "D", "risk_number": "RM2000", "name": "Added in the admin",
        "owner": owner.pk, "current_likelihood": 2, "current_impact": 5, "target_likelihood": 1,
        "target_impact": 5, "position": 0,
    }
    for prefix in ("actions", "links"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = admin_client.post("/admin/riskregister/risk/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    added = Risk.objects.get(risk_number="RM2000")
    assert added.position == 6 and added.reviews.count() == 1 and added.current_score == 10


def test_a_review_added_in_the_admin_moves_the_risk(admin_client):
    risk = RiskFactory(current_likelihood=3, current_impact=4)
    response = admin_client.post(
        "/admin/riskregister/riskreview/add/",
        {"risk": risk.pk, "reviewed_on": date(2017, 2, 1).isoformat(), "likelihood": 5, "impact": 5,
         "target_likelihood": 2, "target_impact": 2, "progress_update": "", "prospects": "", "reviewer_names": ""},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    risk.refresh_from_db()
    assert (risk.current_score, risk.date_of_last_review) == (25, date(2017, 2, 1))
