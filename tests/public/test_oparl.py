"""The OParl 1.1 endpoint, walked from the System object and validated against the official
schemas (../shared/oparl-1.1-schema beside the repository)."""

import datetime as dt
import json
import os
import time
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from committees import services
from committees.models import AgendaItem, Membership
from tests.packs.march2017 import EXEMPT_SECRET

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
# CI lays shared/ beside the clone; a git worktree elsewhere names it with SHARED_DIR.
SCHEMAS = Path(os.environ.get("SHARED_DIR") or REPO / ".." / "shared") / "oparl-1.1-schema"
OPARL = "https://schema.oparl.org/1.1/"
MAX_FETCHES = 400


def schema(name):
    path = SCHEMAS / f"{name}.json"
    assert path.exists(), f"the OParl schemas belong in {SCHEMAS.resolve()} (see its README)"
    return json.loads(path.read_text())


def validate(obj, where):
    """Validate the object against its type's schema, and every embedded OParl object too."""
    kind = obj["type"].removeprefix(OPARL)
    jsonschema.validate(obj, schema(kind))
    assert obj["id"].startswith(settings.SITE_URL + "/oparl/v1/"), where
    if not obj.get("deleted"):
        assert "created" in obj and "modified" in obj, f"{where}: {kind} without created/modified"
    for value in obj.values():
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, dict) and str(child.get("type", "")).startswith(OPARL):
                validate(child, f"{where} > {child['id']}")


