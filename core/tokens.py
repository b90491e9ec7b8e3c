"""API tokens: making, listing and revoking them (the pages and the admin use these)."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from .models import ApiToken
from .permissions import is_administrator


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_token(user, *, name, read_only=True, expires=None):
    """A new token for ``user``; returns (token, key). The key is not stored, only its hash."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, read_only=read_only, expires=expires, key_hash=hash_key(key), prefix=key[:8]
    )
    return token, key


def may_manage(user, token):
    return token.user_id == user.pk or is_administrator(user)


@transaction.atomic
def revoke_token(token, *, by):
    if not may_manage(by, token):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Only its owner or an administrator can revoke a token.")
    if token.revoked is None:
        token.revoked = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked", "revoked_by"])
    return token


def visible_tokens(user):
    """The user's own tokens; an administrator sees everyone's."""
    qs = ApiToken.objects.select_related("user", "revoked_by")
    return qs if is_administrator(user) else qs.filter(user=user)
