"""The 14 March 2017 meeting (tests.packs.march2017) with its agenda pack built and published
in-process, draft minutes of 24 January with a decision, and a political group."""

import datetime as dt

import pytest

from committees import services
from committees.models import Membership, Minutes, PoliticalGroup
from committees.packs import services as pack_services
from core import roles
from tests.packs.march2017 import make_meeting


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    monkeypatch.setenv("MEDIA_ROOT", str(root))
    return root


def publish_pack(meeting, user=None, django_capture_on_commit_callbacks=None):
    """Build (the task runs eagerly on commit) and publish the meeting's agenda pack."""
    with django_capture_on_commit_callbacks(execute=True):
        build = pack_services.start_build(meeting, user=user)
    build.refresh_from_db()
    assert build.job.status == "done", build.job.error
    with django_capture_on_commit_callbacks(execute=True):
        return pack_services.publish(build, user=user)


@pytest.fixture
def published(db, media, make_user, django_capture_on_commit_callbacks):
    march = make_meeting(appendix_pages=2)
    clerk = make_user(roles.COMMITTEE_CLERK)
    version = publish_pack(march, clerk, django_capture_on_commit_callbacks)
    january = march.committee.meetings.get(date=dt.date(2017, 1, 24))
    services.publish_agenda(january, today=dt.date(2017, 1, 16))
    services.mark_held(january, today=dt.date(2017, 1, 24))
    minutes = Minutes.objects.get(meeting=january)
    item = minutes.items.get(title="Road Crossing Patrol")
    services.record_decision(item, text="The Committee noted the report on road crossing patrols.")
    services.publish_draft_minutes(minutes, today=dt.date(2017, 1, 31))
    group = PoliticalGroup.objects.create(name="Conservative")
    chair = march.committee.memberships.get(role=Membership.Role.CHAIR)
    chair.on_behalf_of = group
    chair.save()
    return {"march": march, "january": january, "version": version, "clerk": clerk, "group": group}
