"""The sign-in and registration limits of the pages, applied to the API on the same counters.

Sign-in: `accounts.signin_limits` (failed attempts per account and per address; failures are
counted by the `user_login_failed` signal, so the page's and the API's add up). Registration:
the page's django-ratelimit "register" group.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from accounts import signin_limits

UNKNOWN_WAIT = 60  # seconds, when the counters cannot be read (the limit fails closed)


def signin_limited(request: HttpRequest, username: str) -> int | None:
    """The seconds to wait before this sign-in attempt may be checked, else None."""
    decision = signin_limits.check(request, username)
    if decision.unavailable:
        return UNKNOWN_WAIT
    return None if decision.allowed else decision.retry_after


def registration_limited(request: HttpRequest) -> int | None:
    """Count a registration attempt per address (the page's "register" group)."""
    usage = get_usage(
        request,
        group="register",
        key="ip",
        rate=settings.RATELIMIT_REGISTER,
        method="POST",
        increment=True,
    )
    if not usage or not usage["should_limit"]:
        return None
    return usage["time_left"] if usage["time_left"] > 0 else UNKNOWN_WAIT
