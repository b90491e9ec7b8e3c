"""Writes for report cards: start (from last approved text), save with a version check,
workflow steps, publishing with a pack, exceptions added by hand, and reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone

from core.models import Person
from performance import calc

from . import deadlines, text, workflow
from .models import (
    TEXT_SECTIONS,
    CardTransition,
    ConflictDraft,
    ReminderSent,
    ReportCard,
    ReportCardSettings,
    ReportingCycle,
)
from .rules import reportcard_capacities

SECTION_FIELDS = [name for name, _ in TEXT_SECTIONS]
EDITABLE_FIELDS = [*SECTION_FIELDS, "actions"]


class CardRefused(Exception):
    """A request the rules refuse. ``kind``: "role" (403), "state" (409) or "input" (400)."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind
        self.message = message


class EditConflict(Exception):
    """Someone saved the card after this editor read it. Their text is kept in ``draft``."""

    def __init__(self, current, draft):
        super().__init__(
            f"Someone else saved this card (now version {current.version}) after you opened version "
            f"{draft.based_on_version}. Your text has not been lost: compare both and save again."
        )
        self.current = current
        self.draft = draft


@dataclass
class _Actor:
    user: object

    @property
    def name(self):
        person = getattr(self.user, "person", None)
        return str(person) if person else (self.user.get_username() if self.user else "")


def _name(user):
    return _Actor(user).name


# --- validation --------------------------------------------------------------


def clean_actions(actions) -> list[dict]:
    """Actions as stored: [{"description", "owner" (person id or None), "due_date" ("YYYY-MM-DD" or None), "done"}].

    Errors name the action (1-based) and the field.
    """
    if actions is None:
        return []
    if not isinstance(actions, list):
        raise ValidationError({"actions": "A list of actions is expected."})
    errors, cleaned = {}, []
    owner_ids = {a.get("owner") for a in actions if isinstance(a, dict) and a.get("owner") not in (None, "")}
    known = set(Person.objects.filter(pk__in=[o for o in owner_ids if str(o).isdigit()]).values_list("pk", flat=True))
    for i, a in enumerate(actions, start=1):
        where = f"actions[{i}]"
        if not isinstance(a, dict):
            errors[where] = "Each action is an object with description, owner, due_date and done."
            continue
        unknown = set(a) - {"description", "owner", "due_date", "done", "owner_name"}
        if unknown:
            errors[f"{where}"] = f"Unknown field(s): {', '.join(sorted(unknown))}."
        desc = text.normalise(str(a.get("description") or ""))
        if not desc:
            errors[f"{where}.description"] = "Describe the action."
        elif problem := text.html_problem(desc):
            errors[f"{where}.description"] = problem
        owner = a.get("owner")
        if owner in ("", None):
            owner = None
        elif not str(owner).isdigit() or int(owner) not in known:
            errors[f"{where}.owner"] = f"No person with id {owner}."
        else:
            owner = int(owner)
        due = a.get("due_date")
        if due in ("", None):
            due = None
        else:
            try:
                due = date.fromisoformat(str(due)).isoformat()
            except ValueError:
                errors[f"{where}.due_date"] = f"'{due}' is not a date: write YYYY-MM-DD."
        done = a.get("done", False)
        if not isinstance(done, bool):
            errors[f"{where}.done"] = "done is true or false."
        cleaned.append({"description": desc, "owner": owner, "due_date": due, "done": bool(done)})
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_sections(data: dict) -> dict:
    errors, cleaned = {}, {}
    for name in SECTION_FIELDS:
        if name in data:
            value = text.normalise(data[name] or "")
            problem = text.html_problem(value)
            if problem:
                errors[name] = problem
            cleaned[name] = value
    if "actions" in data:
        try:
            cleaned["actions"] = clean_actions(data["actions"])
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


# --- starting a card ------------------------------------------------------------


def start_card(indicator, *, period, user=None, manual_exception_reason="", check_permission=True):
    """A new draft for ``indicator`` and ``period`` that starts from the last approved card's text."""
    period = calc.parse_period(period)
    if check_permission and user is not None and not user.has_perm("performance.add_reportcard", indicator):
        raise CardRefused("role", f"You cannot write report cards for {indicator.ref}.")
    existing = ReportCard.objects.filter(indicator=indicator, period=period).first()
    if existing:
        label = f"{indicator.ref} {calc.period_label(period)}"
        raise CardRefused("state", f"There is already a report card for {label} (card {existing.pk}).")
    from .selectors import last_approved_before

    prev = last_approved_before(indicator, period)
    card = ReportCard(indicator=indicator, period=period, created_by=user if user and user.is_authenticated else None,
                      manual_exception_reason=manual_exception_reason.strip())
    if prev:
        for name in SECTION_FIELDS:
            setattr(card, name, getattr(prev, name))
        card.actions = [a for a in prev.actions if not a.get("done")]
        card.started_from = prev
    elif not card.definition:
        card.definition = indicator.definition
    if user is not None:
        card._history_user = user
    try:
        with transaction.atomic():
            card.save()
    except IntegrityError:
        raise CardRefused("state", f"There is already a report card for {indicator.ref} {calc.period_label(period)}.")
    return card


