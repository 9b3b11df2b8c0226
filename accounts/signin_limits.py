"""Sign-in limits that stop guessing, not colleagues.

Only *failed* sign-ins count; a successful one never does (an office behind one NAT, a VPN or a
virtual-desktop pool shares one address), and it resets nothing.

- Per account: `RATELIMIT_LOGIN` failures (default "5/15m"), keyed on the username normalised
  the way the sign-in form and the accounts are (strip, NFKC, case-insensitive): `" Pierre "`,
  `ｐierre` and `pierre` are one counter.
- Per address: `RATELIMIT_LOGIN_ADDRESS` failures (default "50/15m"), for one client guessing
  many accounts.

`check(request, username)` runs *before* the form authenticates (a limited request never reaches
password hashing); failures are recorded from Django's `user_login_failed` signal (so the portal's
sign-in, the Django admin's and any later caller of `authenticate(request, …)` share the counters);
`clear(username)` forgets an account's failures once its owner proved themselves another way
(a password set through an emailed link). The counters live in the "ratelimit" cache (Redis in
production: shared by every instance); when it cannot be read, sign-in fails closed.

Counters are fixed windows aligned per key (like django-ratelimit's), so the page can say when
signing in is possible again.
"""

from __future__ import annotations

import hashlib
import time
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils import timezone

from intrasphere.api.throttles import parse_rate
from intrasphere.services import client_ip

ACCOUNT, ADDRESS = "account", "address"


def normalise_username(username: str | None) -> str:
    """The form's normalisation (strip, NFKC), then case-folded: one key per account."""
    return unicodedata.normalize("NFKC", (username or "").strip()).casefold()


@dataclass(frozen=True)
class Decision:
    """What `check` found: allowed, limited (until when), or counters unreadable."""

    allowed: bool
    retry_after: int = 0  # seconds
    unavailable: bool = False

    @property
    def until(self) -> datetime:
        return timezone.localtime(timezone.now() + timedelta(seconds=self.retry_after))


def _cache():
    return caches[settings.RATELIMIT_USE_CACHE]


def _rules() -> dict[str, tuple[int, int]]:
    return {
        ACCOUNT: parse_rate(settings.RATELIMIT_LOGIN),
        ADDRESS: parse_rate(getattr(settings, "RATELIMIT_LOGIN_ADDRESS", "50/15m")),
    }


def _window(scope: str, ident: str, period: int, now: float) -> tuple[str, int]:
    """The counter's key for the current window and the seconds left in it."""
    digest = hashlib.sha256(f"{scope}:{ident}".encode()).hexdigest()[:32]
    offset = zlib.crc32(digest.encode()) % period  # windows do not all end at once
    start = int((now - offset) // period) * period + offset
    return f"signin-fail:{scope}:{period}:{digest}:{start}", max(1, int(start + period - now))


def _keys(request: HttpRequest | None, username: str | None, now: float) -> dict:
    rules = _rules()
    found = {}
    name = normalise_username(username)
    if name:
        limit, period = rules[ACCOUNT]
        found[ACCOUNT] = (*_window(ACCOUNT, name, period, now), limit, period)
    address = client_ip(request)
    if address:
        limit, period = rules[ADDRESS]
        found[ADDRESS] = (*_window(ADDRESS, address, period, now), limit, period)
    return found


def _available() -> bool:
    # The Redis client ignores connection errors and answers None; `add` otherwise a bool.
    return _cache().add("ratelimit-probe", 1, timeout=5) is not None


def check(request: HttpRequest | None, username: str | None) -> Decision:
    """May this sign-in attempt go on to the password check? Two cache round trips (the
    probe that tells a dead Redis from empty counters, then both counters at once)."""
    if not _available():
        return Decision(allowed=False, unavailable=True)
    keys = _keys(request, username, time.time())
    counts = _cache().get_many([key for key, *_rest in keys.values()])
    waits = [
        remaining
        for key, remaining, limit, _period in keys.values()
        if int(counts.get(key) or 0) >= limit
    ]
    if waits:
        return Decision(allowed=False, retry_after=max(waits))
    return Decision(allowed=True)


def record_failure(request: HttpRequest | None, username: str | None) -> None:
    """Count one failed sign-in for the account and for the address."""
    cache = _cache()
    for key, remaining, _limit, _period in _keys(request, username, time.time()).values():
        if not cache.add(key, 1, timeout=remaining + 1):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=remaining + 1)


def clear(username: str | None) -> None:
    """Forget the account's failures (its owner set a password through an emailed link)."""
    keys = _keys(None, username, time.time())
    if ACCOUNT in keys:
        _cache().delete(keys[ACCOUNT][0])


def on_login_failed(sender, credentials: dict, request: HttpRequest | None = None, **kw) -> None:
    """`user_login_failed` receiver (connected in accounts.apps)."""
    username = credentials.get("username")
    if username is None:
        return  # not a username/password attempt (a token, a session check)
    record_failure(request, username)
