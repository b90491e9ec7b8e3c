"""API shapes, mapped onto OParl 1.1 (docs/oparl.md). Exempt items are redacted for the public."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import ModelSerializer, NestedModelSerializer

from .. import deadlines, selectors
from ..models import (
    AgendaItem,
    Appendix,
    Attendance,
    Committee,
    Decision,
    Declaration,
    FollowUpAction,
    LiveSection,
    Meeting,
    Membership,
    MinuteItem,
    Minutes,
    Question,
    Recommendation,
    Report,
    ReportSection,
)


def _is_public(serializer):
    request = serializer.context.get("request")
    return not selectors.sees_everything(getattr(request, "user", None))


class CommitteeSerializer(ModelSerializer):
    class Meta:
        model = Committee
        fields = [
            "id",
            "name",
            "slug",
            "terms_of_reference",
            "contact_officer_name",
            "contact_officer_phone",
            "contact_officer_email",
            "default_venue",
            "quorum",
        ]


class MembershipSerializer(ModelSerializer):
    person_name = serializers.CharField(source="person.__str__", read_only=True, help_text="OParl Person.name")
    # A plain string: the same choices as AgendaItem.business_kind, named once in the schema.
    voting_limited_to = serializers.CharField(
        read_only=True,
        help_text="Empty, or the only kind of business (see business_kind) this member votes on: "
        "church and parent governor representatives vote on education only.",
    )

    class Meta:
        model = Membership
        fields = [
            "id",
            "committee",
            "person",
            "person_name",
            "role",
            "represents",
            "voting",
            "voting_limited_to",
            "start_date",
            "end_date",
        ]
        extra_kwargs = {
            "committee": {"help_text": "OParl Membership.organization"},
            "role": {"help_text": "OParl Membership.role"},
            "voting": {"help_text": "OParl Membership.votingRight"},
            "start_date": {"help_text": "OParl Membership.startDate"},
            "end_date": {"help_text": "OParl Membership.endDate"},
        }


def _meeting_start(meeting):
    """The meeting's start as an aware datetime in the council's time zone (GMT or BST)."""
    from datetime import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(meeting.date, meeting.start_time))


class MeetingSerializer(ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    start = serializers.SerializerMethodField(help_text="Date and time the meeting starts, with its UTC offset.")
    start_time = serializers.SerializerMethodField(
        help_text="Local start time with its UTC offset on that date (RFC 3339 full-time), e.g. 10:00:00+01:00."
    )
    publish_agenda_by = serializers.SerializerMethodField(
        help_text="Latest lawful publication date: five clear working days before the meeting "
        "(not counting publication day, meeting day, weekends and English bank holidays)."
    )
    questions_deadline = serializers.SerializerMethodField(
        help_text="When public and member questions must be received: 5pm on the third working day before."
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "committee",
            "committee_name",
            "date",
            "start_time",
            "start",
            "venue",
            "status",
            "agenda_published_on",
            "publish_agenda_by",
            "questions_deadline",
        ]
        extra_kwargs = {
            "committee": {"help_text": "OParl Meeting.organization"},
            "venue": {"help_text": "OParl Meeting.location"},
            "status": {"help_text": "OParl Meeting.meetingState (cancelled: Meeting.cancelled)"},
        }

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_start(self, meeting):
        return _meeting_start(meeting).isoformat()

    @extend_schema_field({"type": "string", "format": "time", "example": "10:00:00+00:00"})
    def get_start_time(self, meeting):
        return _meeting_start(meeting).timetz().isoformat()

    @extend_schema_field(OpenApiTypes.DATE)
    def get_publish_agenda_by(self, meeting):
        return deadlines.publish_agenda_by(meeting.date).isoformat()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_questions_deadline(self, meeting):
        return selectors.meeting_deadlines(meeting)["questions_deadline"].isoformat()


class AgendaItemSerializer(ModelSerializer):
    """OParl AgendaItem; ``report`` is its Paper (consultation). Exempt items, for the public,
    carry only number, title and ``exempt_paragraph``."""

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "number",
            "kind",
            "title",
            "body",
            "business_kind",
            "report_by",
            "report",
            "presenter",
            "exempt",
            "exempt_paragraph",
            "late",
            "urgency_reason",
        ]
        extra_kwargs = {
            "number": {"help_text": "OParl AgendaItem.number"},
            "exempt": {"help_text": "OParl AgendaItem.public is the negation"},
            "exempt_paragraph": {"help_text": "Paragraph of Part 1 of Schedule 12A to the Local Government Act 1972."},
        }

    def to_representation(self, item):
        return super().to_representation(selectors.redact_item(item, public=_is_public(self)))


class RecommendationSerializer(NestedModelSerializer):
    class Meta:
        model = Recommendation
        fields = ["number", "text"]


class ReportSectionSerializer(NestedModelSerializer):
    class Meta:
        model = ReportSection
        fields = ["number", "heading", "body"]


class AppendixSerializer(NestedModelSerializer):
    """OParl File."""

    access_url = serializers.SerializerMethodField(help_text="OParl File.accessUrl")

    class Meta:
        model = Appendix
        fields = ["id", "number", "title", "page_count", "size", "access_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_access_url(self, appendix):
        from django.urls import reverse

        url = reverse("committees:appendix", args=[appendix.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class LiveSectionSerializer(NestedModelSerializer):
    class Meta:
        model = LiveSection
        fields = ["kind", "title", "as_at", "after_section"]


class ReportSerializer(ModelSerializer):
    """OParl Paper; appendices are its auxiliaryFile."""

    recommendations = RecommendationSerializer(many=True, read_only=True)
    sections = ReportSectionSerializer(many=True, read_only=True)
    appendices = AppendixSerializer(many=True, read_only=True)
    live_sections = LiveSectionSerializer(many=True, read_only=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "title",
            "meeting",
            "responsible_chief_officer",
            "strategic_impact",
            "executive_summary",
            "recommendations",
            "sections",
            "financial_implications",
            "issues_risks_innovation",
            "legal_implications",
            "equality_implications",
            "human_rights_implications",
            "environmental_implications",
            "health_and_safety_implications",
            "background_papers",
            "officer_contact",
            "status",
            "appendices",
            "live_sections",
        ]


class AttendanceSerializer(NestedModelSerializer):
    person_name = serializers.CharField(source="person.__str__", read_only=True)

    class Meta:
        model = Attendance
        fields = ["person", "person_name", "kind", "substitute_for", "capacity"]


class DeclarationSerializer(NestedModelSerializer):
    class Meta:
        model = Declaration
        fields = ["person", "agenda_item", "interest", "description"]

    def to_representation(self, declaration):
        data = super().to_representation(declaration)
        # On an exempt item the public sees who declared and what kind of interest, never
        # the words, which can name the exempt business.
        item = declaration.agenda_item
        if item is not None and item.exempt and _is_public(self):
            data["description"] = ""
        return data


class FollowUpActionSerializer(NestedModelSerializer):
    class Meta:
        model = FollowUpAction
        fields = ["id", "description", "owner", "due_date", "done"]


class MinuteDecisionSerializer(NestedModelSerializer):
    """A decision as shown inside its minutes."""

    meeting = serializers.IntegerField(source="minute_item.minutes.meeting_id", read_only=True)
    minute_number = serializers.IntegerField(source="minute_item.number", read_only=True)
    minute_title = serializers.CharField(source="minute_item.title", read_only=True)
    actions = FollowUpActionSerializer(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "minute_number",
            "minute_title",
            "kind",
            "text",
            "votes_for",
            "votes_against",
            "abstentions",
            "actions",
        ]


class DecisionSerializer(ModelSerializer, MinuteDecisionSerializer):
    """A decision as a resource of its own (decisions/), with its timestamps."""

    class Meta(MinuteDecisionSerializer.Meta):
        pass


class MinuteItemSerializer(NestedModelSerializer):
    decisions = MinuteDecisionSerializer(many=True, read_only=True)

    class Meta:
        model = MinuteItem
        fields = ["number", "title", "body", "agenda_item", "exempt", "decisions"]

    def to_representation(self, mi):
        mi = selectors.redact_minute_item(mi, public=_is_public(self))
        data = super().to_representation(mi)
        if mi.redacted:
            data["exempt"] = True
            data["decisions"] = []
        return data


class MinutesSerializer(ModelSerializer):
    """OParl Meeting.resultsProtocol / verbatimProtocol."""

    attendance = AttendanceSerializer(many=True, read_only=True)
    declarations = DeclarationSerializer(many=True, read_only=True)
    items = MinuteItemSerializer(many=True, read_only=True)

    class Meta:
        model = Minutes
        fields = [
            "id",
            "meeting",
            "status",
            "published_on",
            "approved_on",
            "approved_at_meeting",
            "closing_time",
            "attendance",
            "declarations",
            "items",
        ]


class QuestionSerializer(ModelSerializer):
    on_time = serializers.SerializerMethodField(help_text="Received by the questions deadline.")

    class Meta:
        model = Question
        fields = [
            "id",
            "meeting",
            "kind",
            "number",
            "asker_name",
            "received_at",
            "on_time",
            "text",
            "reply",
            "reply_by",
            "supplementary",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_on_time(self, q):
        return q.received_at <= selectors.meeting_deadlines(q.meeting)["questions_deadline"]
