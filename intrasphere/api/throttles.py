"""The API's general limits, per token (else per user, else per address).

Unsafe requests and reads are counted apart (`API_RATE_UNSAFE`, `API_RATE_READ`, written like
the portal's other limits: "100/15m"). Sign-in and registration keep their own, stricter
limits, shared with the pages.
"""

from __future__ import annotations

import re

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from intrasphere.services import client_ip

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def parse_rate(rate: str | None) -> tuple[int | None, int | None]:
    """ "100/15m" → (100, 900); the same syntax as RATELIMIT_* settings."""
    if not rate:
        return None, None
    match = RATE.match(rate)
    if not match:
        raise ValueError(f"not a rate: {rate!r} (expected e.g. 100/15m)")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * PERIOD_SECONDS[unit]


class _ClientThrottle(SimpleRateThrottle):
    setting: str = ""
    applies_to_safe: bool = True

    def get_rate(self) -> str:
        return getattr(settings, self.setting)

    def parse_rate(self, rate):
        return parse_rate(rate)

    def get_cache_key(self, request, view):
        if (request.method in SAFE_METHODS) != self.applies_to_safe:
            return None
        token_id = getattr(request.auth, "pk", None)
        if token_id is not None:
            ident = f"token:{token_id}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return f"api-throttle:{self.scope}:{ident}"

    def get_ident(self, request) -> str:
        """The portal's own idea of the client's address (never a client-sent X-Forwarded-For)."""
        return client_ip(request._request if hasattr(request, "_request") else request) or ""


class ReadThrottle(_ClientThrottle):
    scope = "read"
    setting = "API_RATE_READ"
    applies_to_safe = True


class UnsafeThrottle(_ClientThrottle):
    scope = "unsafe"
    setting = "API_RATE_UNSAFE"
    applies_to_safe = False
