"""Alerts go through the broker to a real worker process, after the publishing transaction
commits, and reach each confirmed subscriber once."""

import datetime as dt
from email import message_from_string

import pytest

from committees import services
from committees.alerts import services as alerts
from committees.alerts.models import AlertSent
from tests.committees.factories import committee_with_members
from tests.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def outbox(tmp_path, monkeypatch):
    """The worker writes its mail to files here (Django's file-based backend)."""
    folder = tmp_path / "mail"
    folder.mkdir()
    monkeypatch.setenv("EMAIL_URL", f"filemail:///{folder}")  # django-environ drops one slash: filemail:////tmp/…
    return folder


def messages(folder):
    found = []
    for path in sorted(folder.iterdir()):
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                found.append(message_from_string(chunk.strip()))
    return found


def test_the_worker_sends_one_alert_per_confirmed_subscriber(outbox, request):
    committee, _ = committee_with_members(councillors=3, church_reps=0, advisors=0)
    confirmed = alerts.subscribe(committee, "reader@example.org")
    alerts.confirm(confirmed.token)
    alerts.subscribe(committee, "unconfirmed@example.org")
    meeting = services.create_meeting(committee, date=dt.date.today() + dt.timedelta(days=30))
    request.getfixturevalue("celery_worker_process")  # started after the confirmation emails above

    services.publish_agenda(meeting)
    wait_for(lambda: AlertSent.objects.filter(key=f"agenda:{meeting.pk}").exists(), timeout=60)
    sent = [m for m in messages(outbox) if "Agenda published" in m["Subject"]]
    assert [m["To"] for m in sent] == ["reader@example.org"]
    assert "/committees/alerts/unsubscribe/" in sent[0].get_payload()

