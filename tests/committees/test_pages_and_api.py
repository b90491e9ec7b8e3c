"""Public pages, feeds, clerk pages and the API."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from committees import services
from committees.models import AgendaItem, Meeting, Report
from core import roles
from tests.utils import assert_constant_queries, breadcrumbs

from .factories import CommitteeFactory, ready_report


def test_anonymous_users_see_the_public_pages_without_signing_in(client, published_meeting):
    meeting = published_meeting["meeting"]
    for url in [
        reverse("committees:index"),
        reverse("committees:meetings"),
        reverse("committees:committee", args=[meeting.committee.slug]),
        reverse("committees:meeting", args=[meeting.pk]),
        reverse("committees:report", args=[published_meeting["public_report"].pk]),
        reverse("committees:decisions"),
    ]:
        assert client.get(url).status_code == 200, url


def test_the_committee_page_lists_members_roles_and_voting_rights(client, published_meeting):
    committee = published_meeting["meeting"].committee
    page = client.get(reverse("committees:committee", args=[committee.slug])).content.decode()
    assert "Church representative" in page and "On education matters only" in page
    assert "Schools Forum" in page and "Non-voting" in page
    assert "01603 223055" in page


def test_clerk_pages_need_sign_in_and_the_clerk_role(client, role_client, committee):
    url = reverse("committees:meeting_new")
    assert client.get(url).status_code == 302
    assert role_client(roles.MEMBER).get(url).status_code == 403
    assert role_client(roles.COMMITTEE_CLERK).get(url).status_code == 200


def test_the_meeting_page_shows_both_deadlines_and_warns_the_clerk(role_client, committee):
    clerk = role_client(roles.COMMITTEE_CLERK)
    today = dt.date.today()
    # A meeting four working days away: the five-clear-day deadline has passed.
    meeting = services.create_meeting(committee, date=today + dt.timedelta(days=6))
    page = clerk.get(reverse("committees:meeting", args=[meeting.pk])).content.decode()
    assert "Agenda to be published by" in page and "Questions deadline" in page
    assert 'class="deadline-warning"' in page
    far = services.create_meeting(committee, date=today + dt.timedelta(days=60))
    page = clerk.get(reverse("committees:meeting", args=[far.pk])).content.decode()
    assert 'class="deadline-warning"' not in page and "On track" in page


def test_a_clerk_creates_a_meeting_adds_an_exempt_item_and_publishes(role_client, committee):
    clerk = role_client(roles.COMMITTEE_CLERK)
    date = dt.date.today() + dt.timedelta(days=30)
    response = clerk.post(
        reverse("committees:meeting_new"),
        {"committee": committee.pk, "date": date.isoformat(), "start_time": "10:00", "venue": "Edwards Room"},
    )
    meeting = Meeting.objects.get(committee=committee, date=date)
    assert response.status_code == 302 and meeting.items.count() == 6
    response = clerk.post(
        reverse("committees:item_new", args=[meeting.pk]),
        {"title": "Tender", "kind": "business", "business_kind": "general", "exempt": "on"},
    )
    assert "Schedule 12A" in response.content.decode()  # the paragraph is required
    clerk.post(
        reverse("committees:item_new", args=[meeting.pk]),
        {"title": "Tender", "kind": "business", "business_kind": "general", "exempt": "on", "exempt_paragraph": "3"},
    )
    assert meeting.items.get(number=7).exempt_paragraph == 3
    clerk.post(reverse("committees:meeting_publish", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED


def test_a_clerk_records_clearance_and_marks_a_report_ready(role_client, committee):
    clerk = role_client(roles.COMMITTEE_CLERK)
    response = clerk.post(
        reverse("committees:report_new"),
        {
            "title": "Safelives",
            "responsible_chief_officer": clerk.user.person.pk,
            "executive_summary": "Summary",
            "recommendations": "Note the report\nEndorse the Beacon Project",
        },
    )
    report = Report.objects.get(title="Safelives")
    assert response.status_code == 302 and report.recommendations.count() == 2
    clerk.post(reverse("committees:report_action", args=[report.pk, "clear"]))
    clerk.post(reverse("committees:report_action", args=[report.pk, "ready"]))
    report.refresh_from_db()
    assert report.status == Report.Status.READY


def test_a_member_cannot_clear_a_report_but_its_chief_officer_can(role_client, committee):
    member = role_client(roles.MEMBER)
    chief = role_client(roles.MEMBER, username="chief-officer")
    report = services.save_report("R", responsible_chief_officer=chief.user.person)
    assert member.post(reverse("committees:report_action", args=[report.pk, "clear"])).status_code == 403
    chief.post(reverse("committees:report_action", args=[report.pk, "clear"]))
    report.refresh_from_db()
    assert report.status == Report.Status.CLEARED and report.cleared_by == chief.user.person


def test_icalendar_and_rss_feeds_list_the_meetings(client, published_meeting):
    ics = client.get(reverse("committees:meetings_ics"))
    assert ics["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(ics.content).walk("VEVENT")
    assert len(events) == 1
    assert events[0].decoded("dtstart").isoformat() == "2017-03-14T10:00:00+00:00"
    rss = client.get(reverse("committees:meetings_rss")).content.decode()
    assert "<rss" in rss and "Tuesday 14 March 2017" in rss


def test_meetings_api_gives_date_publication_and_questions_deadlines(client, published_meeting):
    data = client.get("/api/v1/meetings/").json()["results"][0]
    assert data["date"] == "2017-03-14"
    assert data["publish_agenda_by"] == "2017-03-06"
    assert data["questions_deadline"] == "2017-03-09T17:00:00+00:00"


def test_the_public_meeting_list_uses_constant_queries(client, committee):
    def grow():
        for day in range(1, 6):
            meeting = services.create_meeting(CommitteeFactory(), date=dt.date(2017, 6, day))
            services.publish_agenda(meeting, today=dt.date(2017, 5, 1))

    services.create_meeting(committee, date=dt.date(2017, 5, 30))
    assert_constant_queries(lambda: client.get(reverse("committees:meetings")), grow)


@pytest.mark.parametrize("endpoint", ["meetings", "agenda-items", "reports", "minutes", "decisions"])
def test_api_lists_use_constant_queries(client, committee, endpoint):
    counter = iter(range(1, 28))

    def grow():
        for _ in range(3):
            day = dt.date(2017, 6, next(counter))
            meeting = services.create_meeting(committee, date=day)
            report = ready_report(meeting, f"Report {day}")
            services.add_item(meeting, title=report.title, report=report)
            services.publish_agenda(meeting, today=dt.date(2017, 5, 1))
            minutes = services.draft_minutes(meeting)
            services.publish_draft_minutes(minutes)

    grow()
    assert_constant_queries(lambda: client.get(f"/api/v1/{endpoint}/"), grow)


def test_api_is_read_only_for_the_public(client, committee):
    assert client.post("/api/v1/meetings/", {}).status_code in (403, 405)


def test_an_item_edit_page_round_trips(role_client, published_meeting):
    clerk = role_client(roles.COMMITTEE_CLERK)
    item = published_meeting["meeting"].items.get(kind=AgendaItem.Kind.BUSINESS, exempt=False)
    response = clerk.get(reverse("committees:item_edit", args=[item.pk]))
    assert response.status_code == 200


def test_the_owner_of_a_follow_up_action_marks_it_done(role_client, committee):
    clerk = role_client(roles.COMMITTEE_CLERK)
    owner = role_client(roles.MEMBER, username="action-owner")
    minutes = services.draft_minutes(services.create_meeting(committee, date=dt.date(2017, 1, 24)))
    decision = services.record_decision(minutes.items.get(number=4), text="to write to the winners", kind="agreed")
    clerk.post(
        reverse("committees:action_new", args=[decision.pk]),
        {"description": "Send letters", "owner": owner.user.person.pk},
    )
    action = decision.actions.get()
    assert (
        role_client(roles.MEMBER, username="someone-else")
        .post(reverse("committees:action_done", args=[action.pk]))
        .status_code
        == 403
    )
    owner.post(reverse("committees:action_done", args=[action.pk]))
    action.refresh_from_db()
    assert action.done


def test_pages_below_a_committee_lead_back_through_it_and_the_meeting(role_client, published_meeting):
    clerk = role_client(roles.COMMITTEE_CLERK)
    meeting = published_meeting["meeting"]
    report = published_meeting["public_report"]
    item = meeting.items.filter(report=report).get()
    committee = meeting.committee
    home = [("Home", "/"), ("Committees", reverse("committees:index"))]
    to_committee = [*home, (committee.name, committee.get_absolute_url())]
    to_meeting = [*to_committee, (meeting.date.strftime("%-d %B %Y"), meeting.get_absolute_url())]
    expected = {
        committee.get_absolute_url(): home,
        meeting.get_absolute_url(): to_committee,
        reverse("committees:meeting_edit", args=[meeting.pk]): to_meeting,
        reverse("committees:item_new", args=[meeting.pk]): to_meeting,
        reverse("committees:item_edit", args=[item.pk]): to_meeting,
        reverse("committees:meeting_packs", args=[meeting.pk]): to_meeting,
        report.get_absolute_url(): to_meeting,
        reverse("committees:report_edit", args=[report.pk]): [*to_meeting, (report.title, report.get_absolute_url())],
        reverse("committees:alerts_subscribe", args=[committee.slug]): to_committee,
    }
    for url, crumbs in expected.items():
        response = clerk.get(url)
        assert response.status_code == 200, url
        assert breadcrumbs(response) == crumbs, url
