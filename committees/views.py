"""Committee pages. Public pages need no login and read through the ``public_*`` selectors;
clerk pages check ``committees.*`` permissions (committees/rules.py) with core's ``require_perm``."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.permissions import perm_required, require_perm

from . import forms, selectors, services
from .models import (
    AgendaItem,
    Appendix,
    Committee,
    Decision,
    FollowUpAction,
    Meeting,
    MinuteItem,
    Minutes,
    Question,
    Report,
)


def _public(request):
    return not selectors.sees_everything(request.user)


def _errors(request, exc):
    for msg in exc.messages:
        messages.error(request, msg)


# --- public pages -----------------------------------------------------------


def index(request):
    upcoming = selectors.meetings().filter(date__gte=_today()).order_by("date", "start_time")[:10]
    return render(
        request,
        "committees/index.html",
        {"committees": selectors.committees(), "upcoming": upcoming},
    )


def _today():
    from django.utils import timezone

    return timezone.localdate()


def committee_detail(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    return render(
        request,
        "committees/committee_detail.html",
        {
            "committee": committee,
            "memberships": selectors.current_memberships(committee),
            "meetings": selectors.meetings().filter(committee=committee)[:20],
        },
    )


def meeting_list(request):
    return render(request, "committees/meeting_list.html", {"meetings": selectors.meetings()[:200]})


def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("committee", "clerk"), pk=pk)
    public = _public(request)
    agenda = selectors.public_items(meeting) if public else list(selectors.items(meeting))
    minutes = Minutes.objects.filter(meeting=meeting).first()
    context = {
        "meeting": meeting,
        "public": public,
        "agenda": agenda,
        "pre_meetings": meeting.pre_meetings.all() if (not public or meeting.agenda_is_public) else [],
        "dates": selectors.meeting_deadlines(meeting),
        "minutes": minutes if (minutes and (not public or minutes.is_public)) else None,
        "previous": selectors.previous_meeting(meeting),
        "next": selectors.next_meeting(meeting),
        "today": _today(),
        "packs": selectors.pack_links(meeting),
        "documents": selectors.item_documents(agenda),
    }
    if context["minutes"] is not None and meeting.status in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED):
        context["attendance"] = selectors.public_attendance(context["minutes"])
    previous_minutes = Minutes.objects.filter(meeting=context["previous"]).first() if context["previous"] else None
    if previous_minutes and (not public or previous_minutes.is_public):
        context["previous_minutes_shown"] = previous_minutes
    if not public:
        context.update(
            item_form=forms.AgendaItemForm(meeting=meeting),
            question_form=forms.QuestionForm(),
            questions=meeting.questions.all(),
            quorum={i.pk: selectors.quorum(i) for i in agenda if i.kind == AgendaItem.Kind.BUSINESS},
            previous_minutes=previous_minutes,
        )
    return render(request, "committees/meeting_detail.html", context)


def pack_version(request, pk, number):
    """A published pack version's own page: its files, sizes and checksums."""
    from .packs import services as pack_services

    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    version = get_object_or_404(meeting.pack_versions.select_related("build"), number=number)
    files = []
    for which, label, mime in (("pdf", "PDF", "application/pdf"), ("html", "Accessible HTML edition", "text/html"),
                               ("csv", "Charts' data (CSV)", "text/csv")):
        path = pack_services.file_of(version.build, which=which)
        if path.exists():
            files.append({"which": which, "label": label, "mime": mime, "size": path.stat().st_size})
    return render(request, "committees/pack_version.html", {
        "meeting": meeting, "version": version, "files": files, "public": _public(request),
    })


def report_detail(request, pk):
    report = get_object_or_404(Report, pk=pk)
    if _public(request) and not selectors.report_is_public(report):
        raise Http404("No such published report.")
    report = selectors.report_detail(report)
    context = {"report": report, "public": _public(request)}
    if not context["public"]:
        context.update(
            section_form=forms.SectionForm(),
            appendix_form=forms.AppendixForm(),
            live_form=forms.LiveSectionForm(),
        )
    return render(request, "committees/report_detail.html", context)


