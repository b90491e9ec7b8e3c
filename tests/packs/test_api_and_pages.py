"""The packs API contract and pages: who may build, publish and read what."""

import pytest
from django.test import Client
from django.urls import reverse

from committees.packs import services
from committees.packs.models import PackBuild
from core import roles
from tests.packs.march2017 import EXEMPT_SECRET
from tests.utils import problem_fields

pytestmark = pytest.mark.django_db


def test_api_post_starts_a_build_and_get_reports_status_progress_and_files(march, role_client, run_on_commit):
    clerk = role_client(roles.COMMITTEE_CLERK)
    with run_on_commit():
        response = clerk.post(f"/api/v1/meetings/{march.pk}/packs/", content_type="application/json")
    assert response.status_code == 202, response.content
    build_id = response.json()["id"]
    data = clerk.get(f"/api/v1/packs/{build_id}/").json()
    assert data["status"] == "done" and data["progress"] == 100 and data["error"] == ""
    assert data["pdf_url"] == f"http://testserver/api/v1/packs/{build_id}/pdf/"
    assert data["html_url"] == f"http://testserver/api/v1/packs/{build_id}/html/"
    pdf = clerk.get(data["pdf_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    # with a token as well, and a draft is not for anonymous clients
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=clerk.user).key
    assert Client().get(data["pdf_url"], HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    assert Client().get(data["csv_url"], HTTP_AUTHORIZATION=f"Token {token}")["Content-Type"] == "text/csv"
    assert Client().get(data["pdf_url"]).status_code == 404


def test_api_failed_build_gives_the_error_and_no_files(march, role_client, run_on_commit):
    appendix = march.reports.get(title__startswith="Integrated").appendices.get()
    with open(appendix.file.path, "wb") as fh:
        fh.write(b"not a pdf at all")
    clerk = role_client(roles.COMMITTEE_CLERK)
    with run_on_commit():
        build_id = clerk.post(f"/api/v1/meetings/{march.pk}/packs/", content_type="application/json").json()["id"]
    data = clerk.get(f"/api/v1/packs/{build_id}/").json()
    assert data["status"] == "failed"
    assert "is not a valid PDF" in data["error"]
    assert data["pdf_url"] is None and data["html_url"] is None


def test_api_who_may_build(march, role_client):
    url, as_json = f"/api/v1/meetings/{march.pk}/packs/", {"content_type": "application/json"}
    assert Client().post(url, **as_json).status_code == 401
    assert role_client(roles.MEMBER).post(url, **as_json).status_code == 403
    assert role_client(roles.COMMITTEE_CLERK).post("/api/v1/meetings/999999/packs/", **as_json).status_code == 404


def test_anonymous_clients_see_published_packs_only(march, role_client, run_on_commit):
    clerk = role_client(roles.COMMITTEE_CLERK)
    with run_on_commit():
        draft_id = clerk.post(f"/api/v1/meetings/{march.pk}/packs/", content_type="application/json").json()["id"]
    anonymous = Client()
    assert anonymous.get(f"/api/v1/meetings/{march.pk}/packs/").json() == []
    assert anonymous.get(f"/api/v1/packs/{draft_id}/").status_code == 404
    assert anonymous.get(reverse("committees:pack_pdf", args=[draft_id])).status_code == 404

    services.publish(PackBuild.objects.get(pk=draft_id), user=clerk.user)
    listed = anonymous.get(f"/api/v1/meetings/{march.pk}/packs/").json()
    assert [(v["number"], v["label"], v["build"]) for v in listed] == [(1, "Agenda pack", draft_id)]
    assert len(listed[0]["sha256"]) == 64
    assert anonymous.get(f"/api/v1/packs/{draft_id}/").json()["version"] == 1
    pdf = anonymous.get(listed[0]["pdf_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    html = anonymous.get(listed[0]["html_url"])
    assert html.status_code == 200 and "Working with Safelives" in html.content.decode()
    assert EXEMPT_SECRET not in html.content.decode()
    # the restricted pack (exempt items) is for the committee's members, clerks and administrators
    restricted = reverse("committees:pack_restricted_pdf", args=[draft_id])
    assert anonymous.get(restricted).status_code == 302
    member = role_client(roles.MEMBER)
    assert member.get(restricted).status_code == 403
    march.committee.memberships.create(person=member.user.person)
    assert member.get(restricted).status_code == 200
    assert anonymous.get(listed[0]["csv_url"]).status_code == 200


def test_meeting_page_build_button_progress_and_publish(march, role_client, run_on_commit):
    clerk = role_client(roles.COMMITTEE_CLERK)
    page = clerk.get(reverse("committees:meeting", args=[march.pk])).content.decode()
    assert "Build pack" in page
    with run_on_commit():
        response = clerk.post(reverse("committees:pack_build_start", args=[march.pk]), {"kind": "agenda"})
    build = PackBuild.objects.get()
    assert response.url == build.get_absolute_url()
    progress = clerk.get(reverse("committees:pack_progress", args=[build.pk]), HTTP_HX_REQUEST="true")
    text = progress.content.decode()
    assert 'value="100"' in text and "Publish this pack" in text and "hx-trigger" not in text
    clerk.post(reverse("committees:pack_publish", args=[build.pk]))
    public = Client().get(reverse("committees:meeting", args=[march.pk]))
    if public.status_code == 200:  # the meeting page is public once its agenda is
        assert "Version 1" in public.content.decode()
    listing = Client().get(reverse("committees:meeting_packs", args=[march.pk])).content.decode()
    assert "Version 1" in listing and "Build pack" not in listing


def test_members_cannot_build_or_publish(march, role_client, run_on_commit):
    member = role_client(roles.MEMBER)
    assert member.post(reverse("committees:pack_build_start", args=[march.pk])).status_code == 403
    clerk = role_client(roles.COMMITTEE_CLERK)
    with run_on_commit():
        build = services.start_build(march, user=clerk.user)
    assert member.post(reverse("committees:pack_publish", args=[build.pk])).status_code == 403
    assert "Publish this pack" not in member.get(build.get_absolute_url()).content.decode()


def test_api_builds_a_supplement_on_request_and_refuses_an_unknown_kind(march, role_client, run_on_commit):
    clerk = role_client(roles.COMMITTEE_CLERK)
    url = f"/api/v1/meetings/{march.pk}/packs/"
    response = clerk.post(url, {"kind": "everything"}, content_type="application/json")
    assert response.status_code == 400 and "kind" in problem_fields(response.json())
    response = clerk.post(url, {"kind": "supplement"}, content_type="application/json")
    assert response.status_code == 400 and "Publish the agenda pack" in str(response.json())
