"""The API contract other systems are written against (issue 15): the root, one error shape,
401/403, strict writes, timestamps and modified_since, changes/, ETag and If-Match, lists,
tokens and throttling."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.authtoken.models import Token

from core import roles, tokens
from core.models import ApiToken
from performance.models import Observation
from tests.performance.factories import IndicatorFactory, ObservationFactory
from tests.utils import problem_fields

pytestmark = pytest.mark.django_db

JSON = {"content_type": "application/json"}


def token_client(user, key=None):
    key = key or Token.objects.create(user=user).key
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def perf(make_user):
    return token_client(make_user(roles.PERFORMANCE_OFFICER, username="perf-api"))


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert {"type", "title", "status", "detail", "errors"} <= set(body)
    assert body["status"] == status
    return body


# --- the root ---------------------------------------------------------------


@pytest.mark.parametrize("role", list(roles.DEMO_USERNAMES))
def test_the_root_lists_every_endpoint_of_every_area_for_every_role(role, make_user):
    client = token_client(make_user(role))
    response = client.get("/api/v1/")
    assert response.status_code == 200
    paths = set(response.json())
    for expected in ["people/", "jobs/", "changes/", "indicators/", "indicators/{pk}/status/", "observations/bulk/",
                     "report-cards/", "risks/", "risks/heat-map/", "reviews/", "budget-lines/bulk/", "committees/",
                     "meetings/", "meetings/{meeting_pk}/packs/", "packs/{pk}/", "packs/{pk}/pdf/", "agenda-items/"]:
        assert expected in paths, expected
    assert response.json()["indicators/"] == "http://testserver/api/v1/indicators/"


# --- errors ------------------------------------------------------------------


def test_missing_or_bad_token_is_401_with_www_authenticate(db):
    for client in (Client(), Client(HTTP_AUTHORIZATION="Token not-a-real-token")):
        response = client.get("/api/v1/indicators/")
        assert_problem(response, 401)
        assert response["WWW-Authenticate"] == "Token"


def test_signed_in_but_not_allowed_is_403_problem(make_user):
    member = token_client(make_user(roles.MEMBER))
    body = assert_problem(member.post("/api/v1/indicators/", {"ref": "9.9"}, **JSON), 403)
    assert body["title"] == "Forbidden"


def test_validation_errors_name_field_and_item(perf):
    IndicatorFactory(ref="2.7")
    response = perf.post("/api/v1/observations/bulk/", [
        {"indicator": "2.7", "period": "2017-01", "value": 1},
        {"indicator": "2.7", "period": "January", "value": 1},
    ], **JSON)
    body = assert_problem(response, 400)
    assert body["errors"][0]["index"] == 1 and body["errors"][0]["field"] == "period"
    assert body["total"] == 2 and body["written"] is False


def test_not_found_is_a_problem(perf):
    assert_problem(perf.get("/api/v1/indicators/999999/"), 404)


def test_well_formed_data_naming_nothing_is_404_and_a_collision_409_never_400(perf):
    """400 is for what does not fit the schema; data that fits it but names an object that
    is not there is a 404, and data that collides with what is stored a 409, each naming the
    field."""
    indicator = IndicatorFactory(ref="2.7")
    body = assert_problem(perf.patch(f"/api/v1/indicators/{indicator.pk}/", {"data_owner": 999999}, **JSON), 404)
    assert "data_owner" in problem_fields(body)
    body = assert_problem(perf.get("/api/v1/risks/", {"owner": 999999}), 404)
    assert "owner" in problem_fields(body)
    assert_problem(perf.get("/api/v1/risks/", {"owner": "two"}), 400)
    assert_problem(perf.get("/api/v1/risks/heat-map/", {"register": 999999}), 404)
    body = assert_problem(perf.post("/api/v1/observations/bulk/", [
        {"indicator": "2.7", "period": "2017-01", "value": 1}, {"indicator": "9.99", "period": "2017-01", "value": 1},
    ], **JSON), 404)
    assert [(e["index"], e["field"]) for e in body["errors"]] == [(1, "indicator")] and body["written"] is False
    assert_problem(perf.patch(f"/api/v1/indicators/{indicator.pk}/", {"data_owner": "x"}, **JSON), 400)
    population = {"area": "Norfolk", "age_band": "0-17", "year": 2016, "value": 172000}
    assert perf.post("/api/v1/populations/", population, **JSON).status_code == 201
    assert_problem(perf.post("/api/v1/populations/", population, **JSON), 409)


# --- strict writes -------------------------------------------------------------


def test_unknown_and_read_only_fields_are_refused_by_name(perf):
    indicator = IndicatorFactory(ref="2.7")
    url = f"/api/v1/indicators/{indicator.pk}/"
    body = assert_problem(perf.patch(url, {"title": "New", "colour": "blue"}, **JSON), 400)
    assert problem_fields(body) == {"colour": ["Unknown field."]}
    body = assert_problem(perf.patch(url, {"id": 5}, **JSON), 400)
    assert "id" in problem_fields(body)
    indicator.refresh_from_db()
    assert indicator.title != "New"


# --- sync ----------------------------------------------------------------------


def test_resources_carry_created_and_modified_with_offset_and_modified_since(perf):
    old = IndicatorFactory(ref="1.1")
    response = perf.get(f"/api/v1/indicators/{old.pk}/").json()
    for key in ("created", "modified"):
        moment = parse_datetime(response[key])
        assert moment is not None and moment.tzinfo is not None, response[key]
    cut = timezone.now() + timedelta(microseconds=1)
    new = IndicatorFactory(ref="1.2")
    listed = perf.get("/api/v1/indicators/", {"modified_since": cut.isoformat()}).json()["results"]
    assert [i["ref"] for i in listed] == [new.ref]
    perf.patch(f"/api/v1/indicators/{old.pk}/", {"title": "Renamed"}, **JSON)
    listed = perf.get("/api/v1/indicators/", {"modified_since": cut.isoformat()}).json()["results"]
    assert {i["ref"] for i in listed} == {"1.1", "1.2"}
    assert_problem(perf.get("/api/v1/indicators/", {"modified_since": "yesterday"}), 400)


def test_changes_lists_a_deleted_observation_with_who(make_user):
    owner_user = make_user(roles.DATA_OWNER, username="owner-api")
    indicator = IndicatorFactory(ref="2.7", data_owner=owner_user.person)
    obs = ObservationFactory(indicator=indicator)
    since = timezone.now()
    client = token_client(owner_user)
    assert client.delete(f"/api/v1/observations/{obs.pk}/").status_code == 204
    assert not Observation.objects.filter(pk=obs.pk).exists()
    changes = client.get("/api/v1/changes/", {"since": since.isoformat()}).json()
    assert {"type": "performance.observation", "id": obs.pk, "action": "deleted", "who": "owner-api"} in [
        {k: c[k] for k in ("type", "id", "action", "who")} for c in changes["results"]
    ]
    # another data owner's figures are not theirs to delete
    other = ObservationFactory(indicator=IndicatorFactory(ref="2.8"))
    assert_problem(client.delete(f"/api/v1/observations/{other.pk}/"), 403)
    assert_problem(client.get("/api/v1/changes/"), 400)
    assert_problem(Client().get("/api/v1/changes/", {"since": since.isoformat()}), 401)


# --- concurrency ---------------------------------------------------------------------


def test_etag_and_if_match(perf):
    indicator = IndicatorFactory(ref="2.7")
    url = f"/api/v1/indicators/{indicator.pk}/"
    etag = perf.get(url)["ETag"]
    assert etag.startswith('"')
    ok = perf.patch(url, {"title": "First"}, HTTP_IF_MATCH=etag, **JSON)
    assert ok.status_code == 200 and ok["ETag"] != etag
    # the answer to a write is the current representation: its ETag is the one a read gives now
    assert ok.json()["modified"] == perf.get(url).json()["modified"]
    assert perf.get(url)["ETag"] == ok["ETag"]
    stale = perf.patch(url, {"title": "Second"}, HTTP_IF_MATCH=etag, **JSON)
    assert_problem(stale, 412)
    indicator.refresh_from_db()
    assert indicator.title == "First"


# --- lists -----------------------------------------------------------------------------


def test_page_size_fields_and_ordering(perf, db):
    for n in range(3):
        IndicatorFactory(ref=f"5.{n}")
    body = perf.get("/api/v1/indicators/", {"page_size": 2, "fields": "ref,title"}).json()
    assert body["count"] == 3 and len(body["results"]) == 2
    assert set(body["results"][0]) == {"id", "ref", "title"}
    assert len(perf.get("/api/v1/indicators/", {"page_size": 1000}).json()["results"]) == 3
    assert "page_size" in problem_fields(assert_problem(perf.get("/api/v1/indicators/", {"page_size": 1001}), 400))
    assert "fields" in problem_fields(assert_problem(perf.get("/api/v1/indicators/", {"fields": "nope"}), 400))
    refs = [i["ref"] for i in perf.get("/api/v1/indicators/", {"ordering": "-ref"}).json()["results"]]
    assert refs == ["5.2", "5.1", "5.0"]
    assert_problem(perf.get("/api/v1/indicators/", {"ordering": "definition"}), 400)


def test_anonymous_cannot_order_agenda_items_by_hidden_text(db):
    response = Client().get("/api/v1/agenda-items/", {"ordering": "-body"})
    assert "ordering" in problem_fields(assert_problem(response, 400))


def test_bulk_dry_run_says_what_would_change_and_writes_nothing(perf):
    IndicatorFactory(ref="2.7")
    items = [{"indicator": "2.7", "period": "2017-01", "value": 20.0}]
    dry = perf.post("/api/v1/observations/bulk/", {"items": items, "dry_run": True}, **JSON)
    assert dry.status_code == 200, dry.content
    assert (dry.json()["new"], dry.json()["written"], dry.json()["dry_run"]) == (1, False, True)
    assert dry.json()["changes"][0]["action"] == "new"
    assert not Observation.objects.exists()
    real = perf.post("/api/v1/observations/bulk/", {"items": items}, **JSON)
    assert real.json()["written"] is True and Observation.objects.count() == 1


def test_report_cards_filter_by_owner(make_user, perf):
    from performance.reportcards.models import ReportCard

    owner = make_user(roles.DATA_OWNER, username="card-owner").person
    mine = ReportCard.objects.create(indicator=IndicatorFactory(ref="2.7", data_owner=owner),
                                     period=timezone.localdate().replace(day=1))
    ReportCard.objects.create(indicator=IndicatorFactory(ref="2.8"), period=mine.period)
    listed = perf.get("/api/v1/report-cards/", {"owner": owner.pk}).json()["results"]
    assert [c["id"] for c in listed] == [mine.pk]
    assert listed[0]["url"].startswith("http://testserver/")


# --- tokens and throttling ---------------------------------------------------------------


def test_named_tokens_read_only_expiry_revocation_and_last_used(make_user):
    user = make_user(roles.PERFORMANCE_OFFICER, username="tok")
    ro, ro_key = tokens.create_token(user, name="warehouse", read_only=True)
    rw, rw_key = tokens.create_token(user, name="loader", read_only=False,
                                     expires=timezone.now() + timedelta(days=1))
    assert token_client(user, ro_key).get("/api/v1/indicators/").status_code == 200
    ro.refresh_from_db()
    assert ro.last_used is not None
    assert_problem(token_client(user, ro_key).post("/api/v1/indicators/", {"ref": "1"}, **JSON), 403)
    assert token_client(user, rw_key).post("/api/v1/indicators/", {"ref": "1"}, **JSON).status_code == 400
    ApiToken.objects.filter(pk=rw.pk).update(expires=timezone.now() - timedelta(seconds=1))
    assert_problem(token_client(user, rw_key).get("/api/v1/indicators/"), 401)
    tokens.revoke_token(ro, by=user)
    assert_problem(token_client(user, ro_key).get("/api/v1/indicators/"), 401)
    assert not ApiToken.objects.filter(key_hash=ro_key).exists()  # only the hash is kept


def test_token_page_makes_and_revokes_and_the_administrator_sees_all(role_client):
    officer = role_client(roles.PERFORMANCE_OFFICER)
    page = officer.post("/account/api-tokens/", {"name": "nightly-loader", "access": "read"})
    assert page.status_code == 200
    key = page.context["new_key"]
    assert key and key in page.content.decode()
    token = ApiToken.objects.get(user=officer.user)
    assert token.read_only and token.name == "nightly-loader"
    admin = role_client(roles.ADMINISTRATOR)
    assert "nightly-loader" in admin.get("/account/api-tokens/").content.decode()
    other = role_client(roles.DATA_OWNER)
    assert "nightly-loader" not in other.get("/account/api-tokens/").content.decode()
    assert other.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 403
    assert admin.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked is not None


def test_throttling_answers_429_with_retry_after(db, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle

    rates = dict(api_settings.DEFAULT_THROTTLE_RATES, anon="2/min")
    original = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = rates
    try:
        client = Client()
        statuses = [client.get("/api/v1/committees/").status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        response = client.get("/api/v1/committees/")
        assert_problem(response, 429)
        assert int(response["Retry-After"]) > 0
    finally:
        AnonRateThrottle.THROTTLE_RATES = original


# --- the schema ---------------------------------------------------------------------------


def _schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_does_not_depend_on_the_database(db):
    """Generated as if on PostgreSQL and as if on SQLite, the schema is the same."""
    from django.apps import apps
    from django.db import connection
    from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper

    # Through the backend's base module: importing its operations module first is circular.
    from django.db.backends.sqlite3.base import DatabaseWrapper as SqliteWrapper

    SqliteOps = SqliteWrapper.ops_class
    PostgresOps = PostgresWrapper.ops_class

    def generated_with(ops_class):
        for model in apps.get_models():
            for field in model._meta.get_fields():
                getattr(field, "__dict__", {}).pop("validators", None)  # cached with the database's ranges
        original = type(connection.ops).integer_field_ranges
        type(connection.ops).integer_field_ranges = ops_class.integer_field_ranges
        try:
            return _schema()
        finally:
            type(connection.ops).integer_field_ranges = original

    assert generated_with(PostgresOps) == generated_with(SqliteOps)


def test_request_bodies_are_json_only_and_errors_are_declared(db):
    schema = _schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody")
            if body and not path.endswith("/import/"):
                assert list(body["content"]) == ["application/json"], (path, method)
            for code in ("400", "401", "429"):
                assert list(operation["responses"][code]["content"]) == ["application/problem+json"], (path, code)
            if method in ("put", "patch", "delete"):
                assert "412" in operation["responses"], (path, method)
            assert operation["tags"][0] in {"core", "performance", "riskregister", "finance", "committees"}
    meeting = schema["components"]["schemas"]["Meeting"]["properties"]
    assert meeting["start"]["format"] == "date-time"
    assert schema["components"]["schemas"]["ReportCard"]["properties"]["url"]["format"] == "uri"
