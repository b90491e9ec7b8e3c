"""Read API for committee papers. Public: anyone may read, and anonymous clients get
only published, non-exempt material (filtered in selectors, redacted in serializers).
Changes are made through the clerk's pages and services."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.permissions import AllowAny

from core.api import viewsets

from .. import selectors
from ..models import AgendaItem, Decision, Meeting, MinuteItem, Question
from . import serializers as s


def _public(request):
    return not selectors.sees_everything(request.user)


class PublicReadOnly(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]


@extend_schema_view(
    list=extend_schema(description="Committees (OParl Organization, of the council's Body)."),
    retrieve=extend_schema(description="A committee (OParl Organization)."),
)
class CommitteeViewSet(PublicReadOnly):
    serializer_class = s.CommitteeSerializer
    queryset = selectors.committees()
    filterset_fields = ["slug"]


@extend_schema_view(
    list=extend_schema(description="Committee memberships (OParl Membership); people are /people/ (OParl Person)."),
    retrieve=extend_schema(description="A membership (OParl Membership)."),
)
class MembershipViewSet(PublicReadOnly):
    serializer_class = s.MembershipSerializer
    queryset = selectors.memberships()
    filterset_fields = ["committee", "person", "role", "voting"]


@extend_schema_view(
    list=extend_schema(description="Meetings (OParl Meeting), with the agenda publication and question deadlines."),
    retrieve=extend_schema(description="A meeting (OParl Meeting)."),
)
class MeetingViewSet(PublicReadOnly):
    serializer_class = s.MeetingSerializer
    queryset = Meeting.objects.select_related("committee").order_by("-date", "-start_time")
    filterset_fields = ["committee", "status", "date"]


@extend_schema_view(
    list=extend_schema(
        description="Agenda items (OParl AgendaItem). The public sees published agendas only; exempt items "
        "show only their title and Schedule 12A paragraph."
    ),
    retrieve=extend_schema(description="An agenda item (OParl AgendaItem)."),
)
class AgendaItemViewSet(PublicReadOnly):
    serializer_class = s.AgendaItemSerializer
    queryset = AgendaItem.objects.order_by("meeting", "number")
    filterset_fields = ["meeting", "kind", "exempt"]

    def get_queryset(self):
        qs = selectors.public_items_qs() if _public(self.request) else AgendaItem.objects.all()
        return qs.order_by("meeting", "number")


@extend_schema_view(
    list=extend_schema(
        description="Reports (OParl Paper) with their appendices (OParl File). Public: ready "
        "reports on published agendas, never those on exempt items."
    ),
    retrieve=extend_schema(description="A report (OParl Paper)."),
)
class ReportViewSet(PublicReadOnly):
    serializer_class = s.ReportSerializer
    queryset = selectors.reports()
    filterset_fields = ["meeting", "status"]

    def get_queryset(self):
        qs = selectors.public_reports() if _public(self.request) else selectors.reports()
        return qs.prefetch_related("recommendations", "sections", "appendices", "live_sections").order_by("-id")


@extend_schema_view(
    list=extend_schema(description="Minutes (OParl Meeting.resultsProtocol): published drafts and approved minutes."),
    retrieve=extend_schema(description="Minutes of one meeting."),
)
class MinutesViewSet(PublicReadOnly):
    serializer_class = s.MinutesSerializer
    queryset = selectors.public_minutes()
    filterset_fields = ["meeting", "status"]

    def get_queryset(self):
        from ..models import Minutes

        qs = selectors.public_minutes() if _public(self.request) else Minutes.objects.all()
        return qs.prefetch_related(
            "attendance__person",
            "declarations",
            Prefetch(
                "items",
                queryset=MinuteItem.objects.select_related("agenda_item", "minutes").prefetch_related(
                    Prefetch(
                        "decisions",
                        queryset=Decision.objects.select_related("minute_item__minutes").prefetch_related("actions"),
                    )
                ),
            ),
        ).order_by("-meeting__date")


@extend_schema_view(
    list=extend_schema(description="Decisions recorded in minutes, with follow-up actions. Search with ?search=."),
    retrieve=extend_schema(description="A decision."),
)
class DecisionViewSet(PublicReadOnly):
    serializer_class = s.DecisionSerializer
    queryset = selectors.decisions()
    filterset_fields = ["kind"]

    def get_queryset(self):
        qs = selectors.public_decisions() if _public(self.request) else selectors.decisions()
        text = self.request.query_params.get("search", "")
        return selectors.search_decisions(qs, text).prefetch_related("actions")


@extend_schema_view(
    list=extend_schema(description="Public and member questions with replies, published with the minutes."),
    retrieve=extend_schema(description="A question."),
)
class QuestionViewSet(PublicReadOnly):
    serializer_class = s.QuestionSerializer
    queryset = Question.objects.all()
    filterset_fields = ["meeting", "kind"]

    def get_queryset(self):
        qs = selectors.public_questions() if _public(self.request) else selectors.questions()
        return qs.order_by("-meeting__date", "kind", "number")
