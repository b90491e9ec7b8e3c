"""API for agenda packs.

POST /api/v1/meetings/{id}/packs/ starts a build and returns its id; GET lists the meeting's
published packs (anyone). GET /api/v1/packs/{id}/ gives a build's status, progress, error and,
when done, its files (drafts for signed-in staff, published packs for anyone).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, renderers, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from core.api import viewsets
from core.api.base import ModelSerializer, Serializer
from core.models import Job

from ..models import Meeting
from . import selectors, services
from .models import PackBuild, PackVersion


class PackBuildSerializer(ModelSerializer):
    status = serializers.ChoiceField(choices=Job.Status.choices, source="job.status", read_only=True)
    progress = serializers.IntegerField(source="job.progress", read_only=True, min_value=0, max_value=100)
    stage = serializers.CharField(source="job.stage", read_only=True)
    error = serializers.CharField(source="job.error", read_only=True)
    label = serializers.CharField(read_only=True)
    pdf_url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    csv_url = serializers.SerializerMethodField()
    version = serializers.SerializerMethodField()

    class Meta:
        model = PackBuild
        fields = ["id", "meeting", "kind", "label", "supplement_number", "status", "progress", "stage", "error",
                  "pages", "sha256", "pdf_url", "html_url", "csv_url", "version", "created"]
        read_only_fields = fields

    def _url(self, obj, name):
        if obj.job.status != Job.Status.DONE:
            return None
        from django.urls import reverse

        return self.context["request"].build_absolute_uri(reverse(name, args=[obj.pk]))

    # The API's own file routes, so a system can fetch them with the token it already uses.
    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf_url(self, obj):
        return self._url(obj, "pack-pdf")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_html_url(self, obj):
        return self._url(obj, "pack-html")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_csv_url(self, obj):
        return self._url(obj, "pack-csv")

    def get_version(self, obj) -> int | None:
        version = getattr(obj, "version", None) if selectors.is_published(obj) else None
        return version.number if version else None


class PackBuildRequestSerializer(Serializer):
    kind = serializers.ChoiceField(choices=PackBuild.Kind.choices, required=False, default=PackBuild.Kind.AGENDA,
                                   help_text="agenda: the whole pack; supplement: the items not in any published pack.")


class PackVersionSerializer(ModelSerializer):
    build = serializers.IntegerField(source="build_id", read_only=True)
    pdf_url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    csv_url = serializers.SerializerMethodField()

    class Meta:
        model = PackVersion
        fields = ["id", "meeting", "number", "label", "build", "pages", "sha256", "published_at",
                  "pdf_url", "html_url", "csv_url"]
        read_only_fields = fields

    def _url(self, obj, name):
        from django.urls import reverse

        return self.context["request"].build_absolute_uri(reverse(name, args=[obj.build_id]))

    @extend_schema_field(serializers.URLField())
    def get_pdf_url(self, obj):
        return self._url(obj, "committees:pack_pdf")

    @extend_schema_field(serializers.URLField())
    def get_html_url(self, obj):
        return self._url(obj, "committees:pack_html")

    @extend_schema_field(serializers.URLField())
    def get_csv_url(self, obj):
        return self._url(obj, "committees:pack_csv")


class FileRenderer(renderers.BaseRenderer):
    """Passes a file through; an error (a problem-details dict) is still written as JSON."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, (bytes, str)):
            return data
        return renderers.JSONRenderer().render(data)


class PdfRenderer(FileRenderer):
    media_type, format = "application/pdf", "pdf"


class HtmlRenderer(FileRenderer):
    media_type, format = "text/html", "html"


class CsvRenderer(FileRenderer):
    media_type, format = "text/csv", "csv"


