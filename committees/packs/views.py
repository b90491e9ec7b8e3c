"""Pack pages: build and watch progress (clerks), publish, and the published files (public)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.models import Job
from core.permissions import require_perm

from ..models import Meeting
from . import checks, selectors, services
from .models import PackBuild


def meeting_packs(request, meeting_pk):
    """Published versions for everyone; the builds and the "Build pack" button for clerks."""
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=meeting_pk)
    staff = request.user.has_perm("committees.view_packbuild")
    return render(request, "committees/packs/meeting_packs.html", {
        "meeting": meeting,
        "versions": selectors.versions(meeting),
        "builds": selectors.builds(meeting)[:10] if staff else [],
        "can_build": request.user.has_perm("committees.add_packbuild", meeting),
    })


@login_required
@require_POST
def build_start(request, meeting_pk):
    meeting = get_object_or_404(Meeting, pk=meeting_pk)
    require_perm(request, "committees.add_packbuild", meeting)
    kind = request.POST.get("kind") or PackBuild.Kind.AGENDA
    if kind not in PackBuild.Kind.values:
        kind = PackBuild.Kind.AGENDA
    try:
        build = services.start_build(meeting, user=request.user, kind=kind)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("committees:meeting_packs", meeting.pk)
    return redirect(build)


def _build_for_staff(request, pk):
    build = get_object_or_404(PackBuild.objects.select_related("job", "meeting__committee"), pk=pk)
    if not request.user.is_authenticated:
        raise Http404
    require_perm(request, "committees.view_packbuild", build)
    return build


@login_required
def build_detail(request, pk):
    build = _build_for_staff(request, pk)
    return render(request, "committees/packs/build_detail.html", _build_context(request, build))


@login_required
def build_progress(request, pk):
    """The progress panel alone: htmx swaps it in every second until the build ends."""
    build = _build_for_staff(request, pk)
    return render(request, "committees/packs/includes/build_progress.html", _build_context(request, build))


def _build_context(request, build):
    published = selectors.is_published(build)
    can_publish = (build.job.status == Job.Status.DONE and not published
                   and request.user.has_perm("committees.publish_packbuild", build))
    return {
        "build": build,
        "job": build.job,
        "meeting": build.meeting,
        "published": published,
        "version": build.version if published else None,
        "active": build.job.status in (Job.Status.QUEUED, Job.Status.RUNNING),
        "can_publish": can_publish,
        # The clerk reads (and acknowledges) the checklist on the publish page before publishing.
        "checklist": checks.checklist(build) if can_publish else [],
        "can_cancel": request.user.has_perm("committees.add_packbuild", build.meeting),
    }


@login_required
@require_POST
def cancel(request, pk):
    """A clerk gives up a stuck build, so the meeting can be built again."""
    build = _build_for_staff(request, pk)
    require_perm(request, "committees.add_packbuild", build.meeting)
    try:
        services.cancel_build(build, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(build)
    messages.success(request, "The build was cancelled; you can build the pack again.")
    return redirect("committees:meeting_packs", build.meeting_id)


@login_required
@require_POST
def publish(request, pk):
    build = _build_for_staff(request, pk)
    require_perm(request, "committees.publish_packbuild", build)
    try:
        version = services.publish(build, user=request.user, acknowledgement=request.POST.get("acknowledgement", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(build)
    messages.success(request, f"{version.label} published as version {version.number}.")
    return redirect("committees:meeting_packs", build.meeting_id)


def _readable_build(request, pk):
    """A finished build the user may read: published ones for anyone, drafts for staff."""
    build = get_object_or_404(PackBuild.objects.select_related("job", "meeting__committee"), pk=pk)
    if build.job.status != Job.Status.DONE:
        raise Http404
    if not selectors.is_published(build) and not request.user.has_perm("committees.view_packbuild", build):
        raise Http404
    return build


def _file(build, which, content_type, filename):
    path = services.file_of(build, which=which)
    if not path.exists():
        raise Http404
    return FileResponse(open(path, "rb"), content_type=content_type, filename=filename)  # noqa: SIM115


def _name(build, ext):
    return f"{build.meeting.committee.slug}-{build.meeting.date:%Y-%m-%d}-{build.kind}-{build.pk}.{ext}"


def pack_pdf(request, pk):
    build = _readable_build(request, pk)
    response = _file(build, "pdf", "application/pdf", _name(build, "pdf"))
    if not request.GET.get("download"):  # ?download=1 is OParl's File.downloadUrl
        response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline")
    return response


@login_required
def restricted_pdf(request, pk):
    build = _readable_build(request, pk)
    if not build.has_restricted:
        raise Http404
    require_perm(request, "committees.view_restricted_pack", build)
    response = _file(build, "restricted", "application/pdf", _name(build, "restricted.pdf"))
    response["Cache-Control"] = "private, no-store"
    return response


def pack_csv(request, pk):
    build = _readable_build(request, pk)
    return _file(build, "csv", "text/csv; charset=utf-8", _name(build, "charts.csv"))


def pack_html(request, pk):
    """The accessible HTML edition, inside the site's layout."""
    build = _readable_build(request, pk)
    path = services.file_of(build, which="html")
    if not path.exists():
        raise Http404
    return render(request, "committees/packs/edition.html", {
        "build": build,
        "meeting": build.meeting,
        "edition": path.read_text(encoding="utf-8"),
        "version": build.version if selectors.is_published(build) else None,
    })
