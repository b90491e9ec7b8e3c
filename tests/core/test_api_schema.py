"""Every API endpoint, as an administrator and as anonymous: no 5xx, and every response
conforms to the published OpenAPI schema. It grows as endpoints are added."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from core import roles

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def api_schema(db):
    from django.core import signals
    from django.db import close_old_connections

    from config.wsgi import application

    # Calls go through the WSGI app, not Django's test client: keep the test's
    # connection (and its transaction) open between requests, as the client does.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def admin_token(make_user):
    return Token.objects.create(user=make_user(roles.ADMINISTRATOR, username="schema-admin")).key


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_as_administrator(case, admin_token):
    case.call_and_validate(headers={"Authorization": f"Token {admin_token}"}, checks=CHECKS)


@schema.parametrize()
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_as_anonymous(case):
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code < 500


def test_schema_and_swagger_ui_are_served(client, db):
    schema_response = client.get("/api/schema/")
    assert schema_response.status_code == 200
    assert b"openapi: 3" in schema_response.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
