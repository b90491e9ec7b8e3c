"""A budget import and a concurrent "lock period" (PostgreSQL): the import takes the period
row's lock, so it never writes into a period locked a moment before."""

import os
import threading
import time

import pytest
from django.db import connection, transaction

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_import_refuses_a_period_locked_while_it_was_checking(make_user):
    if connection.vendor != "postgresql":
        if os.environ.get("REQUIRE_REAL_SERVICES"):
            pytest.fail("needs PostgreSQL")
        pytest.skip("SQLite has no row locks; the race needs PostgreSQL")
    from core import roles
    from finance import importing, services
    from finance.demo import SEED_DATA
    from finance.models import OUTTURN, BudgetArea, BudgetLine

    services.ensure_reference_data()
    period = services.get_or_open_period(services.get_or_create_year(2016), number=OUTTURN)
    area = BudgetArea.objects.get(slug="la-revenue")
    user = make_user(roles.FINANCE_OFFICER)
    locking = threading.Event()

    def lock_the_period():
        try:
            with transaction.atomic():
                services.lock_period(period, user=user)
                locking.set()
                time.sleep(2)  # the import arrives while the lock is being committed
        finally:
            connection.close()

    thread = threading.Thread(target=lock_the_period)
    thread.start()
    locking.wait(10)
    result = importing.import_table(
        content=(SEED_DATA / "revenue-2016-17-outturn.csv").read_bytes(), filename="r.csv", year=period.year,
        period=period, area=area, acknowledge=True, user=user,
    )
    thread.join()
    assert not result.written and "locked" in result.errors[0]
    assert not BudgetLine.objects.filter(period=period).exists()