def _file_action(name, renderer, media_type, description):
    def serve(self, request, pk=None):
        build = self.get_object()
        if build.job.status != Job.Status.DONE:
            raise NotFound("This build has no files (it has not finished, or it failed).")
        path = services.file_of(build, which=name)
        if not path.exists():
            raise NotFound("The file is missing.")
        filename = f"{build.meeting.committee.slug}-{build.meeting.date:%Y-%m-%d}-{build.kind}-{build.pk}.{name}"
        return FileResponse(open(path, "rb"), content_type=media_type, filename=filename)  # noqa: SIM115

    # The router finds an action by its function's name, so it must be named before decorating.
    serve.__name__ = serve.__qualname__ = name
    serve = action(detail=True, methods=["get"], url_path=name, url_name=name,
                   renderer_classes=[renderer, renderers.JSONRenderer])(serve)
    return extend_schema(responses={(200, media_type): OpenApiTypes.BINARY}, description=description)(serve)


class PackBuildViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A pack build's progress and files. Anonymous clients see published packs only; drafts
    are for those who may read them, with their session or token."""

    serializer_class = PackBuildSerializer
    permission_classes = [AllowAny]  # filtered by selectors.visible_builds

    def get_queryset(self):
        return selectors.visible_builds(self.request.user)

    pdf = _file_action("pdf", PdfRenderer, "application/pdf", "The pack as a PDF.")
    html = _file_action("html", HtmlRenderer, "text/html", "The accessible HTML edition of the pack.")
    csv = _file_action("csv", CsvRenderer, "text/csv", "The figures behind the pack's charts, as CSV.")

    @extend_schema(
        request=None,
        responses={
            200: PackBuildSerializer,
            400: OpenApiResponse(description="The build is not queued or running."),
            403: OpenApiResponse(description="Only committee clerks may cancel builds."),
        },
        description="Cancel a stuck build (queued or running): it is failed, and the meeting may be built again.",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def cancel(self, request, pk=None):
        build = self.get_object()
        if not request.user.has_perm("committees.add_packbuild", build.meeting):
            raise PermissionDenied("Only committee clerks may cancel builds.")
        try:
            services.cancel_build(build, user=request.user)
        except DjangoValidationError as exc:
            raise ValidationError({"detail": exc.messages})
        build = PackBuild.objects.select_related("job").get(pk=build.pk)
        return Response(PackBuildSerializer(build, context={"request": request}).data)


class MeetingPacksViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """A meeting's published packs (anyone); POST starts a build (committee clerks)."""

    serializer_class = PackVersionSerializer
    permission_classes = [AllowAny]  # reads are public (published only); create checks the clerk's permission
    pagination_class = None
    queryset = PackVersion.objects.none()

    def _meeting(self):
        return get_object_or_404(Meeting, pk=self.kwargs["meeting_pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PackVersion.objects.none()
        return selectors.versions(self._meeting())

    @extend_schema(
        request=PackBuildRequestSerializer,
        responses={
            202: PackBuildSerializer,
            400: OpenApiResponse(description="The build cannot start (e.g. one is already running)."),
            403: OpenApiResponse(description="Only committee clerks may build packs."),
            404: OpenApiResponse(description="No such meeting."),
        },
    )
    def create(self, request, meeting_pk=None):
        meeting = self._meeting()
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        if not request.user.has_perm("committees.add_packbuild", meeting):
            raise PermissionDenied("Only committee clerks may build packs.")
        params = PackBuildRequestSerializer(data=request.data if hasattr(request.data, "get") else {})
        params.is_valid(raise_exception=True)
        kind = params.validated_data["kind"]
        try:
            build = services.start_build(meeting, user=request.user, kind=kind)
        except DjangoValidationError as exc:
            raise ValidationError({"detail": exc.messages})
        build = PackBuild.objects.select_related("job").get(pk=build.pk)
        return Response(PackBuildSerializer(build, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)


def register(router):
    router.register(r"meetings/(?P<meeting_pk>[0-9]+)/packs", MeetingPacksViewSet, basename="meeting-packs")
    router.register("packs", PackBuildViewSet, basename="pack")
