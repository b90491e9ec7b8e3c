import re

from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import Job, Person
from . import sync, viewsets
from .filters import parse_since
from .serializers import ChangeSerializer, JobSerializer, PersonSerializer

API_PREFIX = "api/v1/"


class PersonViewSet(viewsets.ModelViewSet):
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_fields = ["kind", "name", "archived"]
    ordering_fields = ["name"]


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Job.objects.all().order_by("-created")
    serializer_class = JobSerializer
    filterset_fields = ["kind", "status"]
    ordering_fields = ["created"]


def _template(route):
    """A route as a path template: ``indicators/(?P<pk>[^/.]+)/status/$`` becomes ``indicators/{pk}/status/``."""
    route = route.lstrip("^").rstrip("$")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def api_paths(patterns=None, prefix=""):
    """Every route under /api/v1/, as path templates, in the order they are routed."""
    out = []
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + _template(str(p.pattern))
        if isinstance(p, URLResolver):
            if route.startswith(API_PREFIX) or API_PREFIX.startswith(route):
                out.extend(api_paths(p.url_patterns, route))
        elif isinstance(p, URLPattern) and route.startswith(API_PREFIX) and route != API_PREFIX:
            out.append(route[len(API_PREFIX):])
    return list(dict.fromkeys(out))


class ApiRootView(APIView):
    """Every endpoint of every area: path template -> absolute URL (``{id}`` and the like to fill in)."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: {"type": "object", "additionalProperties": {"type": "string"}}})
    def get(self, request):
        base = request.build_absolute_uri("/" + API_PREFIX)
        return Response({path: base + path for path in api_paths()})


class ChangeLog:
    """The audit history since a moment, sliced lazily for Django's paginator."""

    def __init__(self, since, types):
        self.since, self.types = since, types
        self._count = None

    def count(self):
        if self._count is None:
            self._count, _ = sync.changes(self.since, types=self.types, limit=0)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        start, stop = item.start or 0, item.stop
        _, rows = sync.changes(self.since, types=self.types, offset=start, limit=max(stop - start, 0))
        return rows


@extend_schema(
    parameters=[
        OpenApiParameter("since", OpenApiTypes.DATETIME, required=True,
                         description="ISO 8601 date and time with offset: changes at or after it."),
        OpenApiParameter("type", str, many=True, explode=False, enum=list(sync.tracked_models()),
                         description="Only these types (comma-separated)."),
    ],
    description="What was created, changed and deleted since a moment, oldest first, from the audit history: "
    "a system can mirror the API, deletions included. `type` is `app_label.model_name`.",
)
class ChangeListView(mixins.ListModelMixin, generics.GenericAPIView):
    serializer_class = ChangeSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return []
        params = self.request.query_params
        if not params.get("since"):
            raise serializers.ValidationError({"since": "Give the moment to list changes from (ISO 8601)."})
        since = parse_since(params["since"], "since")
        types = None
        if params.get("type"):
            types = {t.strip() for t in params["type"].split(",") if t.strip()}
            unknown = types - set(sync.tracked_models())
            if unknown:
                raise serializers.ValidationError({"type": f"No such type: {', '.join(sorted(unknown))}."})
        return ChangeLog(since, types)

    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

