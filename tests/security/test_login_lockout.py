"""Sign-in throttling: by username AND address, rising delays, the real client address behind a proxy."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from core import lockout

pytestmark = pytest.mark.django_db

PASSWORD = "right-password-2017"


@pytest.fixture
def victim(django_user_model):
    return django_user_model.objects.create_user("victim", password=PASSWORD)


def sign_in(username, password, address="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client().post(reverse("login"), {"username": username, "password": password}, **extra)


def locked(response):
    return response.status_code == 429 or b"locked" in response.content.lower()


def test_an_attacker_elsewhere_cannot_lock_the_user_out(victim):
    for _ in range(8):
        sign_in("victim", "wrong", address="203.0.113.9")
    assert locked(sign_in("victim", PASSWORD, address="203.0.113.9"))
    ok = sign_in("victim", PASSWORD, address="10.0.0.1")
    assert ok.status_code == 302 and not locked(ok)


@pytest.mark.parametrize("spelling", ["VICTIM", " victim", "ｖｉｃｔｉｍ"])
def test_spellings_of_a_username_share_one_counter(victim, spelling):
    for _ in range(3):
        sign_in("victim", "wrong")
    for _ in range(2):
        sign_in(spelling, "wrong")
    assert locked(sign_in("victim", PASSWORD))


def test_each_failure_after_the_limit_doubles_the_lock(victim, settings):
    assert lockout.cool_off(None) == timedelta(minutes=15)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("victim", "wrong")
    attempt = AccessAttempt.objects.get(username="victim")
    assert attempt.failures_since_start == 5

    class Req:
        POST = {"username": "victim"}
        META = {"REMOTE_ADDR": "10.0.0.1"}

    assert lockout.cool_off(Req()) == timedelta(minutes=15)
    AccessAttempt.objects.filter(pk=attempt.pk).update(failures_since_start=7)
    assert lockout.cool_off(Req()) == timedelta(minutes=60)
    AccessAttempt.objects.filter(pk=attempt.pk).update(failures_since_start=500)
    assert lockout.cool_off(Req()) == timedelta(days=1)


def test_the_client_address_is_read_behind_the_trusted_proxies(victim, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forges a left-most entry; the proxy appends the address it really saw.
    for _ in range(5):
        sign_in("victim", "wrong", address="172.18.0.2", forwarded="1.2.3.4, 198.51.100.7")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    # Another client behind the same proxy is not locked out.
    assert not locked(sign_in("victim", PASSWORD, address="172.18.0.2", forwarded="198.51.100.8"))


def test_without_a_trusted_proxy_the_header_is_ignored(victim, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    sign_in("victim", "wrong", address="10.9.9.9", forwarded="1.2.3.4")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.9.9.9"}
