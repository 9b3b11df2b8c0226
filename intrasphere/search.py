"""Full-text search shared by every app: PostgreSQL text search, a plain fallback on SQLite.

Each app's selectors expose `search_groups(*, user, query, language) -> list[SearchGroup]`
with querysets already limited to what the user may see; the /search/ page composes them.
The overview's previews of groups with `shared` are computed once per key (`previews`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, reduce
from operator import or_
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from intrasphere import caching

# Finders of help pages (`help_pages`), registered by the app that owns them (content).
_HELP_FINDERS: list[Callable[[str, str], QuerySet]] = []


def register_help_finder(find: Callable[[str, str], QuerySet]) -> None:
    """`find(query, language)`: pages that may answer a question, best first."""
    _HELP_FINDERS.append(find)


def help_pages(*, query: str, language: str, limit: int = 5) -> list:
    """Pages that may answer a question (suggested before filing a complaint): a domain asks
    the floor, which asks the finders registered by other domains."""
    if not query:
        return []
    found: list = []
    for find in _HELP_FINDERS:
        found += list(find(query, language)[: limit - len(found)])
    return found[:limit]


HIT_START, HIT_END = "\ue000", "\ue001"  # private-use markers, escaped text in between


@dataclass
class SearchHit:
    title: str
    url: str
    snippet: SafeString | str = ""
    meta: str = ""


PREVIEW_SIZE = 5  # hits per group on the overview


@dataclass
class SearchGroup:
    """One domain's results. `rows()` builds the queryset only when it is read (the overview
    of a shared group usually never reads it). With `shared` set, the overview's preview is a
    shared value (`caching.SHARED_VALUES["search_<key>"]`) keyed by it: it must name everything
    the preview depends on (query, language, the viewer's audience or rights...), as for
    `caching.shared_value`'s `vary`. None: computed for each request."""

    key: str
    label: str
    rows: Callable[[], QuerySet]
    to_hit: Callable[[Any], SearchHit]
    shared: tuple[Any, ...] | None = None

    @cached_property
    def queryset(self) -> QuerySet:
        return self.rows()

    def compute_preview(self) -> list[SearchHit]:
        return [self.to_hit(obj) for obj in self.queryset[:PREVIEW_SIZE]]


def previews(groups: list[SearchGroup]) -> list[tuple[SearchGroup, list[SearchHit]]]:
    """Each group's first hits: the shared ones read together (one cache round trip)."""
    shared = [group for group in groups if group.shared is not None]
    found = dict(
        zip(
            [group.key for group in shared],
            caching.shared_values(
                [(f"search_{group.key}", group.shared, group.compute_preview) for group in shared]
            ),
            strict=True,
        )
    )
    return [
        (group, found[group.key] if group.key in found else group.compute_preview())
        for group in groups
    ]


def search_config(language: str) -> str:
    return "french" if (language or "").startswith("fr") else "english"


QUERY_MAX_CHARS = 200
MAX_TERMS = 8
TERM_MAX_CHARS = 64
_TERM = re.compile(r"\w+")


def search_terms(query: str) -> list[str]:
    """The words of `query`: operators, punctuation and control characters collapsed away, at
    most MAX_TERMS words of TERM_MAX_CHARS. What reaches the database is only these words
    (`plainto_tsquery` on PostgreSQL), so no input can make a query it cannot parse (a run of
    `-` once overflowed websearch_to_tsquery's stack: a 500)."""
    words = _TERM.findall((query or "")[:QUERY_MAX_CHARS])
    return [word[:TERM_MAX_CHARS] for word in words[:MAX_TERMS]]


# A search over a table that grows ranks only this many of its latest matches (`newest`).
SEARCH_WINDOW = 500


def text_search(
    queryset: QuerySet,
    query: str,
    fields: list[str],
    *,
    language: str = "en",
    newest: str = "",
) -> QuerySet:
    """Rows of `queryset` matching every word of `query` in `fields`, best first, with
    `search_snippet` on PostgreSQL.

    `newest` (a date field) bounds the work on a table that grows: only the SEARCH_WINDOW latest
    matches by that field are ranked. Ranking reads each match's text, so without it a common
    word over a million forum posts ranks tens of thousands of rows; the matches themselves
    come from the GIN index, and the latest of them from a sort on the date alone."""
    words = search_terms(query)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        config = search_config(language)
        vector = SearchVector(*fields, config=config)
        search_query = SearchQuery(" ".join(words), config=config, search_type="plain")
        matches = queryset.annotate(search_vector=vector).filter(search_vector=search_query)
        if newest:
            latest = matches.order_by(f"-{newest}").values("pk")[:SEARCH_WINDOW]
            matches = queryset.filter(pk__in=latest)
        return matches.annotate(
            search_rank=SearchRank(vector, search_query),
            search_snippet=SearchHeadline(
                fields[-1],
                search_query,
                config=config,
                start_sel=HIT_START,
                stop_sel=HIT_END,
                max_words=30,
                min_words=10,
            ),
        ).order_by("-search_rank", "-pk")
    condition = reduce(
        lambda acc, word: acc & reduce(or_, [Q(**{f"{f}__icontains": word}) for f in fields]),
        words,
        Q(),
    )
    return queryset.filter(condition).order_by("-pk")


# Markdown syntax removed from snippets, so a hit reads as text (`**Mandatory**` → `Mandatory`).
# Every pattern is bounded (no nested unbounded repetition): linear in the text, whatever it is.
_MARKDOWN_SYNTAX = [
    (re.compile(r"!\[([^\]\n]{0,200})\]\([^)\n]{0,500}\)"), r"\1"),  # image → its text
    (re.compile(r"\[([^\]\n]{0,200})\]\([^)\n]{0,500}\)"), r"\1"),  # link → its text
    (re.compile(r"\[([^\]\n]{1,200})\]\[[^\]\n]{0,200}\]"), r"\1"),  # reference link
    (re.compile(r"^ {0,3}\[[^\]\n]{1,200}\]:[^\n]*$", re.M), ""),  # reference definition
    (re.compile(r"<((?:https?://|mailto:)[^>\s]{1,500})>"), r"\1"),  # autolink
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,20}(?:\s[^<>\n]{0,300})?/?>"), ""),  # HTML tag
    (re.compile(r"^ {0,3}(?:`{3,}|~{3,})[^\n]*$", re.M), ""),  # code fence
    (re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)", re.M), ""),  # heading
    (re.compile(r"^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+(?:[ \t]*:?-{3,}:?[ \t]*)?$", re.M), ""),
    (re.compile(r"^ {0,3}(?:[-*_][ \t]*){3,}$", re.M), ""),  # thematic break
    (re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$", re.M), ""),  # setext underline
    (re.compile(r"^ {0,3}(?:>[ \t]?)+", re.M), ""),  # block quote
    (re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?", re.M), ""),  # list item
    (re.compile(r"\|"), " "),  # table cells
    (re.compile(r"\*{1,3}|~~|`+"), ""),  # emphasis, strikethrough, code
    (re.compile(r"(?<!\w)_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w)"), ""),  # _emphasis_, not snake_case
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),  # backslash escape
    (re.compile(r"\s+"), " "),
]


def plain_text(markdown: str) -> str:
    """The words of a Markdown text (or a fragment of one) without its syntax, on one line.

    Plain text, not HTML: escape it before showing it (`snippet` does)."""
    text = markdown or ""
    for pattern, replacement in _MARKDOWN_SYNTAX:
        text = pattern.sub(replacement, text)
    return text.strip()


def snippet(obj: Any, text: str, query: str, *, width: int = 160) -> SafeString:
    """Escaped plain-text snippet (Markdown syntax removed) with the matched words in <mark>;
    uses the database headline if any."""
    headline = getattr(obj, "search_snippet", None)
    if headline:
        safe = escape(plain_text(headline))
        return mark_safe(safe.replace(HIT_START, "<mark>").replace(HIT_END, "</mark>"))  # noqa: S308
    text = plain_text(text)
    words = [w for w in (query or "").split() if w][:8]
    match = re.search("|".join(map(re.escape, words)), text, re.IGNORECASE) if words else None
    start = max(0, match.start() - width // 3) if match else 0
    piece = text[start : start + width]
    html = escape(piece)
    if words:
        html = re.sub(
            "(" + "|".join(re.escape(escape(w)) for w in words) + ")",
            r"<mark>\1</mark>",
            html,
            flags=re.IGNORECASE,
        )
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + html + suffix)  # noqa: S308
