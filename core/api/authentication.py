"""Token authentication for other systems: named, expiring, read-only or read-write tokens
(``core.ApiToken``) and, for existing integrations, DRF's single token per user.

It is the first authentication class, so a missing or bad token answers 401 with
``WWW-Authenticate: Token``."""

from datetime import timedelta

from django.utils import timezone
from rest_framework import authentication, exceptions, permissions

from ..models import ApiToken
from ..tokens import hash_key

# Writing last_used on every call would turn each read into a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            token = result[1]
            if isinstance(token, ApiToken) and token.read_only and request.method not in permissions.SAFE_METHODS:
                raise exceptions.PermissionDenied("This token is read-only: it may read, not write.")
        return result

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None:
            return super().authenticate_credentials(key)
        now = timezone.now()
        if token.revoked is not None:
            raise exceptions.AuthenticationFailed("This token has been revoked.")
        if token.expires is not None and token.expires <= now:
            raise exceptions.AuthenticationFailed("This token has expired.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        if token.last_used is None or now - token.last_used > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        return token.user, token
