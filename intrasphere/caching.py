"""Short-lived caches invalidated on write: values shared by many viewers.

A shared value (`shared_value`) is computed once for everybody with the same `vary` (an
audience, a query, a language) and kept under the *generations* of the models it is read from:
each domain registers its values and their models (`register_values`, from its
`AppConfig.ready`), and any save, delete or many-to-many change of one of those models bumps
that model's generation (`bump_model_generation`, connected for every model in `apps.py`), so
the next read computes again. Values are kept in the process's own memory too
(`caches["local"]`), which is right because their key holds the generations.

Bulk `QuerySet.update()` sends no signal: the TTL (`STATS_CACHE_TTL`, 60 s by default; 1.5 × it
with the process's copy) bounds how stale a value can be, which also covers time passing (an
announcement reaching its publication date). The same bound holds when Redis restarts empty
(generations start again from 0).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction


def _ttl() -> int:
    return getattr(settings, "STATS_CACHE_TTL", 60)


# Saves that change nothing a cached value shows: signing in records `last_login`.
IGNORED_UPDATES = [frozenset({"last_login"})]


# Values shared the same way (`shared_value`): name -> the models (app_label.ModelName) they are
# read from. Filled by the apps that own the values (`register_values`).
SHARED_VALUES: dict[str, tuple[str, ...]] = {}


def register_values(values: dict[str, tuple[str, ...]]) -> None:
    """Declare shared values: name -> the models whose writes compute them again."""
    SHARED_VALUES.update(values)


def tracked_models() -> set[str]:
    """Models whose writes bump their generation: those the shared values are read from."""
    return {label for labels in SHARED_VALUES.values() for label in labels}


def generation_key(name: str) -> str:
    return f"gen:{name}"


def generations(names: Iterable[str]) -> list[int]:
    """The current generation of each name (a model label, or "rights"), in one cache read."""
    keys = [generation_key(name) for name in names]
    found = cache.get_many(keys)
    return [found.get(key, 0) for key in keys]


def _bump_now(names: set[str]) -> None:
    for name in names:
        try:
            cache.incr(generation_key(name))
        except ValueError:  # never bumped: nothing was cached under a number for it
            cache.add(generation_key(name), 1, None)


def bump(names: set[str]) -> None:
    """Whatever is cached under these generations is computed again.

    Bumped at once (the writer's own next page) and again after the commit: a request that read
    the rows before the commit may have stored them under the first bump.
    """
    _bump_now(names)
    transaction.on_commit(lambda: _bump_now(names))


def bump_model_generation(sender: type, **kwargs: Any) -> None:
    """Signal receiver: values read from this model are computed again."""
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and frozenset(update_fields) in IGNORED_UPDATES:
        return
    labels = {sender._meta.label}
    if "model" in kwargs:  # m2m_changed: the sender is the through model; both sides change
        if not kwargs["action"].startswith("post_"):
            return
        labels = {type(kwargs["instance"])._meta.label, kwargs["model"]._meta.label}
    labels &= tracked_models()
    if labels:
        bump(labels)


def _kept(key: str, compute: Callable[[], Any]) -> Any:
    """`compute()` kept under `key` in this process's memory, then in the shared cache. Only for
    keys that hold everything the value depends on (generations included): then any process's
    copy is right, and time passing is bounded by the TTL (at most 1.5 × it)."""
    value = caches["local"].get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, _ttl())
        caches["local"].set(key, value, _ttl() // 2)
    return value


def shared_value(
    name: str,
    *,
    vary: Iterable[Any],
    compute: Callable[[], Any],
) -> Any:
    """`compute()` shared by everyone with the same `vary` until a model in
    `SHARED_VALUES[name]` changes (and at most the TTL)."""
    return shared_values([(name, vary, compute)])[0]


SharedValueRequest = tuple[str, Iterable[Any], Callable[[], Any]]


def shared_values(requests: list[SharedValueRequest]) -> list[Any]:
    """`shared_value(name, vary=, compute=)` of each `(name, vary, compute)`, in order, with
    the generations of all of them read in one round trip (a page showing several values)."""
    labels = sorted({label for name, _vary, _compute in requests for label in SHARED_VALUES[name]})
    current = dict(zip(labels, generations(labels), strict=True))
    values = []
    for name, vary, compute in requests:
        source = repr((tuple(vary), [current[label] for label in SHARED_VALUES[name]]))
        key = f"value:{name}:{hashlib.sha256(source.encode()).hexdigest()[:32]}"
        values.append(_kept(key, compute))
    return values
