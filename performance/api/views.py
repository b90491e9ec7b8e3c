from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api import viewsets
from core.api.exceptions import Problem

from .. import calc, measures, selectors, services
from ..filtersets import IndicatorFilterSet, ObservationFilterSet
from ..importing import ALIASES
from ..models import Indicator, Observation, Population
from .serializers import (
    IndicatorSerializer,
    IndicatorStatusSerializer,
    ObservationBulkProblemSerializer,
    ObservationBulkResultSerializer,
    ObservationBulkSerializer,
    ObservationSerializer,
    PopulationSerializer,
    status_data,
)

# An empty period is read as none given.
_OPTIONAL_PERIOD = {"type": "string", "pattern": f"^(?:{calc.PERIOD_PATTERN[1:-1]})?$"}
PERIOD_PARAM = OpenApiParameter(
    "period", _OPTIONAL_PERIOD, description="YYYY-MM; defaults to the latest period with figures", required=False
)
WINDOW_PARAM = OpenApiParameter(
    "window",
    {"type": "integer", "minimum": measures.WINDOW_MIN, "maximum": measures.WINDOW_MAX},
    description="N from 2 to 24: adds `window` (the N months ending with the period) and `prior_window` "
    "(the N months before the period)",
    required=False,
)
COMPARE_PARAM = OpenApiParameter(
    "compare_to", _OPTIONAL_PERIOD, description="YYYY-MM: adds `comparison` with that period's figure", required=False
)


def _window(request):
    raw = request.query_params.get("window")
    if raw is None:
        return None
    try:
        n = int(raw)
    except ValueError:
        n = None
    problem = measures.check_window(n)
    if problem:
        raise ValidationError({"window": problem})
    return n


def _compare_to(request):
    raw = request.query_params.get("compare_to")
    if raw in (None, ""):
        return None
    try:
        return calc.parse_period(raw)
    except ValueError as exc:
        raise ValidationError({"compare_to": str(exc)}) from exc


def _period(request, indicators=None):
    raw = request.query_params.get("period")
    if not raw:
        return selectors.latest_period(indicators)
    try:
        return calc.parse_period(raw)
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from exc


class IndicatorViewSet(viewsets.ModelViewSet):
    """Indicators: definition, polarity, unit, aggregation, RAG rule, current target, benchmarks."""

    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    ordering_fields = ["ref", "sort_order", "area"]

    def get_queryset(self):
        return selectors.indicators_qs().order_by("sort_order", "ref")

    @extend_schema(
        parameters=[PERIOD_PARAM, WINDOW_PARAM, COMPARE_PARAM],
        responses={
            200: IndicatorStatusSerializer,
            400: OpenApiResponse(description="Bad period, window or compare_to"),
        },
    )
    @action(detail=True, methods=["get"])
    def status(self, request, pk=None):
        """The computed figures for one period: value, RAG, DOT, YTD, trend, SPC, exception, rate per
        head of population, breakdowns with their own RAG, trend rating, and with ``window`` and
        ``compare_to`` the rolling windows and a comparison, each with its explanation."""
        indicator = self.get_object()
        window, compare_to = _window(request), _compare_to(request)
        period = _period(request, [indicator])
        st, extra = selectors.statuses_with_measures([indicator], period, window=window, compare_to=compare_to)[0]
        point = st.series.get(period)
        return Response(status_data(indicator, st.status, extra, provisional=bool(point and point.provisional)))


def _status_of(row_errors):
    """403 if an item is not the user's to enter; else, for items that fit the schema, 404 when
    each names an indicator that does not exist, 409 when they contradict themselves or the
    indicator (no figure, a percentage over 100); 400 when something does not fit the schema."""
    if any(e.message.startswith("You may not") for e in row_errors):
        return status.HTTP_403_FORBIDDEN
    missing = [e.message.startswith("Unknown indicator ref") for e in row_errors]
    if all(missing):
        return status.HTTP_404_NOT_FOUND
    if all(m or e.conflict for m, e in zip(missing, row_errors, strict=True)):
        return status.HTTP_409_CONFLICT
    return status.HTTP_400_BAD_REQUEST


class ObservationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Figures per period. Creating one goes through the same checks as an import and
    replaces the figure stored for the same indicator, period and breakdown. Those who may
    enter an indicator's figures may delete them; the history keeps what was there."""

    queryset = Observation.objects.select_related("indicator").order_by(
        "indicator__ref", "period", "breakdown_dimension", "breakdown_member"
    )
    serializer_class = ObservationSerializer
    filterset_class = ObservationFilterSet
    ordering_fields = ["period", "updated"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = dict(serializer.validated_data)
        item["indicator"] = item["indicator"].ref
        item["period"] = calc.period_label(item["period"])
        result = services.upsert_observations(request.user, [item])
        if not result.ok:
            errors = [
                {"field": "indicator" if e.column == "ref" else e.column, "index": None, "message": e.message}
                for e in result.errors
            ]
            raise Problem("; ".join(e["message"] for e in errors), errors=errors,
                          status_code=_status_of(result.errors))
        obs = Observation.objects.select_related("indicator").get(
            indicator__ref=item["indicator"],
            period=calc.parse_period(item["period"]),
            breakdown_dimension=item.get("breakdown_dimension", ""),
            breakdown_member=item.get("breakdown_member", ""),
        )
        return Response(self.get_serializer(obs).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.delete_observation(self.request.user, instance)

    @extend_schema(
        request=PolymorphicProxySerializer(
            component_name="ObservationBulkBody",
            serializers=[ObservationSerializer(many=True), ObservationBulkSerializer],
            resource_type_field_name=None,
            many=False,
        ),
        responses={
            200: ObservationBulkResultSerializer,
            400: ObservationBulkProblemSerializer,
            403: OpenApiResponse(
                ObservationBulkProblemSerializer,
                description="Not allowed to enter figures for an item's indicator (the items are listed).",
            ),
            404: OpenApiResponse(
                ObservationBulkProblemSerializer,
                description="Items name indicators that do not exist (the items are listed).",
            ),
        },
        description=(
            "Upsert observations, all or nothing: a JSON list of them, or "
            '`{"items": [...], "dry_run": true}` to check them and see what would change without writing. '
            "Each item names its indicator by ref; errors name the item (0-based `index`) and field, and "
            "nothing is written if any item fails."
        ),
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        body = request.data
        dry_run = False
        if isinstance(body, dict):
            wrapper = ObservationBulkSerializer(data=body)
            wrapper.is_valid(raise_exception=True)
            body, dry_run = wrapper.validated_data["items"], wrapper.validated_data["dry_run"]
        if not isinstance(body, list) or not all(isinstance(i, dict) for i in body):
            raise Problem("Send a JSON list of observation objects, or {\"items\": [...], \"dry_run\": true}.",
                          errors=[{"field": None, "index": None, "message": "Not a list of objects."}])
        unknown = [
            {"field": key, "index": i, "message": "Unknown field."}
            for i, item in enumerate(body) for key in item if key not in BULK_ITEM_FIELDS
        ]
        if unknown:
            raise Problem("Items name fields that observations do not have.", errors=unknown,
                          **_counts(len(body), dry_run))
        result = services.upsert_observations(request.user, body, dry_run=dry_run)
        counts = {
            "total": result.total,
            "new": result.new,
            "changed": result.changed,
            "unchanged": result.unchanged,
            "written": result.written,
            "dry_run": dry_run,
        }
        if not result.ok:
            errors = [
                {"index": e.row - 1, "field": "indicator" if e.column == "ref" else e.column, "message": e.message}
                for e in result.errors
            ]
            raise Problem(
                f"{len(errors)} problem(s) in the items; nothing was written.", errors=errors,
                status_code=_status_of(result.errors), **counts,
            )
        changes = [
            {"index": row["row"] - 1, "action": row["status"], "indicator": row["ref"], "period": row["period"],
             "breakdown": row["breakdown"], "before": row["before"], "after": row["after"]}
            for row in result.preview
        ]
        return Response({**counts, "changes": changes, "errors": []}, status=status.HTTP_200_OK)


BULK_ITEM_FIELDS = {name for name, f in ObservationSerializer().fields.items() if not f.read_only} | set(ALIASES)


def _counts(total, dry_run):
    return {"total": total, "new": 0, "changed": 0, "unchanged": 0, "written": False, "dry_run": dry_run}


class DashboardViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Computed figures for many indicators at one period (a page at a time), in a fixed
    number of queries however many indicators there are."""

    queryset = Indicator.objects.all()
    serializer_class = IndicatorStatusSerializer
    filterset_class = IndicatorFilterSet

    def get_queryset(self):
        return selectors.indicators_qs().order_by("sort_order", "ref")

    @extend_schema(parameters=[PERIOD_PARAM, WINDOW_PARAM])
    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        period = _period(request)
        page = self.paginate_queryset(queryset)
        indicators = page if page is not None else list(queryset)
        data = []
        for st, extra in selectors.statuses_with_measures(indicators, period, window=_window(request)):
            point = st.series.get(period)
            data.append(status_data(st.indicator, st.status, extra, provisional=bool(point and point.provisional)))
        if page is not None:
            return self.get_paginated_response(data)
        return Response(data)


class PopulationViewSet(viewsets.ModelViewSet):
    """Population estimates by area (the authority or a breakdown member), age band and year:
    indicators with a ``population_age_band`` give a rate per head from the latest one not
    after the period's year."""

    queryset = Population.objects.order_by("area", "age_band", "year")
    serializer_class = PopulationSerializer
    filterset_fields = ["area", "age_band", "year"]
    ordering_fields = ["area", "age_band", "year"]

    def perform_create(self, serializer):
        serializer.instance = services.save_population(data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.save_population(serializer.instance, data=serializer.validated_data)
