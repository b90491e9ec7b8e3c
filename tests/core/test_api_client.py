"""An integrator's flow through a Python client generated from the served schema by
openapi-python-client: list indicators, write 2016-17 targets, post observations in bulk (dry run, then for real),
read a status with its RAG, build an agenda pack and download its PDF with the same token."""

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from core import roles, tokens
from tests.packs.march2017 import make_meeting
from tests.performance.factories import IndicatorFactory

CONFIG = """\
package_name_override: governance_client
project_name_override: governance-client
post_hooks: []
content_type_overrides:
  application/pdf: application/octet-stream
  text/csv: application/octet-stream
  text/html: application/octet-stream
"""


@pytest.fixture
def generated_client(tmp_path, db):
    """The client package generated from /api/schema/, importable for this test only."""
    schema = Client().get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    (tmp_path / "schema.json").write_bytes(schema.content)
    (tmp_path / "config.yaml").write_text(CONFIG)
    tool = Path(sys.executable).parent / "openapi-python-client"
    run = subprocess.run(
        [str(tool), "generate", "--path", "schema.json", "--meta", "none", "--config", "config.yaml",
         "--output-path", "gen/governance_client", "--fail-on-warning"],
        cwd=tmp_path, capture_output=True, text=True, timeout=240,
    )
    # --fail-on-warning: a warning means a piece of the client is missing or guessed.
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Warning" not in run.stdout + run.stderr and "Unable to" not in run.stdout, run.stdout + run.stderr
    sys.path.insert(0, str(tmp_path / "gen"))
    importlib.invalidate_caches()
    try:
        yield json.loads(schema.content), importlib.import_module("governance_client")
    finally:
        sys.path.remove(str(tmp_path / "gen"))
        for name in [m for m in sys.modules if m == "governance_client" or m.startswith("governance_client.")]:
            del sys.modules[name]


@pytest.fixture
def wsgi_transport():
    """httpx calls straight into the WSGI app, on the test's database connection."""
    import httpx
    from django.core import signals
    from django.db import close_old_connections

    from config.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield httpx.WSGITransport(app=application)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_generated_client_flow(generated_client, wsgi_transport, make_user, settings, tmp_path,
                               django_capture_on_commit_callbacks):
    schema, gc = generated_client
    from governance_client.api.committees import meetings_packs_create, packs_pdf_retrieve, packs_retrieve
    from governance_client.api.performance import (
        indicators_list,
        indicators_partial_update,
        indicators_status_retrieve,
        observations_bulk_create,
    )
    from governance_client.models import (
        ObservationBulkRequest,
        ObservationRequest,
        PackBuildRequestRequest,
        PatchedIndicatorRequest,
    )

    settings.MEDIA_ROOT = str(tmp_path / "media")
    indicator = IndicatorFactory(ref="2.7", polarity="low", unit="percentage", aggregation="ratio", multiplier=100,
                                 rag_method="thresholds", green_threshold=20, red_threshold=30)
    meeting = make_meeting()
    user = make_user(roles.ADMINISTRATOR, username="integrator")
    _, key = tokens.create_token(user, name="integration", read_only=False)
    client = gc.AuthenticatedClient(base_url="http://testserver", token=key, prefix="Token",
                                    httpx_args={"transport": wsgi_transport}, raise_on_unexpected_status=True)

    listed = indicators_list.sync(client=client)
    assert [i.ref for i in listed.results] == ["2.7"]

    # Targets by financial year, written through the client as a system loading 2016-17 would.
    body = PatchedIndicatorRequest.from_dict({"targets": [{"year": "2016-17", "value": 20.0, "note": ""}]})
    patched = indicators_partial_update.sync_detailed(id=indicator.pk, client=client, body=body)
    assert patched.status_code == 200
    assert [(t.year, t.value) for t in patched.parsed.targets] == [("2016-17", 20.0)]

    items = [
        {"indicator": "2.7", "period": "2016-12", "value": 20.0},
        {"indicator": "2.7", "period": "2017-01", "numerator": 185, "denominator": 776},
    ]
    dry = observations_bulk_create.sync(client=client, body=ObservationBulkRequest.from_dict(
        {"items": items, "dry_run": True}))
    assert (dry.new, dry.written, dry.dry_run) == (2, False, True)
    assert [c.action for c in dry.changes] == ["new", "new"]
    real = observations_bulk_create.sync(client=client, body=[ObservationRequest.from_dict(i) for i in items])
    assert (real.new, real.written) == (2, True)

    status = indicators_status_retrieve.sync(id=indicator.pk, client=client, period="2017-01")
    assert (status.value, status.target, str(status.rag), str(status.dot)) == (23.8, 20.0, "amber", "worsening")

    with django_capture_on_commit_callbacks(execute=True):
        started = meetings_packs_create.sync_detailed(meeting_pk=str(meeting.pk), client=client,
                                                      body=PackBuildRequestRequest.from_dict({"kind": "agenda"}))
    assert started.status_code == 202
    build = packs_retrieve.sync(id=started.parsed.id, client=client)
    assert str(build.status) == "done", build.error
    pdf = packs_pdf_retrieve.sync_detailed(id=build.id, client=client)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # the build's pdf_url is the same file, fetched with the same token
    again = client.get_httpx_client().get(build.pdf_url)
    assert again.status_code == 200 and again.content == pdf.content
