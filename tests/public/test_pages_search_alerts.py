"""Public meeting page, search and email alerts."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client

from committees import search, services
from committees.alerts.models import Subscription
from committees.models import Minutes
from core import roles
from tests.packs.march2017 import EXEMPT_SECRET
from tests.public.conftest import publish_pack

pytestmark = pytest.mark.django_db


def test_meeting_page_names_the_committee_and_leads_with_the_pack(published):
    march = published["march"]
    version = published["version"]
    html = Client().get(march.get_absolute_url()).content.decode()
    h1 = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert "Children&#x27;s Services Committee" in h1 and "Tuesday 14 March 2017" in h1
    main = re.search(r'class="pack-main"><a [^>]*>(.*?)</a>', html).group(1)
    assert re.fullmatch(rf"Agenda pack \(PDF, {version.pages} pages, [\d.]+\xa0(KB|MB)\)", main), main
    assert "Accessible version" in html
    assert "Appendix 1: Education Improvement Plan Scorecard" in html and "2 pages" in html
    assert version.sha256 not in html  # checksums live on the version's own page
    assert f'href="/committees/meetings/{published["january"].pk}/"' in html  # previous meeting
    version_page = Client().get(f"/committees/meetings/{march.pk}/packs/version-1/").content.decode()
    assert version.sha256 in version_page
    assert EXEMPT_SECRET not in html


def test_attendance_shows_once_held_and_minutes_published(published):
    january = published["january"]
    minutes = Minutes.objects.get(meeting=january)
    chair = january.committee.memberships.get(role="chair").person
    services.record_attendance(minutes, person=chair, kind="present", capacity="Chair")
    html = Client().get(january.get_absolute_url()).content.decode()
    assert "<h2>Attendance</h2>" in html and str(chair) in html
    march_html = Client().get(published["march"].get_absolute_url()).content.decode()
    assert "<h2>Attendance</h2>" not in march_html


@pytest.mark.parametrize("who", ["public", "clerk"])
def test_search_finds_the_report_and_never_exempt_content_for_the_public(published, who, role_client):
    client = Client() if who == "public" else role_client(roles.COMMITTEE_CLERK, username="clerk-search")
    response = client.get("/committees/search/", {"q": "domestic abuse"})
    html = response.content.decode()
    assert "Working with Safelives addressing domestic abuse through partnership working" in html
    assert "<mark>" in html
    public = search.search("Confidential placement", public=True)
    assert public == []
    staff = search.search("Confidential placement", public=False)
    assert [r.title for r in staff] == ["Residential placement contract award"]
    assert search.search("Residential placement", public=True) == []  # exempt titles are not searched either


def test_search_filters_by_committee_and_date(published):
    march = published["march"]
    assert search.search("domestic abuse", committee=march.committee)
    assert search.search("domestic abuse", date_from=dt.date(2017, 3, 15)) == []
    assert search.search("domestic abuse", date_to=dt.date(2017, 3, 14))
    roads = search.search("road crossing patrols")
    assert {r.kind for r in roads} >= {"decision"}


def test_snippets_escape_what_they_quote(published):
    snippet = search._contains_snippet("<script>alert(1)</script> domestic abuse", ["domestic"])
    assert "<script>" not in snippet and "<mark>domestic</mark>" in snippet


def test_subscribe_confirm_publish_one_email_unsubscribe(published, django_capture_on_commit_callbacks,
                                                         settings):
    march = published["march"]
    committee = march.committee
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/committees/c/{committee.slug}/alerts/", {"email": "Reader@Example.org"})
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["reader@example.org"]
    confirm = re.search(r"(http\S+/alerts/confirm/\S+/)", mail.outbox[0].body).group(1)
    assert confirm.startswith(settings.SITE_URL)
    # Nothing is sent before confirmation.
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_draft_minutes(Minutes.objects.get(meeting=march.committee.meetings.get(
            date=dt.date(2017, 1, 24))), today=dt.date(2017, 2, 1))
    assert len(mail.outbox) == 1
    assert client.get(confirm.removeprefix(settings.SITE_URL)).status_code == 200
    assert Subscription.objects.get().confirmed

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_pack(march, published["clerk"], django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    message = mail.outbox[0]
    assert message.subject == "Children's Services Committee, 14 March 2017: Agenda pack (republished)"
    unsubscribe = re.search(r"(http\S+/alerts/unsubscribe/\S+/)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"

    # The address appears on no page, feed or API.
    for path in (march.get_absolute_url(), committee.get_absolute_url(), f"/committees/c/{committee.slug}/feed/",
                 "/oparl/v1/body/1/person", "/api/v1/committees/"):
        assert "reader@example.org" not in Client().get(path).content.decode().lower()

    assert "Stop the alerts" in client.get(unsubscribe.removeprefix(settings.SITE_URL)).content.decode()
    assert Subscription.objects.exists()  # a GET (a link scanner) removes nothing
    client.post(unsubscribe.removeprefix(settings.SITE_URL))
    assert not Subscription.objects.exists()


def test_a_rolled_back_publication_mails_nobody(published, django_capture_on_commit_callbacks):
    from django.db import transaction

    march = published["march"]
    sub = services_subscribe_confirmed(march.committee)
    later = services.create_meeting(march.committee, date=dt.date(2017, 5, 23))
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.publish_agenda(later, today=dt.date(2017, 5, 10))
                raise RuntimeError("the clerk's request failed after publishing")
        except RuntimeError:
            pass
    assert mail.outbox == []
    later.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(later, today=dt.date(2017, 5, 10))
    assert [m.to for m in mail.outbox] == [[sub.email]]
    assert "Agenda published" in mail.outbox[0].subject


def services_subscribe_confirmed(committee, email="alerts@example.org"):
    from committees.alerts import services as alerts

    subscription = alerts.subscribe(committee, email)
    alerts.confirm(subscription.token)
    mail.outbox.clear()
    return subscription


def test_invalid_address_is_refused_with_a_message(published):
    response = Client().post(f"/committees/c/{published['march'].committee.slug}/alerts/", {"email": "not-an-email"})
    assert response.status_code == 400 and "Enter an email address" in response.content.decode()
    assert not Subscription.objects.exists()


def test_councillor_home_lists_coming_meetings_with_pack_questions_deadline_and_reports(published, make_user):
    from committees import attention
    from committees.models import Membership

    march = published["march"]
    user = make_user(roles.MEMBER, username="cllr")
    services.add_member(march.committee, person=user.person, role=Membership.Role.MEMBER)
    items = attention.items_for(user, today=dt.date(2017, 3, 7))
    mine = [i for i in items if i.area == "Your committees"]
    assert len(mine) == 1
    assert mine[0].title.startswith(f"{march}: Agenda pack (PDF, {published['version'].pages} pages)")
    assert mine[0].url == f"/committees/packs/{published['version'].build_id}/pack.pdf"
    assert "Questions by 5pm on Thursday 9 March 2017" in mine[0].detail
    assert "Working with Safelives" in mine[0].detail
    assert "Residential placement" not in mine[0].detail  # exempt: not in the public pack's list


def test_clerk_home_flags_late_items_without_a_reason(published, make_user):
    from committees import attention
    from committees.models import AgendaItem

    clerk = make_user(roles.COMMITTEE_CLERK, username="clerk-home")
    item = services.add_item(published["march"], title="Urgent: school transport",
                             urgency_reason="Contract ends Friday")
    AgendaItem.objects.filter(pk=item.pk).update(urgency_reason="")  # as an import or old record might leave it
    titles = [i.title for i in attention.items_for(clerk, today=dt.date(2017, 3, 8))]
    assert f"Late item with no reason of urgency: {item.number}. Urgent: school transport" in titles


def test_asking_again_within_the_hour_sends_no_second_confirmation(published, django_capture_on_commit_callbacks):
    committee = published["march"].committee
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            Client().post(f"/committees/c/{committee.slug}/alerts/", {"email": "victim@example.org"})
    assert len(mail.outbox) == 1
