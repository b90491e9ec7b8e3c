"""Frozen minutes are checked by one guard (services, rules and admin alike); exempt items are
redacted by one selector (pages, API, packs)."""

import datetime as dt

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from committees import selectors, services
from committees.models import Decision, Minutes
from core import roles

from .conftest import MARKER


@pytest.fixture
def frozen_decision(committee):
    first = services.create_meeting(committee, date=dt.date(2017, 1, 24))
    second = services.create_meeting(committee, date=dt.date(2017, 3, 14))
    services.add_item(first, title="Budget")
    minutes = services.draft_minutes(first)
    decision = services.record_decision(minutes.items.first(), text="Agreed the budget.")
    services.publish_agenda(second, today=dt.date(2017, 3, 6))
    services.approve_minutes(minutes, at_meeting=second)
    return Decision.objects.get(pk=decision.pk)


def test_one_guard_for_frozen_minutes_in_services_rules_and_admin(frozen_decision, make_user, admin_user):
    minutes = frozen_decision.minute_item.minutes
    for obj in (minutes, frozen_decision.minute_item, frozen_decision, minutes.meeting):
        assert selectors.minutes_frozen(obj)
        with pytest.raises(ValidationError, match="frozen"):
            services.ensure_minutes_open(obj)
    clerk = make_user(roles.COMMITTEE_CLERK)
    assert not clerk.has_perm("committees.change_decision", frozen_decision)
    assert not clerk.has_perm("committees.change_minuteitem", frozen_decision.minute_item)
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    for model, obj in ((Decision, frozen_decision), (Minutes, minutes)):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_change_permission(request, obj)  # for administrators too
        assert not model_admin.has_delete_permission(request, obj)
        assert model_admin.has_change_permission(request, None)


def test_one_redaction_for_exempt_items(published_meeting):
    meeting = published_meeting["meeting"]
    shown = selectors.redact_item(meeting.items.get(exempt=True), public=True)
    assert shown.redacted and MARKER not in f"{shown.body}{shown.report_by}" and shown.report is None
    staff = selectors.redact_item(meeting.items.get(exempt=True), public=False)
    assert not staff.redacted and MARKER in staff.body
    public_agenda = selectors.public_items(meeting)
    assert [i.redacted for i in public_agenda] == [i.exempt for i in public_agenda]
