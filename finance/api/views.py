from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api import viewsets
from core.api.exceptions import Problem

from .. import services
from ..importing import PeriodLocked, import_table, warnings_data
from ..models import BudgetLine, FinancialYear, MonitoringPeriod, Reserve, SchoolBalance
from .serializers import (
    BudgetLineSerializer,
    BulkImportSerializer,
    BulkProblemSerializer,
    BulkResultSerializer,
    FinancialYearSerializer,
    MonitoringPeriodSerializer,
    ReserveSerializer,
    SchoolBalanceSerializer,
)


class FinancialYearViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = FinancialYear.objects.all()
    serializer_class = FinancialYearSerializer
    filterset_fields = ["start_year"]


class MonitoringPeriodViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = MonitoringPeriod.objects.select_related("year")
    serializer_class = MonitoringPeriodSerializer
    filterset_fields = ["year", "number", "locked"]


class BudgetLineViewSet(viewsets.ModelViewSet):
    """Budget lines with their computed figures. Lines of a locked period refuse changes (403)."""

    queryset = BudgetLine.objects.select_related(
        "area", "category", "block", "owner", "carried_from", "period"
    ).order_by("period", "area__order", "category__order", "order", "pk")
    serializer_class = BudgetLineSerializer
    filterset_fields = ["period", "area", "category", "period__year"]
    action_permissions = {"bulk": "finance.import_budget"}

    def perform_create(self, serializer):
        period = serializer.validated_data["period"]
        if period.locked:
            raise PermissionDenied(str(PeriodLocked(period)))
        with transaction.atomic():
            line = BudgetLine(**serializer.validated_data)
            try:
                services.save_line(line)
            except PeriodLocked as exc:
                raise PermissionDenied(str(exc)) from exc
            serializer.instance = line

    def perform_update(self, serializer):
        line = serializer.instance
        if "period" in serializer.validated_data and serializer.validated_data["period"].pk != line.period_id:
            raise PermissionDenied("A line cannot move to another period; open the next period instead.")
        for name, value in serializer.validated_data.items():
            setattr(line, name, value)
        try:
            services.save_line(line)
        except PeriodLocked as exc:
            raise PermissionDenied(str(exc)) from exc

    def perform_destroy(self, instance):
        try:
            services.delete_line(instance)
        except PeriodLocked as exc:
            raise PermissionDenied(str(exc)) from exc

    @extend_schema(
        request=BulkImportSerializer,
        responses={
            201: BulkResultSerializer,
            200: OpenApiResponse(BulkResultSerializer, description="Dry run: checked, nothing written."),
            400: OpenApiResponse(BulkProblemSerializer, description="Errors, or warnings not acknowledged."),
            403: OpenApiResponse(description="Not allowed, or the period is locked."),
        },
        description=(
            "Create or update many lines of one period and area through the same checks as a file import: "
            "stated variances, percentages, movements and totals are compared with the computed ones (to the "
            "nearest £1,000) and each difference is returned as a warning; nothing is written unless "
            "`acknowledge_warnings` is true. Row numbers are those of the equivalent table (header = row 1). "
            "All-or-nothing."
        ),
    )
    @action(detail=False, methods=["post"], url_path="bulk")
    def bulk(self, request):
        payload = BulkImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        period = data["period"]
        if period.locked:
            raise PermissionDenied(str(PeriodLocked(period)))
        result = import_table(
            rows=_rows_from_payload(data), year=period.year, period=period, area=data["area"], user=request.user,
            acknowledge=data["acknowledge_warnings"], dry_run=data["dry_run"], source="API",
        )
        body = {**result.as_dict(), "warnings": warnings_data(result)}
        if result.errors or result.needs_acknowledgement:
            messages = body.pop("errors") or [w["message"] for w in body["warnings"]]
            detail = (f"{len(result.errors)} error(s); nothing was written." if result.errors else
                      "The stated figures differ from the computed ones: send acknowledge_warnings to write anyway.")
            raise Problem(detail, errors=[{"field": None, "index": None, "message": str(m)} for m in messages],
                          **body)
        return Response(body, status=status.HTTP_201_CREATED if result.written else status.HTTP_200_OK)


BULK_COLUMNS = [  # (header in the seed's layout, payload key)
    ("Division of service", "division"),
    ("Approved budget £m", "approved_budget"),
    ("Outturn £m", "forecast_outturn"),
    ("+Over/- Underspend £m", "stated_variance"),
    ("+Over/ - Underspend as % of budget", "stated_variance_pct"),
    ("Movement since last report £m", "stated_movement"),
]
OPTIONAL_COLUMNS = [
    ("Reasons for variance from budget", "reason"),
    ("Recovery actions", "recovery_actions"),
    ("Owner", "owner"),
    ("Block", "block"),
]


def _text(value):
    return "" if value is None else str(value)


def _rows_from_payload(data):
    """The API's lines as the seed's table (headings, lines, sub-totals, total), so they go
    through the file import's checks. Optional columns appear only when some line gives them,
    so an omitted field leaves what is stored alone."""
    columns = BULK_COLUMNS + [(title, key) for title, key in OPTIONAL_COLUMNS
                              if any(key in line for line in data["lines"])]
    width = len(columns)
    by_category = {}
    for line in data["lines"]:
        by_category.setdefault(line["category"], []).append(line)
    subtotals = {t.get("category"): t for t in data.get("totals", []) if t["label"].lower().startswith("sub")}
    grand = [t for t in data.get("totals", []) if not t["label"].lower().startswith("sub")]

    def total_row(label, t):
        return [label, "", "", _text(t.get("stated_variance")), "", _text(t.get("stated_movement"))] + [""] * (
            width - 6)

    rows = [[title for title, _ in columns]]
    for category, lines in by_category.items():
        rows.append([category] + [""] * (width - 1))
        rows.extend([_text(line.get(key)) for _, key in columns] for line in lines)
        if category in subtotals:
            rows.append(total_row("Sub Total", subtotals[category]))
    rows.extend(total_row("Total", t) for t in grand)
    return rows


class ReserveViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Reserve.objects.select_related("year")
    serializer_class = ReserveSerializer
    filterset_fields = ["year", "group"]


class SchoolBalanceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = SchoolBalance.objects.select_related("year")
    serializer_class = SchoolBalanceSerializer
    filterset_fields = ["year", "phase"]
