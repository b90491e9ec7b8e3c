"""Commentary reminders: Celery beat runs the task; with a fake clock (``today``) it e-mails
the owners of cards not yet submitted three working days before the deadline and on the
day, each exactly once."""

from datetime import date, timedelta

import pytest
from django.core import mail

from performance.reportcards.models import ReminderSent
from performance.reportcards.tasks import send_commentary_reminders
from tests.factories import PersonFactory
from tests.reportcards.factories import CardFactory, CycleFactory, IndicatorFactory

pytestmark = pytest.mark.django_db

DUE = date(2019, 2, 20)  # a Wednesday; three working days before is Friday 15 February


@pytest.fixture
def cards(db):
    CycleFactory(period=date(2019, 1, 1), commentary_due=DUE)
    anne = PersonFactory(name="Anne Owner", email="anne@example.gov.uk")
    bob = PersonFactory(name="Bob Owner", email="bob@example.gov.uk")
    drafts = [CardFactory(indicator=IndicatorFactory(ref=f"R {i}", data_owner=p)) for i, p in enumerate([anne, bob])]
    submitted = CardFactory(indicator=IndicatorFactory(ref="R 9", data_owner=anne), status="submitted")
    other_cycle = CardFactory(indicator=IndicatorFactory(ref="R 8", data_owner=anne), period=date(2018, 12, 1))
    return drafts, submitted, other_cycle


def test_beat_schedules_the_reminder_task():
    from config.celery import app

    entry = app.conf.beat_schedule["reportcards-commentary-reminders"]
    assert entry["task"] == send_commentary_reminders.name


def test_reminders_over_a_fortnight_with_a_fake_clock(cards):
    drafts, submitted, other_cycle = cards
    sent_by_day = {}
    day = date(2019, 2, 8)
    while day <= date(2019, 2, 26):
        # Beat runs the task several times a day: later runs send nothing new.
        for _ in range(3):
            send_commentary_reminders.delay(today=day.isoformat())
        sent_by_day[day] = sorted((m.to[0], m.subject) for m in mail.outbox)
        mail.outbox.clear()
        day += timedelta(days=1)
    sending_days = {d: msgs for d, msgs in sent_by_day.items() if msgs}
    assert list(sending_days) == [date(2019, 2, 15), DUE]
    assert sending_days[date(2019, 2, 15)] == [
        ("anne@example.gov.uk", "Report card commentary due on Wednesday 20 February 2019: R 0 2019-01"),
        ("bob@example.gov.uk", "Report card commentary due on Wednesday 20 February 2019: R 1 2019-01"),
    ]
    assert sending_days[DUE] == [
        ("anne@example.gov.uk", "Report card commentary due today: R 0 2019-01"),
        ("bob@example.gov.uk", "Report card commentary due today: R 1 2019-01"),
    ]
    assert ReminderSent.objects.count() == 4
    assert not ReminderSent.objects.filter(card__in=[submitted, other_cycle]).exists()


def test_card_submitted_after_the_early_reminder_gets_no_second(cards):
    drafts, _, _ = cards
    send_commentary_reminders.delay(today="2019-02-15")
    drafts[0].status = "submitted"
    drafts[0].save()
    mail.outbox.clear()
    send_commentary_reminders.delay(today="2019-02-20")
    assert [m.to for m in mail.outbox] == [["bob@example.gov.uk"]]


def test_a_missed_beat_catches_up_with_the_latest_reminder_only(cards):
    send_commentary_reminders.delay(today="2019-02-21")
    assert sorted(m.subject.split(":")[0] for m in mail.outbox) == [
        "Report card commentary due on 20 February 2019 (overdue)"] * 2
    assert set(ReminderSent.objects.values_list("kind", flat=True)) == {"due"}


def test_the_email_links_to_the_card(cards):
    drafts, _, _ = cards
    send_commentary_reminders.delay(today="2019-02-15")
    body = next(m.body for m in mail.outbox if m.to == ["anne@example.gov.uk"])
    assert drafts[0].get_absolute_url() in body
