"""Writes for email alerts: subscribe (a confirmation email first), confirm, unsubscribe,
and announce news to a committee's confirmed subscribers once the publishing transaction
has committed (a rolled-back publication mails nobody)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import AlertSent, Subscription

RESEND_AFTER = dt.timedelta(hours=1)
AGENDA = "agenda"
PACK = "pack"
MINUTES = "minutes"


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _send(subscription, subject, template, context):
    """One message per subscriber, so no address is ever shown to another."""
    unsubscribe = absolute(reverse("committees:alerts_unsubscribe", args=[subscription.token]))
    body = render_to_string(
        template, {**context, "committee": subscription.committee, "unsubscribe_url": unsubscribe}
    )
    message = EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [subscription.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.send()


@transaction.atomic
def subscribe(committee, email):
    """Record the request and send the confirmation email (after commit). Asking again
    re-sends the confirmation; nothing tells the asker whether the address was known."""
    from . import tasks

    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Enter an email address, like name@example.com."}) from None
    subscription, _ = Subscription.objects.select_for_update().get_or_create(committee=committee, email=email.lower())
    now = timezone.now()
    recently = subscription.confirmation_sent_at and now - subscription.confirmation_sent_at < RESEND_AFTER
    # At most one confirmation an hour per address, so the form cannot be used to flood someone.
    if not subscription.confirmed and not recently:
        subscription.confirmation_sent_at = now
        subscription.save(update_fields=["confirmation_sent_at"])
        transaction.on_commit(lambda: tasks.send_confirmation.delay(subscription.pk))
    return subscription


def send_confirmation(subscription_id):
    subscription = Subscription.objects.select_related("committee").filter(pk=subscription_id).first()
    if subscription is None or subscription.confirmed:
        return
    confirm = absolute(reverse("committees:alerts_confirm", args=[subscription.token]))
    _send(
        subscription,
        f"Confirm your alerts for {subscription.committee.name}",
        "committees/alerts/email_confirm.txt",
        {"confirm_url": confirm},
    )


@transaction.atomic
def confirm(token):
    subscription = Subscription.objects.select_for_update().filter(token=token).first()
    if subscription is None:
        raise ValidationError("This confirmation link is not valid (it may have been used to unsubscribe).")
    if not subscription.confirmed:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


@transaction.atomic
def unsubscribe(token):
    """Deletes the subscription (and so the address). Returns the committee, or None if unknown."""
    subscription = Subscription.objects.select_related("committee").filter(token=token).first()
    if subscription is None:
        return None
    committee = subscription.committee
    subscription.delete()
    return committee


def announce(meeting, event, *, version=None):
    """Queue the alert for this news when the surrounding transaction commits."""
    from . import tasks

    key = f"{event}:{version.pk if version is not None else meeting.pk}"
    transaction.on_commit(lambda: tasks.send_alerts.delay(meeting.pk, event, key))


def send_alerts(meeting_id, event, key):
    """Mail every confirmed subscriber not yet told about ``key`` (safe to run again)."""
    from ..models import Meeting
    from ..packs.models import PackVersion

    meeting = Meeting.objects.select_related("committee").get(pk=meeting_id)
    context = {"meeting": meeting, "meeting_url": absolute(meeting.get_absolute_url()), "event": event}
    if event == PACK:
        version = PackVersion.objects.select_related("build").get(pk=int(key.split(":")[1]))
        context.update(
            version=version,
            pdf_url=absolute(reverse("committees:pack_pdf", args=[version.build_id])),
            html_url=absolute(reverse("committees:pack_html", args=[version.build_id])),
        )
        first = version.number == 1 or version.build.kind == "supplement"
        what = version.label if first else f"{version.label} (republished)"
    elif event == AGENDA:
        what = "Agenda published"
    else:
        what = "Minutes published"
    context["what"] = what
    subject = f"{meeting.committee.name}, {meeting.date.day} {meeting.date:%B %Y}: {what}"
    subscriptions = Subscription.objects.filter(committee=meeting.committee, confirmed_at__isnull=False).exclude(
        sent__key=key
    )
    sent = 0
    for subscription in subscriptions.select_related("committee"):
        _send(subscription, subject, "committees/alerts/email_alert.txt", context)
        AlertSent.objects.get_or_create(subscription=subscription, key=key)
        sent += 1
    return sent
