"""Concurrent bulk upserts of the same observations (PostgreSQL): no UniqueViolation, no
deadlock, no 500; each figure ends up as one writer sent it, with its history."""

import os
import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from core import roles
from performance.models import Observation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        if os.environ.get("REQUIRE_REAL_SERVICES"):
            pytest.fail("needs PostgreSQL")
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")


def _concurrently(calls):
    results, barrier = [None] * len(calls), threading.Barrier(len(calls))

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_twenty_concurrent_upserts_of_the_same_new_figures(postgresql, make_user):
    from tests.performance.factories import IndicatorFactory

    IndicatorFactory(ref="2.1")
    user = make_user(roles.PERFORMANCE_OFFICER)
    rows = [{"indicator": "2.1", "period": f"{2000 + n // 12}-{n % 12 + 1:02d}", "value": 1} for n in range(60)]

    def upload(value):
        return lambda: _client(user).post(
            "/api/v1/observations/bulk/", [{**r, "value": value} for r in rows], format="json"
        ).status_code

    statuses = _concurrently([upload(v) for v in range(20)])
    assert statuses == [200] * 20
    assert Observation.objects.count() == 60
    assert len(set(Observation.objects.values_list("value", flat=True))) == 1  # one writer's rows, whole
    assert Observation.history.count() == 20 * 60


def test_the_same_rows_updated_in_opposite_orders_do_not_deadlock(postgresql, make_user):
    from datetime import date

    from tests.performance.factories import IndicatorFactory, ObservationFactory

    indicator = IndicatorFactory(ref="2.1")
    user = make_user(roles.PERFORMANCE_OFFICER)
    periods = [date(2000 + n // 12, n % 12 + 1, 1) for n in range(200)]
    for p in periods:
        ObservationFactory(indicator=indicator, period=p, value=0)
    forward = [{"indicator": "2.1", "period": f"{p:%Y-%m}"} for p in periods]

    def upload(value, order):
        return lambda: _client(user).post(
            "/api/v1/observations/bulk/", [{**r, "value": value} for r in order], format="json"
        ).status_code

    calls = [upload(v + 1, forward if v % 2 else list(reversed(forward))) for v in range(20)]
    assert _concurrently(calls) == [200] * 20
    assert Observation.objects.filter(value=0).count() == 0
