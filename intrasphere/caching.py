"""Short-lived caches invalidated on write: values and page bodies shared by many viewers.

A shared value (`shared_value`) is computed once for everybody with the same `vary` (an
audience, a query, a language) and kept under the *generations* of the models it is read from:
each domain registers its values and their models (`register_values`, from its
`AppConfig.ready`), and any save, delete or many-to-many change of one of those models bumps
that model's generation (`bump_model_generation`, connected for every model in `apps.py`), so
the next read computes again. Values are kept in the process's own memory too
(`caches["local"]`), which is right because their key holds the generations.

Shared page bodies (`shared_body`, `SHARED_BODIES`) are the same for rendered HTML.

Bulk `QuerySet.update()` sends no signal: the TTL (`STATS_CACHE_TTL`, 60 s by default; 1.5 × it
with the process's copy) bounds how stale a value can be, which also covers time passing (an
announcement reaching its publication date). The same bound holds when Redis restarts empty
(generations start again from 0).
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.template import Context
from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.translation import get_language


def _ttl() -> int:
    return getattr(settings, "STATS_CACHE_TTL", 60)


# Saves that change nothing a cached value shows: signing in records `last_login`.
IGNORED_UPDATES = [frozenset({"last_login"})]


# --- Shared page bodies -----------------------------------------------------------------------
# Page body name -> the models (app_label.ModelName) whose rows it shows. Filled by the apps
# that own the pages (`register_bodies`).
SHARED_BODIES: dict[str, tuple[str, ...]] = {}


def register_bodies(bodies: dict[str, tuple[str, ...]]) -> None:
    """Declare shared page bodies: name -> the models whose writes render them again."""
    SHARED_BODIES.update(bodies)


# Values shared the same way (`shared_value`): name -> the models (app_label.ModelName) they are
# read from. Filled by the apps that own the values (`register_values`).
SHARED_VALUES: dict[str, tuple[str, ...]] = {}


def register_values(values: dict[str, tuple[str, ...]]) -> None:
    """Declare shared values: name -> the models whose writes compute them again."""
    SHARED_VALUES.update(values)


def tracked_models() -> set[str]:
    """Models whose writes bump their generation: those shared bodies and values are read from."""
    return {
        label for labels in (*SHARED_BODIES.values(), *SHARED_VALUES.values()) for label in labels
    }


def generation_key(name: str) -> str:
    return f"gen:{name}"


def generations(names: Iterable[str], found: dict[str, Any] | None = None) -> list[int]:
    """The current generation of each name (a model label, or "rights"), in one cache read;
    none when `found` holds every key, as a page that read them ahead has them (e.g. with the
    rights: `accounts.selectors.read_rights_ahead`). A key it lacks is read, never taken for
    0: a page that forgot one pays a round trip, never a stale value."""
    keys = [generation_key(name) for name in names]
    missing = [key for key in keys if found is None or key not in found]
    if missing:
        found = {**(found or {}), **cache.get_many(missing)}
    return [found.get(key, 0) for key in keys]


def body_generation_keys(name: str) -> list[str]:
    """The cache keys of the generations the shared body `name` is kept under, for a page that
    reads them together with other keys (`shared_body(found=)`)."""
    return [generation_key(label) for label in SHARED_BODIES[name]]


def value_generation_keys(name: str) -> list[str]:
    """The same for the shared value `name` (`shared_value(found=)`)."""
    return [generation_key(label) for label in SHARED_VALUES[name]]


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
    """Signal receiver: bodies and values read from this model are computed again."""
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
    found: dict[str, Any] | None = None,
) -> Any:
    """`compute()` shared by everyone with the same `vary` until a model in
    `SHARED_VALUES[name]` changes (and at most the TTL). `found`: its generations
    (`value_generation_keys`) when the page read them already, as for `shared_body`."""
    return shared_values([(name, vary, compute)], found=found)[0]


SharedValueRequest = tuple[str, Iterable[Any], Callable[[], Any]]


def shared_values(
    requests: list[SharedValueRequest], *, found: dict[str, Any] | None = None
) -> list[Any]:
    """`shared_value(name, vary=, compute=)` of each `(name, vary, compute)`, in order, with
    the generations of all of them read in one round trip (a page showing several values), or
    none when `found` holds them."""
    labels = sorted({label for name, _vary, _compute in requests for label in SHARED_VALUES[name]})
    current = dict(zip(labels, generations(labels, found), strict=True))
    values = []
    for name, vary, compute in requests:
        source = repr((tuple(vary), [current[label] for label in SHARED_VALUES[name]]))
        key = f"value:{name}:{hashlib.sha256(source.encode()).hexdigest()[:32]}"
        values.append(_kept(key, compute))
    return values


def render_alone(template: str, context: dict[str, Any], *, request: Any = None) -> str:
    """`template` rendered with `context` alone: no context processors, so nothing of the viewer
    (user, CSRF token, CSP nonce) can reach what is shared."""
    body_context = Context(context)
    if request is not None:
        body_context.request = request
    return str(get_template(template).template.render(body_context))


class _QueryStringOnly:
    """All a shared body may know of the request: its query string, which is part of the key
    (for `{% querystring %}` in the pagination)."""

    def __init__(self, query: QueryDict) -> None:
        self.GET = query


def _body_query(request: HttpRequest, params: Iterable[str] | None) -> QueryDict:
    """The query string a shared body is keyed by and sees: only `params` when the view names
    them (first value each), so no other parameter can make the body render again."""
    if params is None:
        return request.GET
    query = QueryDict(mutable=True)
    for name in params:
        if name in request.GET:
            query[name] = request.GET[name]
    return query


def shared_body(
    request: HttpRequest,
    name: str,
    *,
    template: str,
    vary: Iterable[Any],
    context: Callable[[], dict[str, Any]],
    found: dict[str, Any] | None = None,
    params: Iterable[str] | None = None,
) -> SafeString:
    """The page body `template` rendered with `context()`, shared by every viewer with the same
    `vary`, language and query string until a model in `SHARED_BODIES[name]` changes.
    `params`: the only query parameters the body depends on (None: the whole query string).
    `found`: its generations (`body_generation_keys`) when the page read them already, before
    reading what the body shows (read after, a write in between could be kept under the new
    generations with the old rows).

    The body is rendered without the request's context processors, so it cannot show anything of
    the viewer (user, CSRF token, CSP nonce) that `vary` does not name; per-viewer parts of the
    page stay in the page template around the body.
    """
    query = _body_query(request, params)
    source = repr(
        (
            get_language(),
            tuple(vary),
            sorted(query.lists()),
            generations(SHARED_BODIES[name], found),
        )
    )
    key = f"body:{name}:{hashlib.sha256(source.encode()).hexdigest()[:32]}"

    def render() -> str:
        return render_alone(template, context(), request=_QueryStringOnly(query))

    html = _kept(key, render)
    return mark_safe(html)  # noqa: S308 (rendered by our own autoescaping template)


# --- The viewer's parts of a shared body ------------------------------------------------------
# A shared body marks where something of the viewer goes (a read mark, a like button, an edit
# link) with `{% viewer_part "name" arg … %}`: an HTML comment no user text can forge, since the
# body's text is escaped. The view fills the parts for its viewer with `fill_viewer_parts`.
VIEWER_PART = re.compile(r"<!--viewer:([a-z_]+)((?::[\w-]+)*)-->")

ViewerPartArgs = tuple[str, ...]
ViewerPartFiller = Callable[[list[ViewerPartArgs]], dict[ViewerPartArgs, str]]


def viewer_part_marker(name: str, *args: Any) -> SafeString:
    values = [str(arg) for arg in args]
    marker = f"<!--viewer:{name}{''.join(':' + value for value in values)}-->"
    if not VIEWER_PART.fullmatch(marker):
        raise ValueError(f"not a viewer part: {marker!r}")
    return mark_safe(marker)  # noqa: S308 (checked against VIEWER_PART)


def fill_viewer_parts(
    body: str,
    fillers: dict[str, ViewerPartFiller],
) -> SafeString:
    """`body` with each viewer part replaced: `fillers[name]` receives every part's arguments
    of that name at once (one query for the page, not one per part) and returns the HTML of
    each; a part it leaves out, or of a name without a filler, renders as nothing."""
    texts, parts = _split_body(body)
    found: dict[str, list[ViewerPartArgs]] = defaultdict(list)
    for name, args in parts:
        found[name].append(args)
    rendered = {name: fillers[name](args) for name, args in found.items() if name in fillers}
    out = [texts[0]]
    for (name, args), text in zip(parts, texts[1:], strict=True):
        out += (str(rendered.get(name, {}).get(args, "")), text)
    return mark_safe("".join(out))  # noqa: S308 (our own rendered templates)


_split_bodies: dict[str, tuple[list[str], list[tuple[str, ViewerPartArgs]]]] = {}


def _split_body(body: str) -> tuple[list[str], list[tuple[str, ViewerPartArgs]]]:
    """`body` cut at its viewer parts: the texts around them, and each part's name and
    arguments. Kept per process for the last few bodies: a shared body comes back equal from
    the cache."""
    split = _split_bodies.get(body)
    if split is None:
        pieces = VIEWER_PART.split(body)  # text, name, arguments, text, … text
        parts = [(pieces[i], tuple(pieces[i + 1].split(":")[1:])) for i in range(1, len(pieces), 3)]
        split = (pieces[0::3], parts)
        if len(_split_bodies) >= 64:  # bodies of a few pages and audiences at a time
            _split_bodies.clear()
        _split_bodies[body] = split
    return split


def instant_part_args(moment: datetime.datetime) -> str:
    """A moment as a viewer part's argument, to the microsecond (`timesince_parts`)."""
    return f"{calendar.timegm(moment.utctimetuple())}-{moment.microsecond}"


def timesince_parts(parts: list[ViewerPartArgs]) -> dict[ViewerPartArgs, str]:
    """Filler of `{% viewer_part "timesince" moment|instant_part %}`: "how long ago", at the time
    of the view (a shared body keeps no text that time changes)."""
    rendered = {}
    for args in parts:
        try:
            seconds, micro = (int(value) for value in args[0].split("-"))
            moment = datetime.datetime.fromtimestamp(seconds, datetime.UTC).replace(
                microsecond=micro
            )
        except (IndexError, ValueError, OverflowError, OSError):
            continue
        rendered[args] = conditional_escape(timesince(moment))
    return rendered