def add_exception_card(indicator, *, period, reason, user):
    """An officer brings a vital sign to committee that the criteria did not pick, saying why."""
    if not (reason or "").strip():
        raise CardRefused("input", "Say why this indicator should be reported as an exception.")
    if problem := text.html_problem(reason):
        raise CardRefused("input", problem)
    period = calc.parse_period(period)
    card = ReportCard.objects.filter(indicator=indicator, period=period).first()
    if card is None:
        return start_card(indicator, period=period, user=user, manual_exception_reason=reason)
    if not user.has_perm("performance.change_reportcard", card):
        raise CardRefused("role", f"You cannot change the report card for {indicator.ref}.")
    card.manual_exception_reason = reason.strip()
    card._history_user = user
    card.save(update_fields=["manual_exception_reason", "updated"])
    return card


# --- saving with a version check --------------------------------------------------


def save_card(card, *, data: dict, version, user):
    """Save the sections in ``data`` if ``version`` is still the card's version.

    A stale version raises ``EditConflict``; the refused text is kept as a ConflictDraft
    (committed even though the caller answers with an error, as nothing raises past it).
    """
    if not user.has_perm("performance.change_reportcard", card):
        raise CardRefused("role", "You cannot edit this report card." + (
            " It is published and frozen." if card.status == workflow.PUBLISHED else ""))
    if version is None or str(version).strip() == "":
        raise CardRefused("input", "Send the version you read (field 'version').")
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise CardRefused("input", f"version must be a whole number (got {version!r}).")
    cleaned = clean_sections(data)
    current = ReportCard.objects.get(pk=card.pk)
    if not workflow.editable(current.status):
        raise CardRefused("state", f"The card is {current.get_status_display().lower()}; only a draft can be edited"
                                   + (" (ask the reviewer to return it)." if current.status == workflow.SUBMITTED
                                      else "."))
    with transaction.atomic():
        claimed = ReportCard.objects.filter(pk=card.pk, version=version, status=workflow.DRAFT).update(
            version=version + 1
        )
        if claimed:
            fresh = ReportCard.objects.select_for_update().get(pk=card.pk)
            for name, value in cleaned.items():
                setattr(fresh, name, value)
            fresh._history_user = user
            fresh.save()
            ConflictDraft.objects.filter(card=fresh, author=user, resolved=False).update(resolved=True)
            return fresh
    current = ReportCard.objects.get(pk=card.pk)
    full = {name: getattr(current, name) for name in EDITABLE_FIELDS}
    full.update({k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    draft = ConflictDraft.objects.create(card=current, author=user, based_on_version=version, data=full)
    raise EditConflict(current, draft)


def dismiss_conflict(draft, *, user):
    if draft.author_id != user.pk:
        raise CardRefused("role", "Only its author can dismiss unsaved text.")
    draft.resolved = True
    draft.save(update_fields=["resolved"])


# --- workflow -----------------------------------------------------------------------


def transition(card, *, action, user, comment=""):
    """Make a workflow step if this user may and the card is in a state that allows it."""
    if action == workflow.PUBLISH:
        raise CardRefused("role", "Cards are published by publishing the agenda pack that contains them.")
    if action not in workflow.TRANSITIONS:
        raise CardRefused("input", f"'{action}' is not a report card action.")
    with transaction.atomic():
        card = ReportCard.objects.select_for_update().select_related("indicator").get(pk=card.pk)
        caps = set(reportcard_capacities(user, card))
        if user.has_perm(f"performance.{action}_reportcard", card):
            caps |= workflow.TRANSITIONS[action].by  # e.g. superusers
        refused = workflow.refusal(action, card.status, caps, comment)
        if refused is None and action == workflow.APPROVE:
            refused = _four_eyes(card, user)
        if refused:
            raise CardRefused(refused.kind, refused.message)
        return _move(card, action, user=user, by_name=_name(user), comment=comment)


def record_past_approval(card, *, by_name, comment=""):
    """Record an approval made outside the system by a named person without a login (loading
    past cards): the submitted card moves to approved and the step names who approved."""
    with transaction.atomic():
        card = ReportCard.objects.select_for_update().get(pk=card.pk)
        refused = workflow.refusal(workflow.APPROVE, card.status, workflow.TRANSITIONS[workflow.APPROVE].by)
        if refused:
            raise CardRefused(refused.kind, refused.message)
        return _move(card, workflow.APPROVE, user=None, by_name=by_name, comment=comment, name_in_reason=True)


def _four_eyes(card, user):
    """The four-eyes rule against the submission now awaiting approval (the latest submit)."""
    submit = card.transitions.filter(action=workflow.SUBMIT).order_by("-at", "-pk").first()
    if submit is None:
        return None
    return workflow.four_eyes_refusal(
        submit.by_id, user.pk, required=ReportCardSettings.load().four_eyes,
        submitted_when=dateformat.format(timezone.localtime(submit.at), "j F Y"),
    )


def _move(card, action, *, user, by_name, comment="", name_in_reason=False):
    before = card.status
    card.status = workflow.target(action)
    card._history_user = user
    # With no user on the history record, its reason names who acted.
    who = f" by {by_name}" if name_in_reason else ""
    card._change_reason = f"{action}{who}: {comment}".strip(": ")[:100]
    card.save(update_fields=["status", "published_in", "updated"])
    CardTransition.objects.create(card=card, action=action, from_status=before, to_status=card.status,
                                  by=user if user and user.is_authenticated else None, by_name=by_name,
                                  comment=(comment or "").strip())
    return card


def publish_cards(cards, pack_version, *, user=None):
    """Freeze the cards a published agenda pack contains. All must be approved (or already
    published); otherwise nothing changes and the error lists the ones that are not."""
    pack_version = str(pack_version)
    ids = [c.pk for c in cards]
    with transaction.atomic():
        locked = list(ReportCard.objects.select_for_update().select_related("indicator").filter(pk__in=ids))
        not_ready = [c for c in locked if c.status not in workflow.TRANSITIONS[workflow.PUBLISH].sources]
        if not_ready:
            names = ", ".join(f"{c.indicator.ref} {c.period_label} ({c.get_status_display().lower()})"
                              for c in not_ready)
            raise CardRefused("state", f"Only approved cards can be published; not approved: {names}.")
        for c in locked:
            if c.status == workflow.PUBLISHED and c.published_in == pack_version:
                continue
            c.published_in = pack_version
            _move(c, workflow.PUBLISH, user=user, by_name=f"Agenda pack {pack_version}",
                  comment=f"Published in agenda pack {pack_version}")
    return locked


# --- reporting cycles and reminders -------------------------------------------------


def set_cycle(period, *, commentary_due, note="", user=None):
    period = calc.parse_period(period)
    cycle, _ = ReportingCycle.objects.get_or_create(period=period, defaults={"commentary_due": commentary_due})
    cycle.commentary_due = commentary_due
    cycle.note = note or cycle.note
    if user is not None:
        cycle._history_user = user
    cycle.save()
    return cycle


def _recipients(card):
    people = [card.indicator.data_owner] if card.indicator.data_owner_id else []
    if not people and card.indicator.lead_officer_id:
        people = [card.indicator.lead_officer]
    emails = []
    for p in people:
        email = p.email or (p.user.email if p.user_id else "")
        if email and email not in emails:
            emails.append(email)
    return emails


def send_due_reminders(today: date | None = None) -> int:
    """E-mail the owners of cards not yet submitted, a few working days before the commentary
    deadline and on the day. Each (card, kind, deadline, recipient) is sent once: a second
    run the same day, or the next, sends nothing already sent."""
    today = today or timezone.localdate()
    sent = 0
    cycles = ReportingCycle.objects.filter(commentary_due__gte=calc.add_months(today, -2))
    for cycle in cycles:
        kinds = deadlines.reminders_due(today, cycle.commentary_due)
        if not kinds:
            continue
        drafts = ReportCard.objects.filter(period=cycle.period, status=workflow.DRAFT).select_related(
            "indicator", "indicator__data_owner__user", "indicator__lead_officer__user"
        )
        for card in drafts:
            for kind in kinds:
                for email in _recipients(card):
                    sent += _send_once(card, kind, cycle, email, today)
    return sent


def _send_once(card, kind, cycle, email, today) -> int:
    with transaction.atomic():
        _, created = ReminderSent.objects.get_or_create(card=card, kind=kind, due_date=cycle.commentary_due,
                                                        recipient=email)
        if not created:
            return 0
        due = cycle.commentary_due
        when = "today" if due == today else (f"on {due:%A %d %B %Y}" if due > today else f"on {due:%d %B %Y} (overdue)")
        subject = f"Report card commentary due {when}: {card.indicator.ref} {card.period_label}"
        url = settings.SITE_URL.rstrip("/") + card.get_absolute_url() if getattr(settings, "SITE_URL", "") else \
            card.get_absolute_url()
        body = (
            f"The commentary for the report card \"{card.indicator.title}\" ({card.indicator.ref}, "
            f"{card.period_label}) is due {when} and has not been submitted yet.\n\n"
            f"Open the card: {url}\n"
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    return 1
