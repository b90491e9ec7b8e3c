"""The API contract as the issue states it: names and values other systems rely on."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from core import roles
from performance.models import Indicator, Observation, Target
from tests.utils import problem_fields

from .factories import IndicatorFactory, ObservationFactory, TargetFactory

pytestmark = pytest.mark.django_db

RE_REFERRALS = {
    "ref": "2.7",
    "title": "Re-referrals - % (in-month)",
    "area": "Contact & Referrals",
    "polarity": "low",
    "unit": "percentage",
    "frequency": "monthly",
    "aggregation": "ratio",
    "rag_rule": {"method": "thresholds", "green": 20, "red": 30},
}


def api(make_user, role=roles.PERFORMANCE_OFFICER):
    client = APIClient()
    user = make_user(role)
    client.force_authenticate(user)
    client.user = user
    return client


def test_the_issue_example_end_to_end(make_user):
    client = api(make_user)
    created = client.post("/api/v1/indicators/", {**RE_REFERRALS, "target": 20}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["rag_rule"] == {"method": "thresholds", "green": 20.0, "red": 30.0}
    assert body["polarity"] == "low" and body["aggregation"] == "ratio" and body["benchmarks"] == []
    indicator = Indicator.objects.get(ref="2.7")
    indicator.multiplier = 100  # a percentage from numerator/denominator
    indicator.save()
    Target.objects.update_or_create(indicator=indicator, financial_year=2016, defaults={"value": 20})

    bulk = client.post(
        "/api/v1/observations/bulk/",
        [
            {"indicator": "2.7", "period": "2016-12", "value": 20.0},
            {"indicator": "2.7", "period": "2017-01", "numerator": 185, "denominator": 776},
        ],
        format="json",
    )
    assert bulk.status_code == 200, bulk.json()
    counts = {k: bulk.json()[k] for k in ("total", "new", "changed", "unchanged", "written", "dry_run", "errors")}
    assert counts == {"total": 2, "new": 2, "changed": 0, "unchanged": 0, "written": True, "dry_run": False,
                      "errors": []}

    status = client.get(f"/api/v1/indicators/{indicator.pk}/status/?period=2017-01").json()
    assert (status["value"], status["rag"], status["dot"]) == (23.8, "amber", "worsening")
    assert status["target"] == 20.0 and status["numerator"] == 185 and status["denominator"] == 776
    assert set(status) >= {"ytd", "previous_ytd", "trend", "spc", "exception", "reasons", "explanation"}
    assert status["trend"] == "incomplete"
    assert status["spc"]["trial"] is True
    assert status["exception"] is True and status["reasons"][0].startswith("worse than target 20.0%")
    assert "above green 20.0% but not above red 30.0%" in status["explanation"]["rag"]
    assert "low is good, so worsening" in status["explanation"]["dot"]


def test_bulk_is_all_or_nothing_with_errors_per_item(make_user):
    IndicatorFactory(ref="2.7", polarity="low", green_threshold=20, red_threshold=30)
    client = api(make_user)
    response = client.post(
        "/api/v1/observations/bulk/",
        [
            {"indicator": "2.7", "period": "2017-01", "numerator": 185, "denominator": 776},
            {"indicator": "2.7", "period": "2017-1", "value": 20},
            {"indicator": "nope", "period": "2017-02", "value": 20},
            {"indicator": "2.7", "period": "2017-03", "numerator": 900, "denominator": 776},
        ],
        format="json",
    )
    assert response.status_code == 400
    assert [(e["index"], e["field"]) for e in response.json()["errors"]] == [
        (1, "period"),
        (2, "indicator"),
        (3, "numerator"),
    ]
    assert not Observation.objects.exists()


def test_bulk_upserts(make_user):
    ind = IndicatorFactory(
        ref="3.1",
        unit="count",
        aggregation="sum",
        polarity="info",
        rag_method="",
        green_threshold=None,
        red_threshold=None,
        multiplier=1,
    )
    ObservationFactory(indicator=ind, period=date(2017, 1, 1), value=600)
    client = api(make_user)
    body = client.post(
        "/api/v1/observations/bulk/", [{"indicator": "3.1", "period": "2017-01", "value": 620}], format="json"
    ).json()
    assert (body["new"], body["changed"]) == (0, 1)
    assert Observation.objects.get().value == 620


def test_bulk_refuses_a_body_that_is_not_a_list(make_user):
    response = api(make_user).post("/api/v1/observations/bulk/", {"indicator": "2.7"}, format="json")
    # A JSON object is the {"items": [...], "dry_run": ...} form: other members are named as unknown.
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "indicator"
    assert response["Content-Type"] == "application/problem+json"


def test_create_one_observation_and_filter_the_list(make_user):
    ind = IndicatorFactory(ref="2.7", polarity="low", green_threshold=20, red_threshold=30)
    ObservationFactory(indicator=ind, period=date(2016, 11, 1), value=26.4)
    ObservationFactory(indicator=ind, period=date(2016, 12, 1), value=20.0)
    ObservationFactory(
        indicator=ind, period=date(2017, 1, 1), value=23.8, breakdown_dimension="Locality", breakdown_member="East"
    )
    client = api(make_user)
    created = client.post(
        "/api/v1/observations/", {"indicator": "2.7", "period": "2017-01", "value": 23.8}, format="json"
    )
    assert created.status_code == 201 and created.json()["period"] == "2017-01"
    listed = client.get("/api/v1/observations/?indicator=2.7&period_from=2016-12&period_to=2017-01").json()
    assert [(o["period"], o["breakdown_member"]) for o in listed["results"]] == [
        ("2016-12", ""),
        ("2017-01", ""),
        ("2017-01", "East"),
    ]
    east = client.get("/api/v1/observations/?breakdown_member=East").json()
    assert east["count"] == 1
    assert client.get("/api/v1/observations/?period_from=Jan-17").status_code == 400
    bad = client.post("/api/v1/observations/", {"indicator": "2.7", "period": "2017-02", "value": 130}, format="json")
    # a number the schema allows, but not for a percentage indicator: a conflict with it
    assert bad.status_code == 409 and "between 0 and 100" in str(bad.json())


def test_a_rule_that_contradicts_polarity_is_refused(make_user):
    client = api(make_user)
    response = client.post(
        "/api/v1/indicators/",
        {
            **RE_REFERRALS,
            "ref": "3.3",
            "polarity": "high",
            "rag_rule": {"method": "thresholds", "green": 70, "red": 80},
        },
        format="json",
    )
    assert response.status_code == 400 and "overlap" in problem_fields(response.json())["rag_rule"][0]


def test_indicator_filters_and_current_target(make_user):
    owner = make_user(roles.DATA_OWNER).person
    a = IndicatorFactory(ref="A", area="LAC", vital_sign=True, data_owner=owner)
    IndicatorFactory(ref="B", area="CIN", vital_sign=False)
    TargetFactory(indicator=a, financial_year=2016, value=90)
    client = api(make_user)
    assert [i["ref"] for i in client.get("/api/v1/indicators/?area=LAC").json()["results"]] == ["A"]
    assert [i["ref"] for i in client.get("/api/v1/indicators/?vital_sign=false").json()["results"]] == ["B"]
    assert [i["ref"] for i in client.get(f"/api/v1/indicators/?owner={owner.pk}").json()["results"]] == ["A"]
    assert client.get("/api/v1/indicators/?ref=A").json()["results"][0]["target"] == 90  # latest year's


def test_a_data_owner_enters_figures_only_for_their_indicators(make_user):
    client = api(make_user, roles.DATA_OWNER)
    IndicatorFactory(ref="mine", data_owner=client.user.person)
    IndicatorFactory(ref="theirs")
    ok = client.post(
        "/api/v1/observations/bulk/", [{"indicator": "mine", "period": "2017-01", "value": 50}], format="json"
    )
    assert ok.status_code == 200
    denied = client.post(
        "/api/v1/observations/bulk/", [{"indicator": "theirs", "period": "2017-01", "value": 50}], format="json"
    )
    assert denied.status_code == 403 and Observation.objects.count() == 1
    assert client.post("/api/v1/indicators/", RE_REFERRALS, format="json").status_code == 403


def test_members_read_and_anonymous_users_are_refused(make_user):
    IndicatorFactory(ref="A")
    member = api(make_user, roles.MEMBER)
    assert member.get("/api/v1/dashboard/").status_code == 200
    assert member.post("/api/v1/observations/bulk/", [], format="json").status_code == 403
    assert APIClient().get("/api/v1/indicators/").status_code in (401, 403)


def test_dashboard_endpoint_returns_statuses_for_a_period(make_user):
    a = IndicatorFactory(ref="A", polarity="high")
    TargetFactory(indicator=a, financial_year=2016, value=90)
    ObservationFactory(indicator=a, period=date(2016, 12, 1), value=85, numerator=None)
    ObservationFactory(indicator=a, period=date(2017, 1, 1), value=95)
    rows = api(make_user).get("/api/v1/dashboard/?period=2017-01").json()["results"]
    assert [(r["ref"], r["rag"], r["dot"], r["period"]) for r in rows] == [("A", "green", "improving", "2017-01")]


def test_out_of_range_filters_are_bad_requests_not_errors(make_user):
    client = api(make_user)
    assert client.get("/api/v1/dashboard/?owner=-1.8e262").status_code == 400
    assert client.get("/api/v1/indicators/?owner=99999999999999").status_code == 400
    assert client.get("/api/v1/dashboard/?period=0001-01").status_code == 400


def test_bulk_items_with_impossible_numbers_are_item_errors(make_user):
    IndicatorFactory(
        ref="3.1",
        unit="count",
        aggregation="sum",
        polarity="info",
        rag_method="",
        green_threshold=None,
        red_threshold=None,
        multiplier=1,
    )
    response = api(make_user).post(
        "/api/v1/observations/bulk/",
        [
            {"indicator": "3.1", "period": "2017-01", "value": 10**400},
            {"indicator": "3.1", "period": "2017-02", "value": True},
        ],
        format="json",
    )
    assert response.status_code == 400
    assert [(e["index"], e["field"]) for e in response.json()["errors"]] == [(0, "value"), (1, "value")]
