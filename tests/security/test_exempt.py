"""Exempt business: declarations show only who and what kind publicly; the restricted pack
is for the committee's members, clerks and administrators."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from committees import services
from committees.models import Declaration
from core import roles
from tests.committees.conftest import MARKER

pytestmark = pytest.mark.django_db


@pytest.fixture
def declared(published_meeting):
    meeting = published_meeting["meeting"]
    services.mark_held(meeting)
    minutes = services.draft_minutes(meeting)
    person = meeting.committee.memberships.first().person
    services.declare_interest(
        minutes, person=person, description=f"Director of a bidder, {MARKER}",
        interest=Declaration.Interest.DISCLOSABLE_PECUNIARY, agenda_item=published_meeting["exempt_item"],
    )
    services.declare_interest(minutes, person=person, description="Governor of a school named in item 5")
    services.publish_draft_minutes(minutes, today=dt.date(2017, 3, 20))
    return {**published_meeting, "minutes": minutes, "person": person}


def test_the_public_minutes_page_names_the_member_and_kind_but_not_the_words(client, declared):
    page = client.get(reverse("committees:minutes", args=[declared["meeting"].pk])).content.decode()
    assert MARKER not in page
    assert f"{declared['person']} declared disclosable pecuniary interest" in page
    assert "Governor of a school named in item 5" in page  # a declaration on open business is published whole


def test_the_public_api_names_the_member_and_kind_but_not_the_words(client, declared):
    body = client.get(f"/api/v1/minutes/{declared['minutes'].pk}/").json()
    exempt = [d for d in body["declarations"] if d["agenda_item"] == declared["exempt_item"].pk]
    assert exempt == [
        {"person": declared["person"].pk, "agenda_item": declared["exempt_item"].pk, "interest": "dpi",
         "description": ""}
    ]
    assert MARKER not in client.get("/api/v1/minutes/").content.decode()


def test_members_and_officers_signed_in_read_the_whole_declaration(role_client, declared):
    clerk = role_client(roles.COMMITTEE_CLERK)
    assert MARKER in clerk.get(reverse("committees:minutes", args=[declared["meeting"].pk])).content.decode()
    assert MARKER in clerk.get(f"/api/v1/minutes/{declared['minutes'].pk}/").content.decode()


# --- the restricted pack -----------------------------------------------------


@pytest.fixture
def built(march, role_client, run_on_commit):
    clerk = role_client(roles.COMMITTEE_CLERK)
    with run_on_commit():
        build_id = clerk.post(f"/api/v1/meetings/{march.pk}/packs/", {}, content_type="application/json").json()["id"]
    return march, reverse("committees:pack_restricted_pdf", args=[build_id]), clerk


@pytest.mark.parametrize("role", [roles.FINANCE_OFFICER, roles.RISK_OWNER, roles.PERFORMANCE_OFFICER,
                                  roles.DATA_OWNER, roles.MEMBER])
def test_officers_and_councillors_not_on_the_committee_cannot_read_the_restricted_pack(built, role_client, role):
    _meeting, url, _clerk = built
    assert role_client(role).get(url).status_code == 403


def test_the_committees_members_clerks_and_administrators_read_the_restricted_pack(built, role_client):
    from committees.models import Membership

    meeting, url, clerk = built
    councillor = role_client(roles.MEMBER)
    Membership.objects.create(committee=meeting.committee, person=councillor.user.person)
    assert councillor.get(url).status_code == 200
    assert clerk.get(url).status_code == 200
    assert role_client(roles.ADMINISTRATOR).get(url).status_code == 200
    assert Client().get(url).status_code == 302
    # a membership that ended before the meeting no longer opens it
    Membership.objects.filter(person=councillor.user.person).update(end_date=meeting.date - dt.timedelta(days=1))
    assert councillor.get(url).status_code == 403
