"""Overdue rules with a fixed date: the register-wide list, the owner's home page, reminders."""

from datetime import date

import pytest
from django.core import mail

from core import roles
from riskregister import attention, selectors, services
from riskregister.models import MitigatingAction
from tests.factories import PersonFactory
from tests.riskregister.factories import ActionFactory, RiskFactory

pytestmark = pytest.mark.django_db

TODAY = date(2017, 6, 1)


@pytest.fixture
def owner(make_user):
    return make_user(roles.RISK_OWNER)


def test_register_wide_lists_with_a_fixed_date(register, owner):
    overdue = RiskFactory(register=register, owner=owner.person, next_review_due=date(2017, 5, 29))
    due_today = RiskFactory(register=register, next_review_due=TODAY)
    missed = RiskFactory(register=register, current_likelihood=4, current_impact=3, target_likelihood=2,
                         target_impact=3, target_date=date(2017, 3, 31), next_review_due=date(2017, 9, 1))
    met = RiskFactory(register=register, current_likelihood=2, current_impact=3, target_likelihood=2,
                      target_impact=3, target_date=date(2017, 3, 31))
    assert [r.risk_number for r in selectors.overdue_reviews(register, on=TODAY)] == [overdue.risk_number]
    assert missed in selectors.missed_targets(register, on=TODAY)
    assert met not in selectors.missed_targets(register, on=TODAY)
    assert due_today not in selectors.overdue_reviews(register, on=TODAY)


def test_overdue_actions_are_listed(register):
    late = ActionFactory(risk__register=register, due_date=date(2017, 3, 31))
    ActionFactory(risk__register=register, due_date=date(2017, 3, 31), status=MitigatingAction.Status.DONE)
    ActionFactory(risk__register=register, due_date=date(2017, 7, 1))
    assert list(selectors.overdue_actions(register, on=TODAY)) == [late]


def test_owner_home_page_items(owner, register):
    overdue = RiskFactory(register=register, owner=owner.person, next_review_due=date(2017, 5, 29),
                          target_date=date(2018, 3, 31))
    missed = RiskFactory(register=register, owner=owner.person, current_likelihood=4, current_impact=3,
                         target_likelihood=2, target_impact=3, target_date=date(2017, 3, 31),
                         next_review_due=date(2017, 9, 1))
    RiskFactory(register=register, owner=PersonFactory(), next_review_due=date(2017, 5, 1))  # someone else's
    delegated = RiskFactory(register=register, next_review_due=date(2017, 6, 10), target_date=date(2018, 3, 31))
    delegated.delegates.add(owner.person)

    items = attention.items_for(owner, on=TODAY)
    titles = {i.title: i for i in items}
    assert titles[f"Review {overdue.risk_number}: {overdue.name}"].overdue
    assert titles[f"{missed.risk_number} is past its target date"].overdue
    assert not titles[f"Review {delegated.risk_number}: {delegated.name}"].overdue  # due soon
    assert len(items) == 3


def test_home_page_shows_the_owners_overdue_review(owner, register, client):
    risk = RiskFactory(register=register, owner=owner.person, next_review_due=date(2000, 1, 1))
    client.force_login(owner)
    response = client.get("/")
    assert f"Review {risk.risk_number}".encode() in response.content


def test_reminders_go_out_before_the_review_falls_due_once(register, owner):
    owner.person.email = "ruth.risk@example.gov.uk"
    owner.person.save()
    register.reminder_days_before = 14
    register.save()
    soon = RiskFactory(register=register, owner=owner.person, next_review_due=date(2017, 6, 10))
    RiskFactory(register=register, owner=owner.person, next_review_due=date(2017, 7, 1))  # not yet
    RiskFactory(register=register, owner=owner.person, next_review_due=date(2017, 5, 1))  # already overdue

    sent = services.send_review_reminders(today=TODAY)
    assert sent == [soon]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ruth.risk@example.gov.uk"]
    assert soon.risk_number in message.subject and "10 June 2017" in message.subject

    assert services.send_review_reminders(today=date(2017, 6, 2)) == []  # once per due date
    assert len(mail.outbox) == 1


def test_reminder_task_is_scheduled_and_calls_the_service(register, owner):
    from config.celery import app
    from riskregister import tasks

    entry = app.conf.beat_schedule["risk-review-reminders"]
    assert entry["task"] == "riskregister.tasks.send_review_reminders"
    owner.person.email = "r@example.gov.uk"
    owner.person.save()
    RiskFactory(register=register, owner=owner.person, next_review_due=selectors.today())
    assert tasks.send_review_reminders.delay().get() == 1
    assert len(mail.outbox) == 1


def test_appetite_flags_risks_above_it(register):
    register.appetite = 12
    register.save()
    from riskregister.models import AreaAppetite

    high = RiskFactory(register=register, current_likelihood=3, current_impact=5)
    at = RiskFactory(register=register, current_likelihood=4, current_impact=3)
    other_area = RiskFactory(register=register, area="Schools", current_likelihood=3, current_impact=5)
    AreaAppetite.objects.create(register=register, area="Schools", appetite=20)
    flags = {r.pk: r.above_appetite for r in selectors.decorate(selectors.risks(register), on=TODAY)}
    assert flags == {high.pk: True, at.pk: False, other_area.pk: False}