def appendix_file(request, pk):
    qs = selectors.public_appendices() if _public(request) else Appendix.objects.all()
    appendix = get_object_or_404(qs, pk=pk)
    return FileResponse(
        appendix.file.open("rb"),
        content_type="application/pdf",
        filename=appendix.file.name.split("/")[-1],
        as_attachment=bool(request.GET.get("download")),  # OParl File.downloadUrl
    )


def minutes_detail(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    public = _public(request)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or (public and not minutes.is_public):
        raise Http404("No published minutes for this meeting.")
    minutes = selectors.minutes_detail(minutes)
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "public": public,
        "minute_items": selectors.minutes_for_display(minutes, public),
        # Public questions come before member questions, as on the agenda.
        "questions": sorted(meeting.questions.all(), key=lambda q: (q.kind != Question.Kind.PUBLIC, q.number)),
        "present": [a for a in minutes.attendance.all() if a.kind == "present"],
        "apologies": [a for a in minutes.attendance.all() if a.kind == "apologies"],
        "substitutes": [a for a in minutes.attendance.all() if a.kind == "substitute"],
        "officers": [a for a in minutes.attendance.all() if a.kind == "officer"],
    }
    if not public and not minutes.frozen:
        context.update(
            attendance_form=forms.AttendanceForm(),
            declaration_form=forms.DeclarationForm(meeting=meeting),
            decision_form=forms.DecisionForm(),
            closing_form=forms.ClosingForm(initial={"closing_time": minutes.closing_time}),
        )
    return render(request, "committees/minutes_detail.html", context)


def search(request):
    """Meetings, agenda items, reports and decisions (the public: published, non-exempt only)."""
    from . import search as finder

    form = forms.SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        d = form.cleaned_data
        results = finder.search(d["q"], public=_public(request), committee=d["committee"],
                                date_from=d["date_from"], date_to=d["date_to"])
    return render(request, "committees/search.html", {"form": form, "results": results})


def decision_list(request):
    form = forms.DecisionSearchForm(request.GET or None)
    qs = selectors.public_decisions() if _public(request) else selectors.decisions()
    if form.is_valid():
        d = form.cleaned_data
        qs = selectors.search_decisions(qs, d["q"], d["committee"], d["date_from"], d["date_to"])
    else:
        qs = selectors.search_decisions(qs)
    return render(
        request,
        "committees/decision_list.html",
        {"form": form, "decisions": qs.prefetch_related("actions__owner")[:200]},
    )


def decision_detail(request, pk):
    qs = selectors.public_decisions() if _public(request) else selectors.decisions()
    decision = get_object_or_404(qs.prefetch_related("actions__owner"), pk=pk)
    context = {"decision": decision}
    if request.user.has_perm("committees.add_followupaction"):
        context["action_form"] = forms.ActionForm()
    return render(request, "committees/decision_detail.html", context)


@require_POST
@perm_required("committees.add_followupaction")
def action_add(request, pk):
    decision = get_object_or_404(Decision, pk=pk)
    form = forms.ActionForm(request.POST)
    if form.is_valid():
        services.add_action(decision, **form.cleaned_data)
        messages.success(request, "Action added.")
    else:
        messages.error(request, "An action needs a description.")
    return redirect(decision)


@require_POST
@login_required
def action_done(request, pk):
    action = get_object_or_404(FollowUpAction, pk=pk)
    require_perm(request, "committees.change_followupaction", action)
    services.complete_action(action, done=not action.done)
    return redirect(action.decision)


# --- clerk pages ------------------------------------------------------------


