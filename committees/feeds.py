"""The public meeting calendar as iCalendar (all committees, or one) and each committee's
publications as RSS (Django syndication).

Calendar programs keep an event in step by its UID, SEQUENCE and LAST-MODIFIED (RFC 5545):
the UID is the meeting's id at the configured SITE_URL's domain (never the Host header), the
sequence is stored on the meeting and bumped by every service that changes it, and the
stamps come from the meeting's history.
"""

import datetime as dt
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from icalendar import Calendar, Event, vUri

from . import selectors
from .alerts.services import absolute
from .models import Committee, Meeting

CALENDAR_SIZE = 500
FEED_SIZE = 50


def _tz():
    return ZoneInfo(settings.TIME_ZONE)


def _start(meeting):
    return dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=_tz())


def site_domain():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def meeting_uid(meeting):
    return f"meeting-{meeting.pk}@{site_domain()}"


def meeting_event(meeting, changed, pack=None):
    event = Event()
    event.add("uid", meeting_uid(meeting))
    # Published calendars (no METHOD) date an event by its last revision, not by the request.
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("sequence", meeting.sequence)
    event.add("dtstart", _start(meeting))
    event.add("dtend", selectors.meeting_end(meeting))
    cancelled = meeting.status == Meeting.Status.CANCELLED
    event.add("summary", f"{'Cancelled: ' if cancelled else ''}{meeting.committee.name}")
    if meeting.venue:
        event.add("location", meeting.venue.replace("\n", ", "))
    url = absolute(meeting.get_absolute_url())
    event.add("url", vUri(url))
    lines = [f"{meeting.committee.name}, {meeting.date:%A} {meeting.date.day} {meeting.date:%B %Y}.", f"Meeting: {url}"]
    if pack is not None and not cancelled:
        pack_url = absolute(reverse("committees:pack_pdf", args=[pack.build_id]))
        lines.append(f"{pack.label} (PDF, {pack.pages} pages): {pack_url}")
        event.add("attach", pack_url, parameters={"FMTTYPE": "application/pdf"})
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def calendar(meetings, name):
    meetings = list(meetings)
    stamps = selectors.history_stamps(Meeting, [m.pk for m in meetings])
    packs = {}
    for m in meetings:
        packs[m.pk] = selectors.published_pack(m) if m.agenda_is_public else None
    cal = Calendar()
    cal.add("prodid", f"-//{settings.COUNCIL_NAME}//Committee meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for m in meetings:
        changed = stamps.get(m.pk, (None, None))[1] or _start(m)
        cal.add_component(meeting_event(m, changed.astimezone(dt.UTC), packs[m.pk]))
    if meetings:
        first = min(m.date for m in meetings) - dt.timedelta(days=1)
        last = max(m.date for m in meetings) + dt.timedelta(days=2)
        cal.add_missing_timezones(
            first_date=dt.date(first.year, 1, 1), last_date=dt.date(last.year + 1, 1, 1)
        )
    return cal


def _ics_response(cal, filename):
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def meetings_ics(request, slug=None):
    meetings = selectors.meetings().select_related("committee", "minutes")
    if slug is None:
        return _ics_response(calendar(meetings[:CALENDAR_SIZE], "Committee meetings"), "committee-meetings.ics")
    committee = get_object_or_404(Committee, slug=slug)
    cal = calendar(meetings.filter(committee=committee)[:CALENDAR_SIZE], committee.name)
    return _ics_response(cal, f"{committee.slug}.ics")


# --- RSS ---------------------------------------------------------------------------


class MeetingFeed(Feed):
    """Every committee's meetings (kept for existing subscribers)."""

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


class CommitteeFeed(Feed):
    """A committee's publications: each agenda, pack version and set of minutes, dated when
    it was published."""

    def get_object(self, request, slug):
        return get_object_or_404(Committee, slug=slug)

    def title(self, committee):
        return f"{committee.name}: agendas, packs and minutes"

    def description(self, committee):
        return f"Agendas, agenda packs and minutes of {committee.name} as they are published."

    def link(self, committee):
        return committee.get_absolute_url()

    def items(self, committee):
        return selectors.publications(committee)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return absolute(item.url) + f"#{item.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published
