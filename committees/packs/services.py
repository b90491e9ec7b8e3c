"""Writes for agenda packs: start a build, run it (in the worker), publish it, reap dead builds."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from core import jobs
from core.documents import sections as document_sections
from core.models import Job

from ..models import Meeting
from . import checks, pdf, sections, selectors
from . import html as html_edition
from .models import PackBuild, PackVersion

# The live section whose printed records (report card ids) PackBuild.card_ids keeps, so
# publishing can hand them back to that section's on-publish step.
CARDS = "report_cards"
FILES = {"pdf": "pack.pdf", "restricted": "restricted.pdf", "html": "edition.html", "csv": "charts.csv"}


def folder_of(build) -> Path:
    return Path(settings.MEDIA_ROOT) / build.folder


def file_of(build, *, which) -> Path:
    return folder_of(build) / FILES[which]


# --- starting a build ---------------------------------------------------------


@transaction.atomic
def start_build(meeting, *, user=None, kind=PackBuild.Kind.AGENDA):
    """Queue a build of the meeting's pack (or of a supplementary agenda: the items not in
    any pack published so far). Returns the PackBuild; the worker does the rest."""
    from .tasks import build_pack

    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)  # one start at a time per meeting
    reap_stale_builds()
    active = selectors.active_build(meeting)
    if active is not None:
        raise ValidationError(f"A pack for this meeting is already being built (build {active.pk}); "
                              "wait for it to finish.")
    items = [i.pk for i in sections.pack_items(meeting)]
    if not items:
        raise ValidationError("The meeting has no agenda items to print.")
    supplement_number = None
    if kind == PackBuild.Kind.SUPPLEMENT:
        if not meeting.pack_versions.filter(build__kind=PackBuild.Kind.AGENDA).exists():
            raise ValidationError("Publish the agenda pack before a supplementary agenda.")
        printed = {i for v in meeting.pack_versions.select_related("build") for i in v.build.item_ids}
        items = [i for i in items if i not in printed]
        if not items:
            raise ValidationError("Every agenda item is already in a published pack: there is nothing to supplement.")
        supplement_number = 1 + meeting.pack_versions.filter(build__kind=PackBuild.Kind.SUPPLEMENT).count()
    job = jobs.start_job("pack", build_pack, user=user, params={"meeting": meeting.pk, "kind": kind})
    return PackBuild.objects.create(
        meeting=meeting,
        job=job,
        kind=kind,
        supplement_number=supplement_number,
        item_ids=items,
        folder=f"packs/meeting-{meeting.pk}/build-{job.pk}",
        created_by=user if user and user.is_authenticated else None,
    )


# --- running it (worker) --------------------------------------------------------


def run_build_job(job_id):
    """The task's body. Safe to run again for the same job: a finished or failed build is
    left alone; an interrupted one is laid out afresh into its own folder."""
    build = PackBuild.objects.select_related("job", "meeting__committee").filter(job_id=job_id).first()
    if build is None:
        return
    try:
        with jobs.running(job_id) as (report, outcome):
            run_build(build, report=_throttled(report), outcome=outcome)
    except jobs.NotRunnable:
        return  # redelivered, or cancelled/reaped before it started: never built twice
    except (pdf.PackError, jobs.Stopped):
        _remove_files(build)  # the reason is on the job; the clerk reads it on the page
    except Exception:
        _remove_files(build)  # no partial pack is left behind, whatever went wrong
        raise


def _throttled(report):
    """Progress to the database when the percentage moves and half a second has passed (each
    write is a commit)."""
    last = {"pct": -1, "at": 0.0}

    def tell(pct, stage):
        pct = int(pct)
        now = time.monotonic()
        if pct != last["pct"] and now - last["at"] >= 0.5:
            last.update(pct=pct, at=now)
            report(pct, stage)

    return tell


def run_build(build, *, report, outcome):
    meeting = build.meeting
    report(1, "Gathering the papers")
    items = sections.pack_items(meeting, build.item_ids)
    public_doc = sections.document(meeting, public=True, items=items, supplement_number=build.supplement_number)
    has_exempt = any(i.exempt for i in items)
    share = 75 if has_exempt else 85

    public = pdf.build_pdf(public_doc, file_of(build, which="pdf"),
                           progress=lambda f, s: report(3 + share * f, f"Public pack: {s}"))
    restricted = None
    if has_exempt:  # the exempt items' papers, for members and officers only
        restricted_doc = sections.document(meeting, public=False, items=items,
                                           supplement_number=build.supplement_number)
        restricted = pdf.build_pdf(restricted_doc, file_of(build, which="restricted"),
                                   progress=lambda f, s: report(78 + 10 * f, f"Exempt papers: {s}"))
    report(90, "Writing the accessible HTML edition")
    edition = html_edition.render_html(public_doc, item_pages=public.item_pages,
                                       csv_url=reverse("committees:pack_csv", args=[build.pk]))
    pdf.write_atomically(file_of(build, which="html"), lambda fh: fh.write(edition.encode("utf-8")))
    pdf.write_atomically(file_of(build, which="csv"), lambda fh: fh.write(html_edition.render_csv(public_doc).encode()))
    report(97, "Recording the build")
    PackBuild.objects.filter(pk=build.pk).update(
        pages=public.pages,
        sha256=public.sha256,
        restricted_pages=restricted.pages if restricted else None,
        restricted_sha256=restricted.sha256 if restricted else "",
        item_pages=public.item_pages,
        card_ids=sorted(set(public_doc.printed.get(CARDS, []))),
        notes=public_doc.notes,
    )
    outcome.update(url=reverse("committees:pack_pdf", args=[build.pk]),
                   label=f"Open the pack (PDF, {public.pages} pages)", pages=public.pages)


def _remove_files(build):
    shutil.rmtree(folder_of(build), ignore_errors=True)


def cancel_build(build, *, user):
    """A clerk gives up a stuck build: it is failed at once (a worker still on it stops at its
    next progress report) and a new build may start."""
    if not jobs.cancel(build.job_id, by=user):
        raise ValidationError("This build is not queued or running; there is nothing to cancel.")
    if folder_of(build).exists():
        _remove_files(build)


def reap_stale_builds(now=None):
    """Fail builds whose worker died or that never started (core.jobs.reap) and delete
    whatever they left."""
    jobs.reap(now)
    dead = PackBuild.objects.filter(job__status=Job.Status.FAILED, version__isnull=True)
    for build in dead:
        if folder_of(build).exists():
            _remove_files(build)


# --- publishing ------------------------------------------------------------------


@transaction.atomic
def publish(build, *, user, acknowledgement=None):
    """Freeze a finished build as the meeting's next version: number, checksum, who, when,
    and the report cards it prints. The files are checked against the checksum first.

    The publish checklist (``checks.checklist``) must be empty, or acknowledged: the clerk's
    reason is kept with the version beside the warnings it answers."""
    build = PackBuild.objects.select_for_update().select_related("job", "meeting").get(pk=build.pk)
    if build.job.status != Job.Status.DONE:
        raise ValidationError("Only a finished build can be published.")
    if PackVersion.objects.filter(build=build).exists():
        raise ValidationError(f"This build is already published as version {build.version.number}.")
    path = file_of(build, which="pdf")
    if not path.exists() or pdf.sha256_of(path) != build.sha256:
        raise ValidationError("The pack's file does not match its checksum; build the pack again.")
    warnings = checks.checklist(build)
    reason = (acknowledgement or "").strip()
    if warnings and not reason:
        raise ValidationError("Confirm the publish checklist and give a reason for publishing despite it: "
                              + " ".join(warnings))
    if build.kind == PackBuild.Kind.SUPPLEMENT and PackVersion.objects.filter(
        meeting=build.meeting, build__kind=PackBuild.Kind.SUPPLEMENT, build__supplement_number=build.supplement_number
    ).exists():
        raise ValidationError(f"Supplementary agenda {build.supplement_number} is already published; "
                              "build the supplement again.")
    number = 1 + (PackVersion.objects.filter(meeting=build.meeting).aggregate(m=Max("number"))["m"] or 0)
    version = PackVersion.objects.create(
        meeting=build.meeting,
        number=number,
        build=build,
        label=build.label,
        pages=build.pages,
        sha256=build.sha256,
        restricted_sha256=build.restricted_sha256,
        card_ids=build.card_ids,
        checklist=warnings,
        acknowledgement=reason if warnings else "",
        published_by=user if user and user.is_authenticated else None,
        published_at=timezone.now(),
    )
    _publish_cards(build.card_ids, version, user)
    from .. import services as committee_services

    committee_services.pack_published(version)
    for which in FILES:
        f = file_of(build, which=which)
        if f.exists():
            f.chmod(0o444)  # frozen: nothing rewrites a published pack
    return version


def _publish_cards(card_ids, version, user):
    """What the pack printed is frozen with it by the section's own on-publish step; a step
    that refuses (a card no longer approved) refuses the whole publication."""
    label = f"{version.meeting.committee.name[:40]} {version.meeting.date:%Y-%m-%d} v{version.number}"
    try:
        document_sections.on_publish({CARDS: card_ids}, label=label, user=user)
    except document_sections.Refused as exc:
        raise ValidationError(f"The pack cannot be published: {exc}") from exc
