"""Reads for agenda packs. The public sees published versions only; exempt content is
only ever in the restricted file, which only signed-in members and officers may open."""

from __future__ import annotations

from core.models import Job

from .models import PackBuild, PackVersion


def builds(meeting):
    return PackBuild.objects.filter(meeting=meeting).select_related("job", "version").order_by("-created", "-id")


def active_build(meeting):
    return builds(meeting).filter(job__status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).first()


def latest_build(meeting):
    return builds(meeting).first()


def versions(meeting):
    """Every published version, newest first (the public meeting page and the API)."""
    return (
        PackVersion.objects.filter(meeting=meeting)
        .select_related("build", "published_by")
        .order_by("-number")
    )


def visible_builds(user):
    """All builds for signed-in staff; published ones only for anyone else."""
    qs = PackBuild.objects.select_related("job", "version", "meeting__committee")
    if user is not None and user.is_authenticated and user.has_perm("committees.view_packbuild"):
        return qs
    return qs.filter(version__isnull=False)


def is_published(build):
    return PackVersion.objects.filter(build=build).exists()


