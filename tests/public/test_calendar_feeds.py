"""iCalendar and RSS: read back with the icalendar package and Django's feed parser-free XML."""

import datetime as dt
import time
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from icalendar import Calendar

from committees import services
from committees.models import Meeting

pytestmark = pytest.mark.django_db


def calendar(path="/committees/meetings.ics", host="testserver"):
    response = Client(HTTP_HOST=host).get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(cal):
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


def event_for(cal, meeting):
    return next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith(f"meeting-{meeting.pk}@"))


@pytest.fixture
def meetings(published):
    committee = published["march"].committee
    cancelled = services.create_meeting(committee, date=dt.date(2017, 6, 6), start_time=dt.time(14, 0))
    services.cancel_meeting(cancelled)
    summer = services.create_meeting(committee, date=dt.date(2017, 7, 11))
    services.update_meeting(summer, end_time=dt.time(12, 30))
    return {**published, "cancelled": cancelled, "summer": summer}


def test_every_timezone_resolves_and_events_carry_what_calendars_need(meetings, settings):
    cal = calendar()
    assert cal.get_missing_tzids() == set()
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]

    march = event_for(cal, meetings["march"])
    start, end = march.decoded("DTSTART"), march.decoded("DTEND")
    assert start.isoformat() == "2017-03-14T10:00:00+00:00" and str(start.tzinfo) in ("Europe/London", "GMT")
    assert end - start == dt.timedelta(hours=3)  # the committee's usual length
    assert march["DTSTART"].params["TZID"] == "Europe/London"
    assert march["STATUS"] == "CONFIRMED"
    assert f"/committees/packs/{meetings['version'].build_id}/pack.pdf" in str(march["ATTACH"])
    assert "Agenda pack (PDF" in str(march["DESCRIPTION"])
    assert str(march["URL"]) == f"{settings.SITE_URL}/committees/meetings/{meetings['march'].pk}/"

    summer = event_for(cal, meetings["summer"])
    assert summer.decoded("DTEND").isoformat() == "2017-07-11T12:30:00+01:00"  # its own end time, in BST
    cancelled = event_for(cal, meetings["cancelled"])
    assert cancelled["STATUS"] == "CANCELLED" and "ATTACH" not in cancelled

    # DTSTAMP is when the meeting last changed, not the time of the request.
    again = event_for(calendar(), meetings["march"])
    assert again.decoded("DTSTAMP") == march.decoded("DTSTAMP") == march.decoded("LAST-MODIFIED")


def test_uid_is_the_same_through_two_host_names(meetings, settings):
    settings.ALLOWED_HOSTS = ["committees.example.gov.uk", "10.0.0.5"]
    settings.SITE_URL = "https://committees.example.gov.uk"
    first = event_for(calendar(host="committees.example.gov.uk"), meetings["march"])
    second = event_for(calendar(host="10.0.0.5"), meetings["march"])
    assert first["UID"] == second["UID"] == f"meeting-{meetings['march'].pk}@committees.example.gov.uk"


def test_a_change_raises_sequence_and_last_modified(meetings):
    meeting = meetings["summer"]
    before = event_for(calendar(), meeting)
    time.sleep(1.1)  # iCalendar times are whole seconds
    services.update_meeting(Meeting.objects.get(pk=meeting.pk), venue="Council Chamber, County Hall")
    after = event_for(calendar(), meeting)
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("LAST-MODIFIED") > before.decoded("LAST-MODIFIED")
    assert after["LOCATION"] == "Council Chamber, County Hall"
    services.update_meeting(Meeting.objects.get(pk=meeting.pk), venue="Council Chamber, County Hall")
    assert event_for(calendar(), meeting)["SEQUENCE"] == after["SEQUENCE"]  # no change, no new sequence


def test_one_calendar_per_committee(meetings, db):
    from tests.committees.factories import CommitteeFactory

    other = CommitteeFactory(name="Planning (Regulatory) Committee", slug="planning")
    services.create_meeting(other, date=dt.date(2017, 3, 20))
    assert len(calendar().walk("VEVENT")) == 5
    own = calendar(f"/committees/c/{meetings['march'].committee.slug}/meetings.ics")
    assert len(own.walk("VEVENT")) == 4 and own.get_missing_tzids() == set()
    assert len(calendar("/committees/c/planning/meetings.ics").walk("VEVENT")) == 1


def test_committee_rss_dates_each_publication(meetings):
    slug = meetings["march"].committee.slug
    response = Client().get(f"/committees/c/{slug}/feed/")
    assert response.status_code == 200
    items = ET.fromstring(response.content).findall("./channel/item")  # noqa: S314 - our own feed
    titles = [i.findtext("title") for i in items]
    dates = {i.findtext("title"): i.findtext("pubDate") for i in items}
    assert "Agenda published: Tuesday 14 March 2017" in titles
    assert dates["Agenda published: Tuesday 14 March 2017"].startswith("Mon, 06 Mar 2017")
    assert "Draft minutes published: Tuesday 24 January 2017" in titles
    assert dates["Draft minutes published: Tuesday 24 January 2017"].startswith("Tue, 31 Jan 2017")
    pack = "Agenda pack (version 1): Tuesday 14 March 2017"
    assert pack in titles
    version = meetings["version"]
    assert dates[pack] == version.published_at.strftime("%a, %d %b %Y %H:%M:%S +0000")
