from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from performance import calc

from .. import selectors, services
from ..models import ReportCard
from .serializers import (
    CardConflictSerializer,
    CardErrorSerializer,
    CardReasonSerializer,
    ReportCardCreateSerializer,
    ReportCardSerializer,
    ReportCardUpdateSerializer,
    history_rows,
)

_STATUS = {"role": status.HTTP_403_FORBIDDEN, "state": status.HTTP_409_CONFLICT, "input": status.HTTP_400_BAD_REQUEST}

_TRANSITION_RESPONSES = {
    200: ReportCardSerializer,
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="A return without a reason ({detail}) or field errors."),
    403: OpenApiResponse(CardErrorSerializer, description="Your role cannot make this step on this card."),
    404: OpenApiResponse(CardErrorSerializer),
    409: OpenApiResponse(CardErrorSerializer, description="The card is not in a state that allows this step."),
}


def _refused(exc):
    return Response({"detail": exc.message}, status=_STATUS[exc.kind])


@extend_schema_view(
    list=extend_schema(summary="Report cards", description="Filter by indicator ref, period (YYYY-MM) and status."),
    create=extend_schema(
        request=ReportCardCreateSerializer,
        responses={201: ReportCardSerializer, 403: CardErrorSerializer,
                   400: OpenApiResponse(OpenApiTypes.OBJECT, description="Field errors, or {detail} for a duplicate.")},
        description='Start a card: `{"indicator": "2.7", "period": "2017-01"}`. It starts from the last approved '
                    "card's text for that indicator.",
    ),
    partial_update=extend_schema(
        request=ReportCardUpdateSerializer,
        responses={200: ReportCardSerializer, 403: CardErrorSerializer, 404: CardErrorSerializer,
                   400: OpenApiResponse(OpenApiTypes.OBJECT, description="Field errors, each named."),
                   409: OpenApiResponse(CardConflictSerializer, description="Stale version (with the current text) "
                                        "or a card that is not a draft.")},
        description="Send the `version` you read; each save raises it.",
    ),
)
class ReportCardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = ReportCardSerializer
    queryset = ReportCard.objects.all()  # the model, for permissions and the schema; get_queryset narrows it
    lookup_value_regex = "[^/]+"  # a malformed id reaches DRF and gets its JSON 404, not the HTML page
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_permissions = {
        "submit": "performance.submit_reportcard",
        "approve": "performance.approve_reportcard",
        "return_card": "performance.return_reportcard",
    }

    def get_queryset(self):
        qs = selectors.cards().order_by("-period", "indicator__sort_order", "indicator__ref")
        params = self.request.query_params
        if params.get("indicator"):
            qs = qs.filter(indicator__ref=params["indicator"])
        if params.get("period"):
            try:
                qs = qs.filter(period=calc.parse_period(params["period"]))
            except ValueError:
                qs = qs.none()
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        return qs

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = {**self.get_serializer_context(), "history": history_rows([c.pk for c in page]),
                   "performance": selectors.performance_for_cards(page)}
        return self.get_paginated_response(ReportCardSerializer(page, many=True, context=context).data)

    def create(self, request, *args, **kwargs):
        ser = ReportCardCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            card = services.start_card(ser.validated_data["indicator"], period=ser.validated_data["period"],
                                       user=request.user)
        except services.CardRefused as exc:
            return _refused(exc)
        return Response(ReportCardSerializer(selectors.cards().get(pk=card.pk)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        card = self.get_object()
        ser = ReportCardUpdateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = {k: v for k, v in request.data.items() if k in services.EDITABLE_FIELDS}
        if "actions" in data:
            data["actions"] = [
                {**a, "due_date": a["due_date"].isoformat() if a.get("due_date") else None}
                for a in ser.validated_data.get("actions", [])
            ]
        try:
            card = services.save_card(card, data=data, version=ser.validated_data["version"], user=request.user)
        except services.CardRefused as exc:
            return _refused(exc)
        except services.EditConflict as exc:
            current = selectors.cards().get(pk=exc.current.pk)
            return Response(
                {"detail": str(exc), "current": ReportCardSerializer(current).data, "yours": exc.draft.data},
                status=status.HTTP_409_CONFLICT,
            )
        except services.ValidationError as exc:
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response(ReportCardSerializer(selectors.cards().get(pk=card.pk)).data)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            return Response({"detail": "Use PATCH with the version you read."},
                            status=status.HTTP_405_METHOD_NOT_ALLOWED)
        return self.partial_update(request, *args, **kwargs)

    def _transition(self, request, name):
        card = self.get_object()
        ser = CardReasonSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            card = services.transition(
                card, action=name, user=request.user, comment=ser.validated_data.get("reason", "")
            )
        except services.CardRefused as exc:
            return _refused(exc)
        return Response(ReportCardSerializer(selectors.cards().get(pk=card.pk)).data)

    @extend_schema(request=CardReasonSerializer, responses=_TRANSITION_RESPONSES,
                   description="Submit a draft for approval (the indicator's data owner or a performance officer).")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, "submit")

    @extend_schema(request=CardReasonSerializer, responses=_TRANSITION_RESPONSES,
                   description="Approve a submitted card (the indicator's lead officer or a performance officer).")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._transition(request, "approve")

    @extend_schema(request=CardReasonSerializer, responses=_TRANSITION_RESPONSES,
                   description='Return a submitted or approved card to draft: `{"reason": ...}` is required.')
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_card(self, request, pk=None):
        return self._transition(request, "return")

