"""The limit on wrong receipt codes (/concerns/follow/): django-ratelimit's counters per
address, like the registration page's (accounts.api.limits). Only failures count."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

GROUP = "concern-follow"
UNKNOWN_WAIT = 60  # seconds, when the counters cannot be read (the limit fails closed)


def _usage(request: HttpRequest, *, increment: bool) -> dict | None:
    return get_usage(
        request, group=GROUP, key="ip", rate=settings.RATELIMIT_CONCERN_FOLLOW, increment=increment
    )


def follow_limited(request: HttpRequest) -> int | None:
    """Seconds to wait when this address has used up its wrong codes, else None."""
    usage = _usage(request, increment=False)
    if usage is None:
        return None
    if usage["count"] < usage["limit"]:
        return None
    return usage["time_left"] if usage["time_left"] > 0 else UNKNOWN_WAIT


def follow_failed(request: HttpRequest) -> None:
    _usage(request, increment=True)
