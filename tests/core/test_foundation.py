"""The foundation: settings, roles, the one permission module, history, errors."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from core import roles
from tests.conftest import ROOT
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_ci_runs_against_real_postgresql_and_redis():
    if not os.environ.get("REQUIRE_REAL_SERVICES"):
        pytest.skip("only CI insists on the real services")
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")


def test_every_role_is_a_group_created_by_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


def test_check_deploy_passes_with_production_settings(tmp_path):
    # Browser tests allow sync ORM calls beside Playwright's loop; production must not.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DEBUG="0",
        SECRET_KEY="x" * 20 + "production-secret-key-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="committees.example.gov.uk",
        VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DEBUG="0", VAR_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_home_page_for_anonymous_offers_published_papers_and_sign_in(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Sign in" in response.content
    assert b"Committees and meetings" in response.content


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_each_role_sees_its_home_page_and_the_four_areas(role_client, role):
    client = role_client(role)
    response = client.get("/")
    assert response.status_code == 200
    for name in (b"Performance", b"Risks", b"Finance", b"Committees"):
        assert name in response.content
    for app in ("performance", "riskregister", "finance", "committees"):
        assert client.get(reverse(f"{app}:index")).status_code == 200


# --- permissions: every role against an object it may not change -------------------------

NOT_ALLOWED_TO_EDIT_PEOPLE = [roles.DATA_OWNER, roles.RISK_OWNER, roles.FINANCE_OFFICER, roles.MEMBER]


@pytest.mark.parametrize("role", NOT_ALLOWED_TO_EDIT_PEOPLE)
def test_roles_without_the_right_get_403_on_the_page_and_in_the_api(role_client, role):
    person = PersonFactory(name="Mr R Smith")
    client = role_client(role)
    page = client.post(reverse("core:person_edit", args=[person.pk]), {"name": "Changed", "kind": "officer"})
    assert page.status_code == 403
    api = client.patch(f"/api/v1/people/{person.pk}/", {"name": "Changed"}, content_type="application/json")
    assert api.status_code == 403
    person.refresh_from_db()
    assert person.name == "Mr R Smith"


def test_anonymous_is_sent_to_sign_in_on_pages_and_refused_by_the_api(client):
    person = PersonFactory(name="Mr R Smith")
    page = client.post(reverse("core:person_edit", args=[person.pk]), {"name": "Changed"})
    assert page.status_code == 302 and reverse("login") in page["Location"]
    api = client.patch(f"/api/v1/people/{person.pk}/", {"name": "Changed"}, content_type="application/json")
    assert api.status_code in (401, 403)


@pytest.mark.parametrize("role", [roles.DATA_OWNER, roles.RISK_OWNER, roles.FINANCE_OFFICER,
                                  roles.COMMITTEE_CLERK, roles.PERFORMANCE_OFFICER, roles.MEMBER])
def test_only_administrators_may_start_a_worker_check(role_client, role):
    assert role_client(role).post(reverse("core:ping")).status_code == 403


def test_api_token_command_gives_a_working_token(make_user, client):
    from django.core.management import call_command

    user = make_user(roles.MEMBER, username="apiclient")
    call_command("drf_create_token", "apiclient")
    from rest_framework.authtoken.models import Token

    token = Token.objects.get(user=user)
    response = client.get("/api/v1/people/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200


# --- audit history -------------------------------------------------------------------------

def test_editing_an_object_records_who_when_and_what_was_there_before(role_client):
    person = PersonFactory(name="Mr R Smith", job_title="Councillor")
    clerk = role_client(roles.COMMITTEE_CLERK)
    response = clerk.post(reverse("core:person_edit", args=[person.pk]),
                          {"name": "Mr R Smith", "title": "", "kind": "councillor", "job_title": "Chairman"})
    assert response.status_code == 302
    latest = person.history.latest()
    assert latest.history_user == clerk.user
    assert latest.job_title == "Chairman"
    assert latest.prev_record.job_title == "Councillor"
    page = clerk.get(reverse("core:history", args=["core", "person", person.pk]))
    assert page.status_code == 200
    assert b"Chairman" in page.content and b"Councillor" in page.content
    assert clerk.user.person.name.encode() in page.content  # who, by name


# --- errors never leak a stack trace ------------------------------------------------------

def test_a_server_error_shows_a_plain_page_without_a_traceback(settings, monkeypatch, make_user):
    settings.DEBUG = False
    monkeypatch.setattr("core.views.attention.items_for", lambda user: 1 / 0)
    from django.test import Client

    c = Client(raise_request_exception=False)
    c.force_login(make_user(roles.MEMBER))
    response = c.get("/")
    assert response.status_code == 500
    assert b"Traceback" not in response.content and b"ZeroDivisionError" not in response.content


def test_pages_send_a_content_security_policy_without_inline_script(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert b"<script>" not in response.content


def test_login_is_throttled_after_repeated_failures(client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "clerk", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(reverse("login"), {"username": "clerk", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert b"Too many sign-in attempts" in response.content


def test_deleting_someone_still_in_use_is_refused_with_409_and_kept(role_client):
    from riskregister import services as risk_services
    from tests.riskregister.factories import RiskFactory

    risk_services.ensure_default_matrix()
    risk = RiskFactory(name="Home to school transport")
    response = role_client(roles.ADMINISTRATOR).delete(f"/api/v1/people/{risk.owner.pk}/")
    assert response.status_code == 409
    assert any("Home to school transport" in entry for entry in response.json()["used_by"])
    assert type(risk.owner).objects.filter(pk=risk.owner.pk).exists()
