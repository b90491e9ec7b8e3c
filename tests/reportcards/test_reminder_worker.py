"""The reminder task beat sends is registered in a real worker process and records what it
sent there, through the configured broker and database."""

from datetime import date

import pytest

from performance.reportcards.models import ReminderSent
from performance.reportcards.tasks import send_commentary_reminders
from tests.conftest import wait_for
from tests.factories import PersonFactory
from tests.reportcards.factories import CardFactory, CycleFactory, IndicatorFactory

pytestmark = [pytest.mark.worker]


def test_beat_task_runs_in_a_worker_and_sends_once(celery_worker_process):
    CycleFactory(period=date(2019, 1, 1), commentary_due=date(2019, 2, 20))
    owner = PersonFactory(email="owner@example.gov.uk")
    card = CardFactory(indicator=IndicatorFactory(ref="W 1", data_owner=owner))
    send_commentary_reminders.delay(today="2019-02-20")
    send_commentary_reminders.delay(today="2019-02-20")

    wait_for(lambda: ReminderSent.objects.filter(card=card).exists(), timeout=60)
    # Both runs finished (the worker handles one task at a time) before counting.
    wait_for(lambda: celery_worker_process.log_path.read_text().count("succeeded") >= 2, timeout=60)
    assert list(ReminderSent.objects.values_list("kind", "recipient")) == [("due", "owner@example.gov.uk")]
