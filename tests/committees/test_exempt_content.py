"""Exempt items: the public sees their title and Schedule 12A paragraph, never their content,
in any page, feed or API response."""

import datetime as dt

import pytest
from django.urls import reverse

from committees import selectors, services
from committees.models import AgendaItem, Decision, Minutes, Report
from core import roles

from .conftest import MARKER

API_LISTS = ["committees", "memberships", "meetings", "agenda-items", "reports", "minutes", "decisions", "questions"]


@pytest.fixture
def with_minutes(published_meeting):
    meeting = published_meeting["meeting"]
    services.mark_held(meeting)
    minutes = services.draft_minutes(meeting)
    exempt_minute = minutes.items.get(agenda_item=published_meeting["exempt_item"])
    services.save_minute_item(minutes, number=exempt_minute.number, title=exempt_minute.title,
                              body=f"Discussion {MARKER}")
    services.record_decision(exempt_minute, text=f"to award to {MARKER}", votes_for=6, votes_against=1)
    services.publish_draft_minutes(minutes, today=dt.date(2017, 3, 20))
    return published_meeting


def _public_urls(data):
    meeting = data["meeting"]
    urls = [
        reverse("committees:index"),
        reverse("committees:meetings"),
        reverse("committees:meetings_rss"),
        reverse("committees:meetings_ics"),
        reverse("committees:meeting", args=[meeting.pk]),
        reverse("committees:minutes", args=[meeting.pk]),
        reverse("committees:decisions"),
        reverse("committees:decisions") + "?q=award",  # words of the exempt decision
        reverse("committees:committee", args=[meeting.committee.slug]),
    ]
    urls += [reverse("committees:report", args=[r.pk]) for r in Report.objects.all()]
    urls += [reverse("committees:decision", args=[d.pk]) for d in Decision.objects.all()]
    for name in API_LISTS:
        urls.append(f"/api/v1/{name}/")
    urls += [f"/api/v1/agenda-items/{i.pk}/" for i in AgendaItem.objects.all()]
    urls += [f"/api/v1/reports/{r.pk}/" for r in Report.objects.all()]
    urls += [f"/api/v1/minutes/{m.pk}/" for m in Minutes.objects.all()]
    urls += [f"/api/v1/decisions/{d.pk}/" for d in Decision.objects.all()]
    urls += ["/api/v1/decisions/?search=award"]
    return urls


def test_no_public_page_or_api_response_contains_exempt_content(client, with_minutes):
    seen = 0
    for url in _public_urls(with_minutes):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert MARKER.encode() not in body, f"exempt content leaked at {url}"
        seen += response.status_code == 200
    assert seen > 20


def test_the_public_agenda_shows_the_exempt_items_title_and_paragraph(client, published_meeting):
    page = client.get(reverse("committees:meeting", args=[published_meeting["meeting"].pk])).content.decode()
    assert "Residential placements contract" in page
    assert "paragraph 3 of Part 1 of Schedule 12A" in page
    assert "Working with Safelives" in page


def test_the_exempt_report_page_is_not_found_for_the_public_but_readable_by_members(
    client, role_client, published_meeting
):
    url = reverse("committees:report", args=[published_meeting["secret_report"].pk])
    assert client.get(url).status_code == 404
    member = role_client(roles.MEMBER)
    assert MARKER in member.get(url).content.decode()


def test_public_api_redacts_exempt_items(client, published_meeting):
    item = published_meeting["exempt_item"]
    data = client.get(f"/api/v1/agenda-items/{item.pk}/").json()
    assert data["title"] == "Residential placements contract"
    assert data["exempt"] is True and data["exempt_paragraph"] == 3
    assert data["report"] is None and data["body"] == ""


def test_signed_in_staff_see_exempt_content_in_the_api(role_client, published_meeting):
    clerk = role_client(roles.COMMITTEE_CLERK)
    item = published_meeting["exempt_item"]
    data = clerk.get(f"/api/v1/agenda-items/{item.pk}/").json()
    assert data["report"] == published_meeting["secret_report"].pk


def test_public_items_selector_redacts_and_hides_unpublished_agendas(published_meeting, committee):
    items = selectors.public_items(published_meeting["meeting"])
    exempt = [i for i in items if i.exempt]
    assert len(exempt) == 1 and exempt[0].redacted
    assert exempt[0].report is None and exempt[0].body == "" and exempt[0].report_by == ""
    unpublished = services.create_meeting(committee, date=dt.date(2017, 5, 2))
    assert selectors.public_items(unpublished) == []


def test_unpublished_agendas_and_draft_reports_are_not_public(client, committee):
    meeting = services.create_meeting(committee, date=dt.date(2017, 5, 2))
    report = services.save_report(f"Draft {MARKER}", meeting=meeting)
    services.add_item(meeting, title=f"Item {MARKER}", report=report)
    assert MARKER not in client.get(reverse("committees:meeting", args=[meeting.pk])).content.decode()
    assert client.get(reverse("committees:report", args=[report.pk])).status_code == 404
    assert client.get("/api/v1/agenda-items/").json()["count"] == 0
    assert client.get("/api/v1/reports/").json()["count"] == 0


def test_appendices_are_public_only_with_a_public_report(client, published_meeting, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfWriter

    settings.MEDIA_ROOT = tmp_path

    def pdf():
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        buf = io.BytesIO()
        writer.write(buf)
        return SimpleUploadedFile("appendix.pdf", buf.getvalue())

    public = services.add_appendix(published_meeting["public_report"], title="Scorecard", upload=pdf())
    secret = services.add_appendix(published_meeting["secret_report"], title="Bids", upload=pdf())
    assert client.get(reverse("committees:appendix", args=[public.pk])).status_code == 200
    assert client.get(reverse("committees:appendix", args=[secret.pk])).status_code == 404
    report = client.get(f"/api/v1/reports/{published_meeting['public_report'].pk}/").json()
    assert report["appendices"][0]["access_url"].endswith(reverse("committees:appendix", args=[public.pk]))
