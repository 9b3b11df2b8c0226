"""A second factor for the people who hold rights (django-otp: TOTP and recovery codes).

- **Who**: with the site setting `require_second_factor` on, administrators, moderators and
  everyone holding a delegated right in force (`PermissionGrant.objects.active()`); people who
  signed in through the company's provider are trusted to its own factor (`OTP_TRUST_SSO`).
  Anyone may set one up of their own accord (linked from the profile); whoever has one is asked
  for it, held or not.
- **When**: `SecondFactorMiddleware` sends such a person, before any page (the Django admin
  included), to enrolment when they have no device yet, else to the code page; only those pages,
  signing out and the public pages stay open. The API's own tokens are not concerned (a session
  used on /api/ gets a 403).
- **Enrolment**: a TOTP device (QR code drawn here as SVG, no outside service), confirmed by a
  first code; then ten recovery codes, shown once (each works once). Wrong codes count toward
  the account's sign-in limits (`signin_limits`), like wrong passwords.
- **Reset**: an administrator removes someone's devices (audited); they enrol again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import devices_for_user, match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import PermissionGrant, User
from intrasphere.models import SiteSettings
from intrasphere.services import audit_record

if TYPE_CHECKING:
    from django.http import HttpRequest


def exempt(view):
    """Mark a view as reachable before the second factor (its own pages, signing out)."""
    view.second_factor_exempt = True
    return view


def needs_second_factor(user: User) -> bool:
    if user.is_superuser or user.role in (User.Role.ADMIN, User.Role.MODERATOR):
        return True
    return PermissionGrant.objects.active().filter(user=user).exists()


def required(user: User) -> bool:
    """Is a second factor asked of this person (the site setting on and they hold rights)?"""
    return SiteSettings.load().require_second_factor and needs_second_factor(user)


def pending(request: HttpRequest) -> bool:
    """Is this signed-in person held at the second factor?"""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    if settings.OTP_TRUST_SSO and request.session.get("signed_in_with") == "oidc":
        return False
    # Someone who set one up of their own accord is asked for it too (read once, at sign-in).
    return required(user) or bool(request.session.get(SET_UP_KEY))


SET_UP_KEY = "second_factor_set_up"


def remember_set_up(sender, request, user, **kwargs) -> None:
    """`user_logged_in`: whether this person has a second factor, kept for the session."""
    if request is not None and hasattr(request, "session"):
        request.session[SET_UP_KEY] = has_device(user)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "second_factor_exempt", False):
            return None
        if getattr(view_func, "login_required", True) is False:
            return None  # public pages (sign-in, privacy notice…)
        if not pending(request):
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": "A second factor is required."}, status=403)
        target = "accounts:second_factor_verify" if has_device(request.user) else None
        target = target or "accounts:second_factor"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def has_device(user: User) -> bool:
    return user_has_device(user, confirmed=True)


# --- Enrolment, codes, reset -------------------------------------------------------------------
def enrolment_device(user: User) -> TOTPDevice:
    """The device being set up (the same secret until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code (inline markup; drawn here, never elsewhere)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#111", light="#fff")


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, for typing into an app instead of scanning."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def enrolment_confirm(*, user: User, device: TOTPDevice, request: HttpRequest) -> list[str]:
    """The first right code: the device works; TOTP devices set up before are replaced; ten new
    recovery codes (returned to be shown once)."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    recovery, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    recovery.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=c) for c in codes])
    audit_record(actor=user, action="accounts.second_factor.enrol", target=user, request=request)
    return codes


def code_check(*, user: User, code: str, request: HttpRequest):
    """The device the code belongs to (a recovery code is spent), or None."""
    code = "".join(code.split())
    device = match_token(user, code) if code.isalnum() else None
    if isinstance(device, StaticDevice):
        audit_record(
            actor=user,
            action="accounts.second_factor.recovery_code",
            target=user,
            summary=f"recovery codes left: {device.token_set.count()}",
            request=request,
        )
    return device


@transaction.atomic
def second_factor_reset(*, actor: User, user: User, request: HttpRequest | None = None) -> int:
    """An administrator removes someone's second factor; they set it up again next time."""
    if not (actor.is_active and actor.is_superuser):
        raise PermissionDenied(_("Only administrators can do this."))
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    audit_record(
        actor=actor,
        action="accounts.second_factor.reset",
        target=user,
        summary=f"devices removed: {removed}",
        request=request,
    )
    return removed
