from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core import uploads
from core.api import viewsets
from core.api.exceptions import Problem, from_django

from .. import selectors, services
from ..filtersets import ActionFilterSet, ReviewFilterSet, RiskFilterSet
from ..models import MitigatingAction, Register, Risk, RiskReview
from .serializers import (
    ActionSerializer,
    HeatMapSerializer,
    ImportOutcomeSerializer,
    ImportProblemSerializer,
    ImportRequestSerializer,
    RegisterSerializer,
    ReviewSerializer,
    RiskSerializer,
)


class RegisterViewSet(viewsets.ModelViewSet):
    queryset = Register.objects.all()
    serializer_class = RegisterSerializer
    filterset_fields = ["level"]
    ordering_fields = ["name", "level"]
    action_permissions = {"import_file": "riskregister.import_risks"}

    @extend_schema(
        request={"multipart/form-data": ImportRequestSerializer},
        responses={200: ImportOutcomeSerializer, 400: ImportProblemSerializer},
    )
    @action(detail=True, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_file(self, request, pk=None):
        """Import a register file (the same path as the import page): preview by default,
        all rows or none; errors name their row."""
        register = self.get_object()
        params = ImportRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        upload = params.validated_data["file"]
        try:
            fmt = uploads.check_spreadsheet(upload)
            outcome = services.import_register(
                register, upload.read(), fmt, user=request.user, dry_run=params.validated_data["dry_run"]
            )
        except DjangoValidationError as exc:
            raise Problem("; ".join(exc.messages), errors=[{"field": "file", "index": None, "message": m}
                                                          for m in exc.messages], written=False, preview=[])
        body = {**outcome.as_dict(), "preview": outcome.preview}
        if not outcome.ok:
            messages = body.pop("errors")
            raise Problem(f"{len(messages)} error(s) in the file; nothing was imported.",
                          errors=[{"field": None, "index": None, "message": m} for m in messages], **body)
        return Response(body)


class RiskViewSet(viewsets.ModelViewSet):
    """Risks in the seed register's columns. Scores, band and direction of travel are computed;
    likelihood and impact change only through a review (``reviews/``)."""

    queryset = Risk.objects.select_related("register", "owner").order_by("risk_number")
    serializer_class = RiskSerializer
    filterset_class = RiskFilterSet
    ordering_fields = ["risk_number", "current_score", "target_score", "target_date", "next_review_due", "area"]

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return selectors.decorate(page) if page is not None else None

    def prepare_object(self, obj):
        selectors.decorate([obj])
        return obj

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            risk = services.create_risk(user=self.request.user, **data)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc))
        except DjangoValidationError as exc:
            raise from_django(exc) from exc
        serializer.instance = self.prepare_object(risk)

    @extend_schema(
        parameters=[
            OpenApiParameter("register", OpenApiTypes.INT, description="Only this register's risks"),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=["current", "target"], description="Which scores"),
        ],
        responses=HeatMapSerializer,
    )
    @action(detail=False, url_path="heat-map", filter_backends=[], pagination_class=None)
    def heat_map(self, request):
        """Counts of risks in each cell of the 5x5 matrix, with each cell's band."""
        kind = request.query_params.get("kind", "current")
        if kind not in ("current", "target"):
            raise ValidationError({"kind": "Use current or target."})
        register = None
        register_id = request.query_params.get("register")
        if register_id is not None:
            if not register_id.lstrip("-").isdigit():
                raise ValidationError({"register": "Give a register id."})
            register = Register.objects.filter(pk=int(register_id)).first()
            if register is None:
                raise ValidationError({"register": ErrorDetail(f"No register {register_id}.", code="does_not_exist")})
        cells = [
            {**cell, "band": cell["band"].name if cell["band"] else None}
            for row in selectors.heat_map_rows(register, kind)
            for cell in row["cells"]
        ]
        return Response({"kind": kind, "register": register.pk if register else None, "cells": cells})


class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Reviews are kept: listed, read and recorded, never changed. Creating one is a review by
    the risk's owner, a delegate or an administrator; the risk takes its scores."""

    queryset = RiskReview.objects.select_related("risk", "reviewed_by").order_by("risk", "reviewed_on", "created")
    serializer_class = ReviewSerializer
    filterset_class = ReviewFilterSet
    # Whether the user may review is decided on the risk named in the body (perform_create).
    action_permissions = {"create": "riskregister.view_riskreview"}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        risk = data.pop("risk")
        try:
            serializer.instance = services.record_review(risk, user=self.request.user, **data)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc))
        except DjangoValidationError as exc:
            raise from_django(exc) from exc

    @extend_schema(responses={201: ReviewSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response(self.get_serializer(serializer.instance).data, status=status.HTTP_201_CREATED)


class ActionViewSet(viewsets.ModelViewSet):
    queryset = MitigatingAction.objects.select_related("risk", "owner").order_by("due_date", "pk")
    serializer_class = ActionSerializer
    filterset_class = ActionFilterSet
    ordering_fields = ["due_date", "status"]

    def _check_risk(self, risk):
        if not self.request.user.has_perm("riskregister.add_mitigatingaction", risk):
            raise PermissionDenied("Only the risk's owner, a delegate or an administrator can change its actions.")

    def perform_create(self, serializer):
        self._check_risk(serializer.validated_data["risk"])
        serializer.save()

    def perform_update(self, serializer):
        if "risk" in serializer.validated_data:
            self._check_risk(serializer.validated_data["risk"])
        serializer.save()


