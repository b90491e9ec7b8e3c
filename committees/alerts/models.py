"""An email subscription to a committee. The address is used to send mail and nothing else:
no page, feed or API shows it."""

import secrets

from django.db import models

__all__ = ["Subscription", "AlertSent"]


def _token():
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    committee = models.ForeignKey("committees.Committee", on_delete=models.CASCADE, related_name="subscriptions")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["committee", "email"], name="unique_subscription")]

    def __str__(self):
        # Never the address: this string can reach logs and admin lists.
        return f"Subscription {self.pk} to {self.committee}"

    @property
    def confirmed(self):
        return self.confirmed_at is not None


class AlertSent(models.Model):
    """One row per alert sent, so a retried task never mails the same news twice."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="sent")
    key = models.CharField(max_length=100, help_text="What the alert was about, e.g. agenda:12 or pack:7.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "key"], name="unique_alert_sent")]

    def __str__(self):
        return f"{self.key} to subscription {self.subscription_id}"


# The worker finds tasks in apps' tasks.py; this package's tasks register as the models load.
from . import tasks  # noqa: E402,F401