@perm_required("committees.add_meeting")
def meeting_create(request):
    form = forms.MeetingForm(request.POST or None, initial={"committee": request.GET.get("committee")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            meeting = services.create_meeting(
                d["committee"],
                date=d["date"],
                start_time=d["start_time"],
                venue=d["venue"],
                clerk=getattr(request.user, "person", None),
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Meeting created with the standard opening items.")
            return redirect(meeting)
    return render(request, "committees/form.html", {"form": form, "title": "New meeting"})


@perm_required("committees.change_meeting")
def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = forms.MeetingEditForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.update_meeting(meeting, **form.cleaned_data)
        return redirect(meeting)
    return render(request, "committees/form.html", {"form": form, "title": f"Edit {meeting}", "back": meeting})


@perm_required("committees.add_agendaitem")
def item_create(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = forms.AgendaItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_item(meeting, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Item added.")
            return redirect(meeting)
    return render(request, "committees/form.html", {"form": form, "title": f"Add an item: {meeting}", "back": meeting})


@perm_required("committees.change_agendaitem")
def item_edit(request, pk):
    item = get_object_or_404(AgendaItem, pk=pk)
    form = forms.AgendaItemForm(request.POST or None, instance=item, meeting=item.meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(item, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"Item {item.number} saved.")
            return redirect(item.meeting)
    return render(request, "committees/form.html", {"form": form, "title": f"Item {item.number}", "back": item.meeting})


@require_POST
@perm_required("committees.publish_meeting")
def meeting_publish(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        lawful = services.publish_agenda(meeting)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        if lawful:
            messages.success(request, "Agenda published.")
        else:
            messages.warning(request, "Agenda published, but fewer than five clear working days before the meeting.")
    return redirect(meeting)


@require_POST
@perm_required("committees.change_meeting")
def meeting_held(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        services.mark_held(meeting, today=_today())
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(meeting)


@require_POST
@perm_required("committees.add_minutes")
def minutes_draft(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    services.draft_minutes(meeting)
    return redirect("committees:minutes", pk=meeting.pk)


@require_POST
@login_required
def minutes_action(request, pk, action):
    meeting = get_object_or_404(Meeting, pk=pk)
    minutes = get_object_or_404(Minutes, meeting=meeting)
    perm = "committees.approve_minutes" if action == "approve" else "committees.change_minutes"
    require_perm(request, perm, minutes)
    try:
        if action == "approve":
            services.approve_minutes(minutes, at_meeting=selectors.next_meeting(meeting))
            messages.success(request, "Minutes approved and frozen.")
        elif action == "publish":
            services.publish_draft_minutes(minutes)
            messages.success(request, "Draft minutes published.")
        elif action == "attendance":
            form = forms.AttendanceForm(request.POST)
            if not form.is_valid():
                raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
            d = form.cleaned_data
            services.record_attendance(
                minutes, person=d["person"], kind=d["kind"], substitute_for=d["substitute_for"], capacity=d["capacity"]
            )
        elif action == "declaration":
            form = forms.DeclarationForm(request.POST, meeting=meeting)
            if not form.is_valid():
                raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
            d = form.cleaned_data
            services.declare_interest(
                minutes,
                person=d["person"],
                description=d["description"],
                interest=d["interest"],
                agenda_item=d["agenda_item"],
            )
        elif action == "close":
            form = forms.ClosingForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Give the time the meeting closed.")
            services.close_meeting(minutes, closing_time=form.cleaned_data["closing_time"])
        else:
            raise Http404
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("committees:minutes", pk=meeting.pk)


@login_required
def minute_item_edit(request, pk):
    mi = get_object_or_404(MinuteItem.objects.select_related("minutes__meeting"), pk=pk)
    require_perm(request, "committees.change_minuteitem", mi)
    form = forms.MinuteItemForm(request.POST or None, initial={"title": mi.title, "body": mi.body}, instance=mi)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_minute_item(mi.minutes, number=mi.number, title=form.cleaned_data["title"],
                                      body=form.cleaned_data["body"])
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("committees:minutes", pk=mi.minutes.meeting_id)
    back = mi.minutes.meeting
    return render(request, "committees/form.html", {"form": form, "title": f"Minute {mi.number}", "back": back})


@require_POST
@login_required
def decision_add(request, pk):
    mi = get_object_or_404(MinuteItem.objects.select_related("minutes"), pk=pk)
    require_perm(request, "committees.add_decision", mi)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.record_decision(mi, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, "The decision needs its text; votes are whole numbers.")
    return redirect("committees:minutes", pk=mi.minutes.meeting_id)


@perm_required("committees.add_report")
def report_create(request):
    initial = {"meeting": request.GET.get("meeting")}
    form = forms.ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        recs = form.recommendation_list()
        d.pop("recommendations")
        title = d.pop("title")
        report = services.save_report(title, recommendations=recs, **d)
        messages.success(request, "Report saved as a draft.")
        return redirect(report)
    return render(request, "committees/form.html", {"form": form, "title": "New report"})


@login_required
def report_edit(request, pk):
    report = get_object_or_404(Report, pk=pk)
    require_perm(request, "committees.change_report", report)
    form = forms.ReportForm(request.POST or None, instance=Report.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        recs = form.recommendation_list()
        d.pop("recommendations")
        title = d.pop("title")
        services.save_report(title, report=report, recommendations=recs, **d)
        messages.success(request, "Report saved (back to draft if it had been cleared).")
        return redirect(report)
    return render(request, "committees/form.html", {"form": form, "title": f"Edit {report}", "back": report})


@require_POST
@login_required
def report_action(request, pk, action):
    report = get_object_or_404(Report, pk=pk)
    perms = {"clear": "committees.clear_report", "ready": "committees.ready_report"}
    perm = perms.get(action, "committees.change_report")
    require_perm(request, perm, report)
    try:
        if action == "clear":
            person = getattr(request.user, "person", None)
            # A clerk records the chief officer's clearance; the history keeps who did it.
            by = (
                person
                if person and person.pk == report.responsible_chief_officer_id
                else report.responsible_chief_officer
            )
            services.clear_report(report, by=by)
            messages.success(request, "Report cleared.")
        elif action == "ready":
            services.mark_report_ready(report)
            messages.success(request, "Report ready for the agenda.")
        elif action == "section":
            form = forms.SectionForm(request.POST)
            if not form.is_valid():
                raise ValidationError("A section needs a heading.")
            sections = [(s.heading, s.body) for s in report.sections.all()]
            sections.append((form.cleaned_data["heading"], form.cleaned_data["body"]))
            services.save_report(report.title, report=report, sections=sections)
        elif action == "appendix":
            form = forms.AppendixForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
            services.add_appendix(report, title=form.cleaned_data["title"], upload=form.cleaned_data["file"])
            messages.success(request, "Appendix added.")
        elif action == "live":
            form = forms.LiveSectionForm(request.POST)
            if not form.is_valid():
                raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
            services.add_live_section(report, **form.cleaned_data)
        else:
            raise Http404
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(report)


@require_POST
@perm_required("committees.add_question")
def question_add(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = forms.QuestionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.receive_question(
                meeting,
                asker_name=d["asker_name"],
                text=d["text"],
                received_at=d["received_at"],
                kind=d["kind"],
                accept_late=d["accept_late"],
            )
            messages.success(request, "Question recorded.")
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, "The question needs who asked it, when it arrived and its text.")
    return redirect(meeting)


@perm_required("committees.change_question")
def question_reply(request, pk):
    question = get_object_or_404(Question, pk=pk)
    form = forms.ReplyForm(request.POST or None, instance=Question.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_to_question(question, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(question.meeting)
    return render(request, "committees/form.html", {"form": form, "title": str(question), "back": question.meeting})


@perm_required("committees.change_committee")
def committee_edit(request, slug=None):
    committee = get_object_or_404(Committee, slug=slug) if slug else None
    form = forms.CommitteeForm(request.POST or None, instance=committee)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        committee = services.save_committee(d.pop("name"), **d)
        return redirect(committee)
    return render(request, "committees/form.html", {"form": form, "title": "Committee"})
