"""The header's counters (unread notifications and messages, whether the viewer has a team),
which every signed-in page shows.

`unread_counts(user)` is one cached value per user (`unread:<user id>` in the default cache):
each counter is an ORM expression over the user's row (`Subquery` of a count, `Exists`), all
read in one query on a miss. The floor knows no domain, so each counter is registered by the
app that owns its model (`register`, from its `AppConfig.ready`): notifications here, messages
and "My team" in `accounts.apps`.

Whatever changes a counter forgets the user's value (`forget`): a save or delete of a counted
row through the signals the registering app connects (`forget_on_save`), and the services
that change rows in bulk (`QuerySet.update`, `bulk_create`) call `forget` themselves. The TTL
only bounds what a write outside both (a shell, a migration) can leave behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Expression, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

UNREAD_CACHE_TTL = 300  # seconds

# name -> an expression over the outer user row (`OuterRef("pk")`)
_COUNTERS: dict[str, Callable[[], Expression]] = {}


def register(name: str, expression: Callable[[], Expression]) -> None:
    """Count `name` in the header: `expression()` is its value for the user row it is
    annotated on (see `count_of`)."""
    _COUNTERS[name] = expression


def count_of(rows: QuerySet, field: str) -> Expression:
    """The number of `rows` whose `field` is the outer user (0 when none), as an expression."""
    counted = (
        rows.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(number=Count("pk"))
        .values("number")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def cache_key(user_id: int) -> str:
    return f"unread:{user_id}"


def unread_counts(user: Any) -> dict[str, int]:
    """The unread items of each registered counter for `user` (header and dashboard)."""
    key = cache_key(user.pk)
    counts = cache.get(key)
    if counts is None:
        expressions = {f"counter_{name}": build() for name, build in _COUNTERS.items()}
        row = get_user_model().objects.filter(pk=user.pk).values(**expressions).first() or {}
        counts = {name: int(row.get(f"counter_{name}") or 0) for name in _COUNTERS}
        cache.set(key, counts, UNREAD_CACHE_TTL)
    return counts


def _forget_now(user_ids: set[int]) -> None:
    cache.delete_many([cache_key(user_id) for user_id in user_ids])


def forget(user_ids: Iterable[int | None]) -> None:
    """The counters of these users are counted again on their next page: now (the writer's own
    next page) and after the commit (a page that counted before the commit may have stored the
    old numbers in between)."""
    ids = {user_id for user_id in user_ids if user_id is not None}
    if ids:
        _forget_now(ids)
        transaction.on_commit(lambda: _forget_now(ids))


def forget_on_save(field: str) -> Callable[..., None]:
    """A `post_save`/`post_delete` receiver forgetting the counters of the row's `field` (the
    recipient's id attribute, e.g. "recipient_id")."""

    def receiver(sender: type, instance: Any, **kwargs: Any) -> None:
        forget([getattr(instance, field)])

    return receiver
