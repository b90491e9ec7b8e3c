from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, ValidationError
from rest_framework.response import Response

from core.api import viewsets
from core.api.exceptions import Problem
from performance import calc

from .. import selectors, services, workflow
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
    raise Problem(exc.message, status_code=_STATUS[exc.kind])


OWNER_PARAM = OpenApiParameter("owner", int, description="Cards whose indicator has this person (id) as data owner "
                                                         "or lead officer.")


@extend_schema_view(
    list=extend_schema(
        summary="Report cards",
        description="Filter by indicator ref, period (YYYY-MM), status and owner.",
        parameters=[
            OpenApiParameter("indicator", {"type": "string", "minLength": 1},
                             description='The indicator by its ref, e.g. "2.7".'),
            OpenApiParameter("period", str, description="YYYY-MM", pattern=calc.PERIOD_PATTERN),
            OpenApiParameter("status", str, enum=list(workflow.STATES)),
            OWNER_PARAM,
        ],
    ),
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
        if self.request.method not in ("GET", "HEAD"):
            # Filters are for reading; an unsupported method must still get its 405.
            return qs
        params = self.request.query_params
        empty = [name for name in ("indicator", "period", "status", "owner") if params.get(name) == ""]
        if empty:
            raise ValidationError(dict.fromkeys(empty, "Give a value, or leave the parameter out."))
        if params.get("indicator"):
            qs = qs.filter(indicator__ref=params["indicator"])
        if params.get("period"):
            try:
                qs = qs.filter(period=calc.parse_period(params["period"]))
            except ValueError as exc:
                raise ValidationError({"period": str(exc)})
        if params.get("status"):
            if params["status"] not in workflow.STATES:
                raise ValidationError({"status": f"One of {', '.join(workflow.STATES)}."})
            qs = qs.filter(status=params["status"])
        if params.get("owner"):
            owner = params["owner"]
            if not owner.lstrip("-").isdigit():
                raise ValidationError({"owner": "Give a person id."})
            qs = qs.filter(Q(indicator__data_owner_id=owner) | Q(indicator__lead_officer_id=owner))
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
        return Response(self.get_serializer(selectors.cards().get(pk=card.pk)).data, status=status.HTTP_201_CREATED)

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
            raise Problem(str(exc), status_code=status.HTTP_409_CONFLICT, title="Edit conflict",
                          current=ReportCardSerializer(current, context=self.get_serializer_context()).data,
                          yours=exc.draft.data)
        except services.ValidationError as exc:
            raise ValidationError(exc.message_dict)
        return Response(self.get_serializer(selectors.cards().get(pk=card.pk)).data)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            raise MethodNotAllowed(request.method, detail="Use PATCH with the version you read.")
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
        return Response(self.get_serializer(selectors.cards().get(pk=card.pk)).data)

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

