"""Personal access tokens for the REST API: made, used and revoked (every change audited)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, User
from intrasphere.services import audit_record

TOKEN_PREFIX = "isp_"
MAX_TOKEN_DAYS = 366


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(
    *,
    user: User,
    name: str,
    expires_at,
    read_only: bool,
    request: HttpRequest | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its secret, which is returned this once and never stored."""
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError({"expires_at": _("The expiry date must be in the future.")})
    if expires_at > now + timedelta(days=MAX_TOKEN_DAYS):
        raise ValidationError({"expires_at": _("A token may be valid for one year at most.")})
    if ApiToken.objects.filter(user=user).usable().count() >= settings.API_TOKENS_PER_USER:
        raise ValidationError(
            _("You already have %(count)d active tokens: revoke one first.")
            % {"count": settings.API_TOKENS_PER_USER}
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip()[:100],
            prefix=secret[: len(TOKEN_PREFIX) + 6],
            digest=token_digest(secret),
            read_only=read_only,
            created_at=now,
            expires_at=expires_at,
        )
        audit_record(
            actor=user,
            action="api_token.create",
            target=token,
            summary=f"{'read-only' if read_only else 'read-write'}, expires {expires_at:%Y-%m-%d}",
            request=request,
        )
    return token, secret


def api_token_revoke(*, actor: User, token: ApiToken, request: HttpRequest | None = None) -> bool:
    """Revoke a token: its owner may, and administrators may revoke anyone's. Idempotent."""
    if token.user_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if updated:
            audit_record(
                actor=actor,
                action="api_token.revoke",
                target=token,
                summary=f"owner {token.user.get_username()}",
                request=request,
            )
    return bool(updated)


def api_token_authenticate(secret: str) -> ApiToken | None:
    """The usable token with this secret, its last use noted (at most once a minute)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.usable().select_related("user").filter(digest=token_digest(secret)).first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
