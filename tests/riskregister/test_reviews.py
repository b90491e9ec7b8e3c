"""Reviews: kept one by one, scores computed, direction of travel from the history, and only
the owner, a delegate or an administrator may record one (members read only)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core import roles
from riskregister import services
from riskregister.models import RiskReview
from tests.factories import PersonFactory
from tests.riskregister.factories import RiskFactory
from tests.utils import problem_fields

pytestmark = pytest.mark.django_db


def review(risk, user, likelihood, impact, on, **kw):
    return services.record_review(
        risk, user=user, likelihood=likelihood, impact=impact, reviewed_on=on, prospects="amber", **kw
    )


def test_scores_are_computed_on_save_never_typed():
    risk = RiskFactory(current_likelihood=4, current_impact=3, target_likelihood=2, target_impact=3)
    risk.current_score = 99
    risk.save()
    risk.refresh_from_db()
    assert (risk.current_score, risk.target_score) == (12, 6)


def test_each_review_is_kept_and_direction_follows_the_history(make_user):
    user = make_user(roles.RISK_OWNER)
    risk = RiskFactory(owner=user.person, current_likelihood=4, current_impact=3)
    review(risk, user, 4, 3, date(2017, 2, 28))
    risk.refresh_from_db()
    assert risk.direction_of_travel is None  # nothing earlier to compare with

    review(risk, user, 3, 3, date(2017, 5, 28), progress_update="Transport invest-to-save post filled")
    risk.refresh_from_db()
    assert (risk.current_likelihood, risk.current_score, risk.direction_of_travel) == (3, 9, "improving")
    assert risk.progress_update == "Transport invest-to-save post filled"

    review(risk, user, 3, 3, date(2017, 8, 28))
    risk.refresh_from_db()
    assert risk.direction_of_travel == "unchanged"

    review(risk, user, 4, 4, date(2017, 11, 28))
    risk.refresh_from_db()
    assert risk.direction_of_travel == "worsening"
    assert risk.current_score == 16
    assert risk.date_of_last_review == date(2017, 11, 28)
    assert risk.next_review_due == date(2018, 2, 26)  # 90 days on
    assert list(RiskReview.objects.filter(risk=risk).values_list("score", "direction_of_travel")) == [
        (12, None), (9, "improving"), (9, "unchanged"), (16, "worsening"),
    ]


def test_every_change_to_the_risk_keeps_its_history(make_user):
    user = make_user(roles.RISK_OWNER)
    risk = RiskFactory(owner=user.person, current_likelihood=4, current_impact=3)
    review(risk, user, 2, 3, date(2017, 2, 28))
    scores = list(risk.history.order_by("history_date").values_list("current_score", flat=True))
    assert scores[0] == 12 and scores[-1] == 6


def test_an_impossible_likelihood_is_refused_and_nothing_changes(make_user):
    user = make_user(roles.RISK_OWNER)
    risk = RiskFactory(owner=user.person)
    with pytest.raises(ValidationError):
        review(risk, user, 6, 3, date(2017, 2, 28))
    assert not risk.reviews.exists()


def test_a_delegate_may_review_without_the_risk_owner_role(make_user):
    delegate = make_user(roles.DATA_OWNER)
    risk = RiskFactory()
    risk.delegates.add(delegate.person)
    review(risk, delegate, 2, 2, date(2017, 2, 28))
    assert risk.reviews.count() == 1


@pytest.mark.parametrize("role", [roles.MEMBER, roles.PERFORMANCE_OFFICER, roles.RISK_OWNER, roles.FINANCE_OFFICER])
def test_others_cannot_review(make_user, role):
    other = make_user(role)
    risk = RiskFactory(owner=PersonFactory())
    with pytest.raises(PermissionDenied):
        review(risk, other, 2, 2, date(2017, 2, 28))
    assert not risk.reviews.exists()


def test_a_member_named_as_delegate_still_only_reads(make_user):
    member = make_user(roles.MEMBER)
    risk = RiskFactory()
    risk.delegates.add(member.person)
    assert not member.has_perm("riskregister.review_risk", risk)


def test_review_page_owner_records_a_review(owner_client):
    risk = RiskFactory(owner=owner_client.user.person, current_likelihood=4, current_impact=3)
    url = reverse("riskregister:review", args=[risk.pk])
    assert owner_client.get(url).status_code == 200
    response = owner_client.post(url, {
        "likelihood": 2, "impact": 3, "target_likelihood": 2, "target_impact": 3, "target_date": "2017-03-31",
        "progress_update": "Better", "prospects": "green", "reviewed_on": "2017-03-01",
    })
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.current_score == 6


def test_review_page_and_api_answer_403_to_a_member_and_another_owner(role_client):
    risk = RiskFactory(current_likelihood=4, current_impact=3)
    for role in (roles.MEMBER, roles.RISK_OWNER):
        c = role_client(role)
        assert c.get(reverse("riskregister:review", args=[risk.pk])).status_code == 403
        assert c.post(reverse("riskregister:review", args=[risk.pk]), {"likelihood": 1}).status_code == 403
        api = c.post("/api/v1/reviews/", {"risk": risk.pk, "likelihood": 1, "impact": 1},
                     content_type="application/json")
        assert api.status_code == 403, api.content
        # members and other owners still read
        assert c.get(reverse("riskregister:risk", args=[risk.pk])).status_code == 200
        assert c.get("/api/v1/risks/").status_code == 200
    risk.refresh_from_db()
    assert risk.current_score == 12 and not risk.reviews.exists()


def test_member_cannot_change_risks_or_actions_through_the_api(role_client):
    risk = RiskFactory()
    member = role_client(roles.MEMBER)
    assert member.patch(f"/api/v1/risks/{risk.pk}/", {"name": "x"}, content_type="application/json").status_code == 403
    assert member.post("/api/v1/actions/", {"risk": risk.pk, "description": "x"},
                       content_type="application/json").status_code == 403


def test_api_review_by_the_owner_sets_scores_and_direction(owner_client):
    risk = RiskFactory(owner=owner_client.user.person, current_likelihood=4, current_impact=3)
    first = owner_client.post("/api/v1/reviews/", {"risk": risk.pk, "likelihood": 4, "impact": 3,
                                                   "reviewed_on": "2017-02-28", "prospects": "red"},
                              content_type="application/json")
    assert first.status_code == 201, first.content
    second = owner_client.post("/api/v1/reviews/", {"risk": risk.pk, "likelihood": 2, "impact": 3,
                                                    "reviewed_on": "2017-05-28", "prospects": "amber"},
                               content_type="application/json")
    assert second.status_code == 201
    assert second.json()["score"] == 6 and second.json()["direction_of_travel"] == "improving"
    data = owner_client.get(f"/api/v1/risks/{risk.pk}/").json()
    assert (data["current_score"], data["direction_of_travel"], data["prospects"]) == (6, "improving", "amber")


def test_api_refuses_changing_scores_outside_a_review(owner_client):
    risk = RiskFactory(owner=owner_client.user.person, current_likelihood=4, current_impact=3)
    response = owner_client.patch(f"/api/v1/risks/{risk.pk}/", {"current_likelihood": 1},
                                  content_type="application/json")
    assert response.status_code == 400
    assert "review" in problem_fields(response.json())["current_likelihood"][0]


def test_a_back_dated_review_puts_the_directions_right(make_user):
    user = make_user(roles.RISK_OWNER)
    risk = RiskFactory(owner=user.person)
    review(risk, user, 4, 3, date(2017, 2, 28))
    review(risk, user, 2, 3, date(2017, 8, 28))
    review(risk, user, 4, 4, date(2017, 5, 28))  # entered late, dated between the two
    assert list(risk.reviews.order_by("reviewed_on").values_list("score", "direction_of_travel")) == [
        (12, None), (16, "worsening"), (6, "improving"),
    ]
    risk.refresh_from_db()
    assert (risk.current_score, risk.direction_of_travel) == (6, "improving")


def test_a_future_dated_review_is_refused(make_user):
    from datetime import timedelta

    from django.utils import timezone

    user = make_user(roles.RISK_OWNER)
    risk = RiskFactory(owner=user.person)
    with pytest.raises(ValidationError):
        review(risk, user, 2, 2, timezone.localdate() + timedelta(days=1))


def test_api_risk_created_4x3_then_reviewed_5x3_is_worsening(make_user):
    """The scores a risk is entered with are its first assessment, so the first review has a direction."""
    from django.test import Client

    from tests.riskregister.factories import RegisterFactory

    user = make_user(roles.RISK_OWNER)
    client = Client()
    client.force_login(user)
    register = RegisterFactory()
    created = client.post("/api/v1/risks/", {
        "register": register.pk, "risk_number": "RM9001", "name": "Placement sufficiency",
        "owner": user.person.pk, "date_entered": "2017-01-10", "current_likelihood": 4, "current_impact": 3,
        "target_likelihood": 2, "target_impact": 2,
    }, content_type="application/json")
    assert created.status_code == 201, created.content
    risk_id = created.json()["id"]
    assert created.json()["next_review_due"] is not None
    reviewed = client.post("/api/v1/reviews/", {"risk": risk_id, "likelihood": 5, "impact": 3,
                                                 "reviewed_on": "2017-02-28"}, content_type="application/json")
    assert reviewed.status_code == 201, reviewed.content
    assert reviewed.json()["direction_of_travel"] == "worsening"
    assert client.get(f"/api/v1/risks/{risk_id}/").json()["direction_of_travel"] == "worsening"


def test_api_refuses_review_dates_in_the_future_or_before_entry_and_computed_fields(owner_client):
    from datetime import timedelta

    from django.utils import timezone

    risk = RiskFactory(owner=owner_client.user.person, date_entered=date(2017, 1, 10))
    for when, words in [(timezone.localdate() + timedelta(days=1), "future"), (date(2017, 1, 9), "before")]:
        r = owner_client.post("/api/v1/reviews/", {"risk": risk.pk, "likelihood": 2, "impact": 2,
                                                   "reviewed_on": when.isoformat()}, content_type="application/json")
        # a well-formed date that the risk's own dates rule out: a conflict (409), naming the field
        assert r.status_code == 409 and words in problem_fields(r.json())["reviewed_on"][0]
    for field, value in [("next_review_due", "2030-01-01"), ("current_score", 1), ("band", "Low")]:
        r = owner_client.patch(f"/api/v1/risks/{risk.pk}/", {field: value}, content_type="application/json")
        assert r.status_code == 400 and field in problem_fields(r.json()), (field, r.content)
