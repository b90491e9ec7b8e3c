"""The list, cycles and exception pages: who sees and changes what, in constant queries."""

from datetime import date

import pytest

from core import roles
from performance.reportcards.models import ReportingCycle
from tests.reportcards.factories import CardFactory, IndicatorFactory
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_list_page_filters_and_does_not_grow_in_queries(role_client):
    member = role_client(roles.MEMBER)
    CardFactory(indicator=IndicatorFactory(ref="A"), status="approved")
    page = member.get("/performance/report-cards/?status=approved")
    assert page.status_code == 200 and "Start a card" not in page.content.decode()
    assert assert_constant_queries(lambda: member.get("/performance/report-cards/"),
                                   lambda: [CardFactory() for _ in range(5)]) > 0


def test_starting_a_card_through_the_page(role_client):
    owner = role_client(roles.DATA_OWNER)
    mine = IndicatorFactory(ref="M", data_owner=owner.user.person)
    theirs = IndicatorFactory(ref="T")
    r = owner.post("/performance/report-cards/start/", {"indicator": mine.pk, "period": "2019-01"})
    assert r.status_code == 302 and r["Location"].endswith("/edit/")
    again = owner.post("/performance/report-cards/start/", {"indicator": mine.pk, "period": "2019-01"})
    assert again.status_code == 400 and "already a report card for M 2019-01" in again.content.decode()
    assert owner.post("/performance/report-cards/start/",
                      {"indicator": theirs.pk, "period": "2019-01"}).status_code == 403


def test_reporting_cycles_are_set_by_performance_officers(role_client):
    perf, member = role_client(roles.PERFORMANCE_OFFICER), role_client(roles.MEMBER)
    r = perf.post("/performance/report-cards/cycles/", {"period": "2019-01", "commentary_due": "2019-02-20",
                                                        "note": "Committee 12 March 2019"})
    assert r.status_code == 302
    assert ReportingCycle.objects.get().commentary_due == date(2019, 2, 20)
    assert "20 February 2019" in member.get("/performance/report-cards/cycles/").content.decode()
    assert member.post("/performance/report-cards/cycles/", {"period": "2019-02",
                                                             "commentary_due": "2019-03-20"}).status_code == 403
    bad = perf.post("/performance/report-cards/cycles/", {"period": "Feb", "commentary_due": "2019-03-20"})
    assert bad.status_code == 400 and "YYYY-MM" in bad.content.decode()


def test_anonymous_users_are_sent_to_sign_in(client, db):
    assert client.get("/performance/report-cards/")["Location"].startswith("/accounts/login/")
