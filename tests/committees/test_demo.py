"""The demo data is the seed's committee and its two meetings, loaded idempotently."""

import datetime as dt
import io

from committees import demo, selectors
from committees.models import Committee, Decision, Meeting, Membership, Question


def test_demo_loads_the_seed_committee_and_meetings_idempotently(db):
    demo.load(io.StringIO())
    counts = (Membership.objects.count(), Meeting.objects.count(), Decision.objects.count(), Question.objects.count())
    demo.load(io.StringIO())
    assert (
        Membership.objects.count(),
        Meeting.objects.count(),
        Decision.objects.count(),
        Question.objects.count(),
    ) == counts

    committee = Committee.objects.get(name="Children's Services Committee")
    assert committee.contact_officer_name == "Julie Mortimer"
    chair = committee.memberships.get(role=Membership.Role.CHAIR)
    assert str(chair.person) == "Mr R Smith"
    assert str(committee.memberships.get(role=Membership.Role.VICE_CHAIR).person) == "Mrs S Gurney"
    assert committee.memberships.filter(role=Membership.Role.CHURCH_REP, voting_limited_to="education").count() == 2
    spencer = committee.memberships.get(person__name="C Spencer")
    assert spencer.represents == "Norfolk Governance Network" and not spencer.voting

    january = Meeting.objects.get(date=dt.date(2017, 1, 24))
    minutes = january.minutes
    assert minutes.closing_time == dt.time(13, 25) and minutes.is_public
    crossing = Decision.objects.get(minute_item__minutes=minutes, minute_item__number=7)
    assert (crossing.votes_for, crossing.votes_against) == (16, 1)
    # 14 members present plus 3 substitutes: the 17 votes cast on the road crossing patrols.
    assert len(selectors.voters_for_item(crossing.minute_item.agenda_item)) == 17
    assert minutes.attendance.filter(kind="substitute").count() == 3
    assert january.questions.count() == 2

    march = Meeting.objects.get(date=dt.date(2017, 3, 14))
    assert march.agenda_published_on == dt.date(2017, 3, 6)
    titles = list(march.items.values_list("number", "title"))
    assert titles[1] == (
        2,
        "To confirm the minutes of the Children's Services Committee meeting held on 24 January 2017",
    )
    assert titles[7] == (8, "Integrated Performance and Finance Monitoring 2016-17")
    ipf = march.items.get(number=8).report
    assert ipf.status == "ready" and ipf.live_sections.count() == 8
    assert march.items.filter(exempt=True).count() == 1
    assert march.pre_meetings.count() == 4


def test_loading_the_demo_again_adds_no_history(db):
    demo.load(io.StringIO())
    revisions = Membership.history.count()
    demo.load(io.StringIO())
    assert Membership.history.count() == revisions


def test_the_demo_gives_a_councillor_and_a_clerk_a_home_page_with_what_is_coming(db):
    """The seed's meetings are in 2017; the demo adds the committee's next two meetings from
    today, so a councillor sees their meetings and question deadlines and a clerk the agenda
    whose deadline is at risk and the late item."""
    from django.utils import timezone

    from committees import attention, deadlines
    from core import roles, services

    users = services.ensure_demo_users("demo-test-pass-18")
    demo.load(io.StringIO())
    demo.load(io.StringIO())  # again: still two meetings ahead, one membership
    today = timezone.localdate()
    coming = list(Meeting.objects.filter(date__gte=today).order_by("date"))
    assert len(coming) == 2
    assert deadlines.publication_status(coming[0].date, today) == deadlines.AT_RISK
    assert coming[1].agenda_published_on == today and coming[1].items.filter(late=True).count() == 1

    member = [(i.area, i.title, i.detail) for i in attention.items_for(users[roles.MEMBER], today)]
    assert [area for area, _, _ in member] == ["Your committees", "Your committees"]
    assert f"agenda due by {deadlines.publish_agenda_by(coming[0].date):%-d %B}" in member[0][1]
    assert f"agenda published {today:%-d %B}" in member[1][1]
    assert all(detail.startswith("Questions by 5pm on ") for _, _, detail in member)

    clerk = attention.items_for(users[roles.COMMITTEE_CLERK], today)
    titles = [i.title for i in clerk]
    assert f"Publish the agenda: {coming[0]}" in titles
    late = next(i for i in clerk if i.title.startswith("Late item: "))
    assert "Ofsted focused visit" in late.title and "reason of urgency: The inspection letter" in late.detail
    assert not late.overdue  # it has its reason
