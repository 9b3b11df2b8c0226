"""Short-lived cache of expensive aggregates (the dashboard's counts), invalidated on write.

Cached values live in the default cache under a *generation* number; any save or delete of a
model listed in `INVALIDATING_MODELS` bumps the generation (signals wired in `apps.py`), so
the next read recomputes. Bulk `QuerySet.update()` sends no signal: the TTL (`STATS_TTL`,
60 s by default) bounds how stale a value can be, which also covers time passing (an
announcement reaching its publication date).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet

GENERATION_KEY = "stats:generation"
INVALIDATING_MODELS = [
    "accounts.User",
    "content.Announcement",
    "content.Document",
    "content.DocumentVersion",
    "content.Event",
    "forum.Category",
    "forum.Topic",  # saved on every reply, moderation and deletion (the recent-topics panel)
]


def _ttl() -> int:
    return getattr(settings, "STATS_CACHE_TTL", 60)


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = 1
        cache.add(GENERATION_KEY, value, None)
    return value


# Saves that change nothing a cached value shows: signing in records `last_login`.
IGNORED_UPDATES = [frozenset({"last_login"})]


def invalidate(**kwargs: Any) -> None:
    """Signal receiver (and callable directly): every cached aggregate is recomputed."""
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and frozenset(update_fields) in IGNORED_UPDATES:
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing cached under one either
        cache.add(GENERATION_KEY, 2, None)


def cached(key: str, compute: Callable[[], Any]) -> Any:
    """`compute()`, cached for the TTL under `key` and the current generation."""
    full_key = f"stats:{generation()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, _ttl())
    return value


def count_together(querysets: dict[str, QuerySet]) -> dict[str, int]:
    """The row count of each queryset, all in one SQL query (scalar subqueries)."""
    parts, params = [], []
    for i, queryset in enumerate(querysets.values()):
        sql, query_params = queryset.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS count_{i})")  # noqa: S608 (compiled)
        params += query_params
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(querysets, row, strict=True))