def oparl_urls(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from oparl_urls(v)
    elif isinstance(value, list):
        for v in value:
            yield from oparl_urls(v)
    elif isinstance(value, str) and value.startswith(settings.SITE_URL + "/oparl/v1/"):
        yield value


def get(client, url):
    parts = urlsplit(url)
    response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    return response


def walk(client):
    """Breadth first from the System object, following every OParl URL (bounded)."""
    start = settings.SITE_URL + "/oparl/v1/system"
    queue, seen, bodies, types = deque([start]), {start}, {}, {}
    while queue:
        url = queue.popleft()
        assert len(bodies) < MAX_FETCHES, "the walk did not end: more URLs than expected"
        response = get(client, url)
        assert response.status_code == 200, (url, response.content[:300])
        assert response["Access-Control-Allow-Origin"] == "*"
        data = response.json()
        bodies[url] = response.content.decode()
        if "data" in data and "pagination" in data:
            assert set(data["links"]) >= {"first", "last"}
            for obj in data["data"]:
                validate(obj, url)
                types.setdefault(obj["type"].removeprefix(OPARL), set()).add(obj["id"])
        else:
            validate(data, url)
            types.setdefault(data["type"].removeprefix(OPARL), set()).add(data["id"])
        for found in oparl_urls(data):
            if found not in seen:
                seen.add(found)
                queue.append(found)
    return bodies, types


def test_walk_from_system_validates_every_object_and_never_shows_exempt_content(published):
    bodies, types = walk(Client())
    assert {"System", "Body", "Organization", "Person", "Membership", "Meeting", "AgendaItem", "Paper",
            "File", "Location", "LegislativeTerm", "Consultation"} <= set(types)
    everything = "\n".join(bodies.values())
    assert EXEMPT_SECRET not in everything
    assert "Commercial terms" not in everything  # the exempt report's section heading

    march = published["march"]
    meeting = Client().get(f"/oparl/v1/meeting/{march.pk}").json()
    assert meeting["start"] == "2017-03-14T10:00:00+00:00" and meeting["end"] == "2017-03-14T13:00:00+00:00"
    assert meeting["cancelled"] is False and meeting["meetingState"] == "Agenda published"
    assert meeting["location"]["postalCode"] == "NR1 2DH"
    assert meeting["invitation"]["mimeType"] == "application/pdf"
    assert meeting["invitation"]["sha256Checksum"] == published["version"].sha256
    assert {f["mimeType"] for f in meeting["auxiliaryFile"]} == {"application/pdf", "text/html"}
    assert all(f["size"] > 0 for f in meeting["auxiliaryFile"])
    exempt = [i for i in meeting["agendaItem"] if not i["public"]]
    assert [i["name"] for i in exempt] == ["Residential placement contract award"]
    assert set(exempt[0]) == {"id", "type", "meeting", "number", "order", "name", "public", "exemptionParagraph",
                              "created", "modified", "web"}
    assert "paragraph 3" in exempt[0]["exemptionParagraph"].lower() or "3 –" in exempt[0]["exemptionParagraph"]
    assert Client().get(exempt[0]["id"].removeprefix(settings.SITE_URL)).json()["public"] is False
    secret_report = march.reports.get(title="Residential placement contract award")
    assert Client().get(f"/oparl/v1/paper/{secret_report.pk}").status_code == 404

    safelives = march.reports.get(title__startswith="Working with Safelives")
    paper = Client().get(f"/oparl/v1/paper/{safelives.pk}").json()
    assert paper["consultation"][0]["meeting"].endswith(f"/oparl/v1/meeting/{march.pk}")
    ipr = march.reports.get(title__startswith="Integrated")
    appendix = Client().get(f"/oparl/v1/paper/{ipr.pk}").json()["auxiliaryFile"][0]
    assert appendix["mimeType"] == "application/pdf" and len(appendix["sha256Checksum"]) == 64
    assert Client().get(appendix["downloadUrl"].removeprefix(settings.SITE_URL))["Content-Disposition"].startswith(
        "attachment")

    january = published["january"]
    road = Client().get(f"/oparl/v1/meeting/{january.pk}").json()
    decided = [i for i in road["agendaItem"] if i.get("resolutionText")]
    assert decided and decided[0]["result"] == "RESOLVED"
    assert road["resultsProtocol"]["accessUrl"].endswith(f"/committees/meetings/{january.pk}/minutes/")

    orgs = Client().get("/oparl/v1/body/1/organization").json()["data"]
    assert {o["classification"] for o in orgs} == {"Committee", "Political group"}
    chair = march.committee.memberships.get(role=Membership.Role.CHAIR)
    assert Client().get(f"/oparl/v1/membership/{chair.pk}").json()["onBehalfOf"].endswith(
        f"/organization/group-{published['group'].pk}")
    advisor = march.committee.memberships.get(role=Membership.Role.CO_OPTED_ADVISOR)
    assert Client().get(f"/oparl/v1/membership/{advisor.pk}").json()["votingRight"] is False


def test_modified_since_returns_only_what_changed_and_deleted_objects_stay(published):
    march = published["march"]
    time.sleep(1.1)  # OParl stamps are whole seconds
    since = timezone.now()
    services.update_meeting(march, venue="Council Chamber, County Hall, Martineau Lane, Norwich, NR1 2DH")
    gone = AgendaItem.objects.get(meeting=published["january"], title="Road Crossing Patrol")
    membership = march.committee.memberships.get(role=Membership.Role.CO_OPTED_ADVISOR)
    membership_pk = membership.pk
    membership.delete()

    query = {"modified_since": since.isoformat()}
    meetings = Client().get("/oparl/v1/body/1/meeting", query).json()
    assert [m["id"] for m in meetings["data"]] == [settings.SITE_URL + f"/oparl/v1/meeting/{march.pk}"]
    assert meetings["pagination"]["totalElements"] == 1
    assert dt.datetime.fromisoformat(meetings["data"][0]["modified"]) >= since.replace(microsecond=0)
    assert Client().get("/oparl/v1/body/1/paper", query).json()["data"] == []
    memberships = Client().get("/oparl/v1/body/1/membership", query).json()["data"]
    assert memberships == [{"id": settings.SITE_URL + f"/oparl/v1/membership/{membership_pk}",
                            "type": OPARL + "Membership", "created": memberships[0]["created"],
                            "modified": memberships[0]["modified"], "deleted": True}]
    assert Client().get(f"/oparl/v1/membership/{membership_pk}").json()["deleted"] is True
    everything = Client().get("/oparl/v1/body/1/meeting").json()
    assert everything["pagination"]["totalElements"] == 2
    assert Client().get("/oparl/v1/body/1/meeting", {"created_since": since.isoformat()}).json()["data"] == []
    assert gone.pk  # untouched items are not reported as changed
    items = Client().get("/oparl/v1/body/1/agendaItem", query).json()["data"]
    assert {i["meeting"] for i in items} <= {settings.SITE_URL + f"/oparl/v1/meeting/{march.pk}"}


def test_lists_page_filter_errors_omit_internal_and_cors(published):
    client = Client()
    response = client.get("/oparl/v1/body/1/meeting", {"modified_since": "yesterday"})
    assert response.status_code == 400 and "modified_since" in response.json()["error"]
    lean = client.get("/oparl/v1/body/1/meeting", {"omit_internal": "true"}).json()["data"]
    assert all("agendaItem" not in m and "location" not in m for m in lean)
    options = client.options("/oparl/v1/system")
    assert options.status_code == 204 and options["Access-Control-Allow-Origin"] == "*"
    assert client.post("/oparl/v1/system").status_code == 405
    assert client.get("/oparl/v1/meeting/999999").status_code == 404


def test_developers_page_is_linked_from_the_footer_and_names_the_system_object(db):
    page = Client().get("/committees/").content.decode()
    assert 'href="/developers/"' in page
    developers = Client().get("/developers/").content.decode()
    assert settings.SITE_URL + "/oparl/v1/system" in developers
