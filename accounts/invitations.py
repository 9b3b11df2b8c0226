"""Invitations: a one-time set-password link by email, for accounts that have no password yet
(imported staff, accounts made by a manager without one).

- The link is valid `INVITATION_DAYS` (default 7) and works once: it is signed over the account's
  password hash (setting a password spends it) and `invited_at` (inviting again replaces the
  earlier link).
- Links are absolute, built on `PORTAL_URL` (management commands have no request); a page may
  fall back on the request's own address.
- Sent by `manage.py invite_users`, `import_users --invite`, the user-management page, and by
  "forgotten password" for an account without a usable password (which Django's reset form skips).
- Emails go through the mail queue (`intrasphere.mail.mail_send`), in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts import signin_limits
from accounts.models import User
from accounts.permissions import credentials_refusal
from intrasphere.mail import mail_send
from intrasphere.models import SiteSettings
from intrasphere.services import audit_record

if TYPE_CHECKING:
    from django.http import HttpRequest


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token with its own salt, `invited_at` in the hash and its own lifetime."""

    key_salt = "accounts.invitations.InvitationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        invited = int(user.invited_at.timestamp() * 1_000_000) if user.invited_at else ""
        return f"{user.pk}{user.password}{invited}{user.is_active}{timestamp}"

    def check_token(self, user, token) -> bool:
        if not (user and token and user.invited_at):
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(
                self._make_token_with_timestamp(user, timestamp, secret), token
            ):
                break
        else:
            return False
        age = self._num_seconds(self._now()) - timestamp
        return 0 <= age <= settings.INVITATION_DAYS * 24 * 3600


invitation_token = InvitationTokenGenerator()


def portal_url(request: HttpRequest | None = None) -> str:
    """The portal's address for links in emails: PORTAL_URL, else the request's own."""
    if settings.PORTAL_URL:
        return settings.PORTAL_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    raise ValidationError(
        _("Set PORTAL_URL (the portal's address, e.g. https://intranet.example.com) first.")
    )


def invitation_refusal(user: User) -> str | None:
    """Why `user` cannot be invited (None when they can)."""
    if not user.is_active:
        return _("%(user)s is deactivated.") % {"user": user.username}
    if user.has_usable_password():
        return _(
            "%(user)s already has a password; they can use “forgotten password” if they lost it."
        ) % {"user": user.username}
    if not user.email:
        return _("%(user)s has no email address.") % {"user": user.username}
    return None


@transaction.atomic
def invitation_send(
    *, actor: User | None, user: User, request: HttpRequest | None = None, via: str = "manager"
) -> User:
    """Send (or send again) the set-password link; the earlier link stops working."""
    base = portal_url(request)  # refuses before anything is saved
    locked = User.objects.select_for_update().filter(pk=user.pk).first()
    if locked is None:
        raise ValidationError(_("This user does not exist."))
    refusal = invitation_refusal(locked)
    if refusal:
        raise ValidationError(refusal)
    if actor is not None:
        refusal = credentials_refusal(actor, locked)
        if refusal:
            raise PermissionDenied(refusal)
    locked.invited_at = timezone.now()
    locked.save(update_fields=["invited_at"])
    site_name = SiteSettings.load().site_name
    expires = timezone.localtime(locked.invited_at + timedelta(days=settings.INVITATION_DAYS))
    mail_send(
        to=[locked.email],
        subject=_("Your %(site)s account: choose your password") % {"site": site_name},
        template="emails/invitation",
        context={
            "user": locked,
            "site_name": site_name,
            "link": base + _path(locked),
            "login_url": base + reverse("accounts:login"),
            "expires": expires,
        },
    )
    audit_record(
        actor=actor,
        action="accounts.user.invite",
        target=locked,
        summary=f"via: {via}",
        request=request,
    )
    return locked


def _path(user: User) -> str:
    """The link's path (made after `invited_at` is saved: it is part of the token)."""
    return reverse(
        "accounts:invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token.make_token(user),
        },
    )


@dataclass
class InvitationReport:
    sent: list[User] = field(default_factory=list)
    refused: list[tuple[User, str]] = field(default_factory=list)


def invitations_send(
    *, actor: User | None, users: Iterable[User], request: HttpRequest | None = None
) -> InvitationReport:
    """Invite each of `users` that can be invited; the others are reported with the reason."""
    portal_url(request)  # a missing PORTAL_URL refuses the whole batch up front
    report = InvitationReport()
    for user in users:
        try:
            report.sent.append(invitation_send(actor=actor, user=user, request=request))
        except (ValidationError, PermissionDenied) as error:
            reason = error.messages[0] if isinstance(error, ValidationError) else str(error)
            report.refused.append((user, reason))
    return report


def pending_invitations() -> list[User]:
    """Active accounts without a password that were never invited, or whose link expired."""
    expired = timezone.now() - timedelta(days=settings.INVITATION_DAYS)
    users = User.objects.filter(is_active=True).exclude(email="").order_by("username")
    return [
        user
        for user in users.filter(password__startswith="!")
        if not user.has_usable_password() and (user.invited_at is None or user.invited_at < expired)
    ]


@transaction.atomic
def invitation_accept(*, user: User, password: str, request: HttpRequest | None = None) -> User:
    """Set the first password (validated by the form); the link is spent with it."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.set_password(password)
    locked.save(update_fields=["password"])
    audit_record(actor=locked, action="accounts.invitation.accept", target=locked, request=request)
    transaction.on_commit(lambda: signin_limits.clear(locked.username))
    return locked
