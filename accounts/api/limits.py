"""The sign-in and registration limits of the pages, counted for the API on the same counters.

The pages count with django-ratelimit decorators (`accounts.views.login_ratelimited`, the
"register" group): these functions count one attempt in the same groups, keys and rates, so
five failures on the page and through the API add up. They are the API's only door to those
limits: when the limits move to their own module, only these bodies change.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

UNKNOWN_WAIT = 60  # seconds, when the counters cannot be read (the limit fails closed)


def _wait(usage: dict | None) -> int | None:
    if not usage or not usage["should_limit"]:
        return None
    return usage["time_left"] if usage["time_left"] > 0 else UNKNOWN_WAIT


def _count(request: HttpRequest, *, group: str, key, rate: str) -> int | None:
    return _wait(get_usage(request, group=group, key=key, rate=rate, method="POST", increment=True))


def signin_limited(request: HttpRequest, username: str) -> int | None:
    """Count a sign-in attempt per address, then per username (as the page's decorators);
    the seconds to wait when a limit is reached, else None."""
    rate = settings.RATELIMIT_LOGIN
    wait = _count(request, group="login-ip", key="ip", rate=rate)
    if wait is None:
        wait = _count(request, group="login-user", key=lambda _g, _r: username, rate=rate)
    return wait


def registration_limited(request: HttpRequest) -> int | None:
    """Count a registration attempt per address (the page's "register" group)."""
    return _count(request, group="register", key="ip", rate=settings.RATELIMIT_REGISTER)
