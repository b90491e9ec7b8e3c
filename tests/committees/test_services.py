"""Meetings, agendas, reports, minutes and questions through the services."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from committees import forms, selectors, services
from committees.models import AgendaItem, Attendance, Meeting, Membership, Minutes, Report
from tests.factories import PersonFactory

from .factories import committee_with_members, ready_report


def _pdf_bytes(pages=2):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_a_new_meeting_starts_with_the_standard_items_and_the_councils_wording(committee):
    services.create_meeting(committee, date=dt.date(2017, 1, 24))
    meeting = services.create_meeting(committee, date=dt.date(2017, 3, 14))
    kinds = list(meeting.items.values_list("number", "kind"))
    assert kinds == [
        (1, "apologies"),
        (2, "minutes"),
        (3, "declarations"),
        (4, "urgent_business"),
        (5, "public_questions"),
        (6, "member_questions"),
    ]
    assert meeting.items.get(kind="minutes").title.endswith("meeting held on 24 January 2017")
    declarations = meeting.items.get(kind="declarations").body
    assert "Disclosable Pecuniary Interest" in declarations and "Other Interest" in declarations
    assert "5pm on Thursday 9 March 2017" in meeting.items.get(kind="public_questions").body
    assert meeting.venue == committee.default_venue and meeting.start_time == dt.time(10, 0)


def test_items_are_numbered_in_order_and_can_be_moved(committee):
    meeting = services.create_meeting(committee, date=dt.date(2017, 3, 14))
    a = services.add_item(meeting, title="A")
    b = services.add_item(meeting, title="B")
    assert (a.number, b.number) == (7, 8)
    services.move_item(b, new_number=7)
    assert list(meeting.items.filter(number__gte=7).values_list("title", flat=True)) == ["B", "A"]


def test_an_exempt_item_needs_its_schedule_12a_paragraph(committee):
    meeting = services.create_meeting(committee, date=dt.date(2017, 3, 14))
    with pytest.raises(ValidationError) as err:
        services.add_item(meeting, title="Secret", exempt=True)
    assert "exempt_paragraph" in err.value.message_dict


def test_publishing_needs_every_report_ready_and_records_the_date(committee):
    meeting = services.create_meeting(committee, date=dt.date(2017, 3, 14))
    chief = PersonFactory()
    report = services.save_report("Safelives", meeting=meeting, responsible_chief_officer=chief)
    services.add_item(meeting, title=report.title, report=report)
    with pytest.raises(ValidationError, match="not ready"):
        services.publish_agenda(meeting, today=dt.date(2017, 3, 6))
    services.clear_report(report, by=chief)
    services.mark_report_ready(report)
    assert services.publish_agenda(meeting, today=dt.date(2017, 3, 6)) is True
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED and meeting.agenda_published_on == dt.date(2017, 3, 6)


def test_publishing_late_is_recorded_and_reported(committee):
    meeting = services.create_meeting(committee, date=dt.date(2017, 3, 14))
    assert services.publish_agenda(meeting, today=dt.date(2017, 3, 8)) is False
    assert selectors.meeting_deadlines(meeting, dt.date(2017, 3, 8))["publication_status"] == "published_late"


def test_a_late_item_needs_a_recorded_reason_of_urgency(committee):
    meeting = services.create_meeting(committee, date=dt.date(2017, 3, 14))
    services.publish_agenda(meeting, today=dt.date(2017, 3, 6))
    with pytest.raises(ValidationError) as err:
        services.add_item(meeting, title="Late report")
    assert "urgency_reason" in err.value.message_dict
    item = services.add_item(meeting, title="Late report", urgency_reason="Grant deadline of 20 March.")
    assert item.late


def test_report_workflow_draft_cleared_ready_and_editing_returns_to_draft(committee):
    chief = PersonFactory()
    report = services.save_report(
        "R",
        responsible_chief_officer=chief,
        recommendations=["One", "Two"],
        sections=[("Proposal", "Text"), ("Evidence", "More")],
    )
    assert [r.number for r in report.recommendations.all()] == [1, 2]
    assert [s.heading for s in report.sections.all()] == ["Proposal", "Evidence"]
    with pytest.raises(ValidationError):
        services.mark_report_ready(report)
    services.clear_report(report, by=chief)
    assert report.cleared_by == chief
    services.mark_report_ready(report)
    services.save_report("R (revised)", report=report, executive_summary="Changed")
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT and report.history.count() >= 4


def test_appendices_must_be_real_pdfs_within_the_size_limit(committee, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = services.save_report("R")
    appendix = services.add_appendix(report, title="Scorecard", upload=SimpleUploadedFile("a.pdf", _pdf_bytes(3)))
    assert appendix.page_count == 3 and appendix.number == 1
    with pytest.raises(ValidationError, match="not a valid PDF"):
        services.add_appendix(report, title="Fake", upload=SimpleUploadedFile("b.pdf", b"<html>not a pdf</html>"))
    with pytest.raises(ValidationError, match="not a valid PDF"):
        services.add_appendix(report, title="Broken", upload=SimpleUploadedFile("c.pdf", b"%PDF-1.4\ngarbage"))
    settings.MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError, match="largest file"):
        services.add_appendix(report, title="Big", upload=SimpleUploadedFile("d.pdf", _pdf_bytes(1)))
    assert report.appendices.count() == 1


def test_live_sections_hold_their_kind_and_as_at_date(db):
    report = services.save_report("IPF")
    live = services.add_live_section(report, kind="vital_signs_dashboard", as_at=dt.date(2017, 1, 31), after_section=1)
    assert str(live) == "Vital signs dashboard as at 2017-01-31"


def test_a_live_sections_kind_is_any_section_an_area_registers_and_nothing_else(db, monkeypatch):
    from core.documents import sections as document_sections

    report = services.save_report("IPF")
    with pytest.raises(ValidationError, match="kind"):
        services.add_live_section(report, kind="school_census", as_at=dt.date(2017, 1, 31))
    # A new area registers its section and committees takes it with no edit and no migration.
    monkeypatch.setattr(document_sections, "_REGISTRY", dict(document_sections._REGISTRY))
    document_sections.register("school_census", "School census", lambda ctx: [])
    live = services.add_live_section(report, kind="school_census", as_at=dt.date(2017, 1, 31))
    assert live.get_kind_display() == "School census"
    assert ("school_census", "School census") in forms.LiveSectionForm().fields["kind"].choices


def test_questions_after_the_deadline_are_refused_unless_the_chairman_accepts_them(committee):
    meeting = services.create_meeting(committee, date=dt.date(2017, 3, 14))
    on_time = timezone.make_aware(dt.datetime(2017, 3, 9, 16, 30))
    late = timezone.make_aware(dt.datetime(2017, 3, 9, 17, 30))
    q = services.receive_question(meeting, asker_name="Mr R Doyle", text="Crossing patrols?", received_at=on_time)
    with pytest.raises(ValidationError) as err:
        services.receive_question(meeting, asker_name="Mr X", text="Late?", received_at=late)
    assert "17:00 on Thursday 9 March 2017" in str(err.value)
    q2 = services.receive_question(meeting, asker_name="Mr X", text="Late?", received_at=late, accept_late=True)
    assert (q.number, q2.number) == (1, 2)


def test_draft_minutes_start_from_the_meetings_data(committee):
    meeting = services.create_meeting(committee, date=dt.date(2017, 3, 14))
    report = ready_report(meeting, "Safelives")
    services.add_item(meeting, title=report.title, report=report, report_by="Report by the Executive Director.")
    minutes = services.draft_minutes(meeting)
    members = selectors.current_memberships(committee).exclude(role=Membership.Role.SUBSTITUTE).count()
    assert minutes.attendance.filter(kind=Attendance.Kind.PRESENT).count() == members
    assert minutes.items.count() == meeting.items.count()
    business = minutes.items.get(number=7)
    assert business.body == "The Committee received the report by the Executive Director."
    assert business.decisions.get().text == "Note the report."
    assert services.draft_minutes(meeting).pk == minutes.pk  # never duplicated


def test_minutes_are_approved_at_the_next_meeting_then_frozen(committee):
    first = services.create_meeting(committee, date=dt.date(2017, 1, 24))
    second = services.create_meeting(committee, date=dt.date(2017, 3, 14))
    minutes = services.draft_minutes(first)
    with pytest.raises(ValidationError, match="published"):
        services.approve_minutes(minutes, at_meeting=second)
    with pytest.raises(ValidationError, match="next meeting"):
        services.approve_minutes(minutes, at_meeting=first)
    services.publish_agenda(second, today=dt.date(2017, 3, 6))
    services.approve_minutes(minutes, at_meeting=second)
    minutes.refresh_from_db()
    assert minutes.frozen and minutes.approved_on == dt.date(2017, 3, 14)
    assert Meeting.objects.get(pk=first.pk).status == Meeting.Status.MINUTES_APPROVED
    with pytest.raises(ValidationError, match="frozen"):
        services.save_minute_item(minutes, number=1, title="Changed")
    with pytest.raises(ValidationError, match="frozen"):
        services.record_decision(minutes.items.first(), text="Another")
    assert Minutes.objects.get(pk=minutes.pk).is_public


def test_who_may_vote_church_representatives_on_education_only_and_quorum(db):
    committee, people = committee_with_members(councillors=8, church_reps=2, advisors=1)
    meeting = services.create_meeting(committee, date=dt.date(2017, 3, 14))
    general = services.add_item(meeting, title="Budget")
    education = services.add_item(meeting, title="Admissions", business_kind="education")
    assert set(selectors.voters_for_item(general)) == set(people["councillors"])
    assert set(selectors.voters_for_item(education)) == set(people["councillors"] + people["church"])
    minutes = services.draft_minutes(meeting)
    for p in people["councillors"][:6]:
        services.record_attendance(minutes, person=p, kind=Attendance.Kind.APOLOGIES)
    substitute = PersonFactory()
    services.add_member(committee, person=substitute, role=Membership.Role.SUBSTITUTE)
    services.record_attendance(minutes, person=substitute, kind=Attendance.Kind.SUBSTITUTE,
                               substitute_for=people["councillors"][0])
    q = selectors.quorum(general)
    assert (q["places"], q["required"], q["present"], q["quorate"]) == (8, 3, 3, True)
    services.record_attendance(minutes, person=people["councillors"][6], kind=Attendance.Kind.APOLOGIES)
    assert selectors.quorum(general)["quorate"] is False
    assert selectors.quorum(education)["present"] == 4  # two church representatives count on education


def test_decisions_are_searchable_across_meetings_with_follow_up_actions(committee):
    m = services.create_meeting(committee, date=dt.date(2017, 1, 24))
    minutes = services.draft_minutes(m)
    d = services.record_decision(minutes.items.get(number=4), text="to send a congratulatory letter", kind="agreed")
    owner = PersonFactory()
    action = services.add_action(d, description="Send letters", owner=owner)
    found = selectors.search_decisions(selectors.decisions(), "congratulatory")
    assert list(found) == [d] and d.actions.get() == action
    assert not selectors.search_decisions(selectors.decisions(), "tobacco").exists()


def test_every_edited_model_keeps_history(committee):
    meeting = services.create_meeting(committee, date=dt.date(2017, 3, 14))
    item = meeting.items.first()
    services.update_item(item, title="Apologies")
    assert item.history.count() == 2
    assert item.history.first().title == "Apologies"
    assert AgendaItem.history.model.__name__ == "HistoricalAgendaItem"
