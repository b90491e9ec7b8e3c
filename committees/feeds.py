"""The public meeting calendar as RSS (Django syndication) and iCalendar."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from . import selectors

FEED_SIZE = 100
MEETING_LENGTH = dt.timedelta(hours=3)  # for calendars; meetings have no fixed end


def _start(meeting):
    return dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=ZoneInfo(settings.TIME_ZONE))


class MeetingFeed(Feed):
    title = "Committee meetings"
    description = "Meetings of the council's committees, with their published agendas."

    def link(self):
        return reverse("committees:meetings")

    def items(self):
        return selectors.meetings()[:FEED_SIZE]

    def item_title(self, meeting):
        status = "" if meeting.status == meeting.Status.SCHEDULED else f" ({meeting.get_status_display()})"
        return f"{meeting.committee.name}: {meeting.date:%A} {meeting.date.day} {meeting.date:%B %Y}{status}"

    def item_description(self, meeting):
        return f"{meeting.start_time:%H:%M}, {meeting.venue}"

    def item_pubdate(self, meeting):
        return _start(meeting)

    def item_link(self, meeting):
        return meeting.get_absolute_url()


def meetings_ics(request):
    cal = Calendar()
    cal.add("prodid", f"-//{settings.COUNCIL_NAME}//Committee meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Committee meetings")
    now = timezone.now()
    for meeting in selectors.meetings()[:500]:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{request.get_host()}")
        event.add("dtstamp", now)
        event.add("dtstart", _start(meeting))
        event.add("dtend", _start(meeting) + MEETING_LENGTH)
        event.add("summary", meeting.committee.name)
        event.add("location", meeting.venue.replace("\n", ", "))
        event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
        event.add("status", "CANCELLED" if meeting.status == meeting.Status.CANCELLED else "CONFIRMED")
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="committee-meetings.ics"'
    return response
