"""@mentions in any Markdown text: find them, and link the ones resolved to colleagues.

A mention is `@username` (what the editor's picker inserts) or `@First Last` typed by hand
(two or three words after the @). This module only reads text; which person a mention names is
decided by `accounts.selectors_people.mentions_resolve`, which receives every candidate of
every mention (`mention_candidates`) and answers with a mapping {candidate: username}. The
longest candidate of a mention that resolved wins, the same way when notifying and when
linking (`mention_choice`).

Hostile text stays cheap: the pattern has no nested repetition, each match is bounded
(a username of at most 150 characters, two more words of at most 50), and only the first
`MAX_MENTIONS` mentions of a text are considered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_MENTIONS = 50  # per text: more @ signs than this are plain text
MAX_NOTIFIED = 20  # people notified for one text, however many it names
MENTION_RE = re.compile(r"(?<![\w@/:.&])@(\w[\w.+-]{0,149})((?: \w[\w'’-]{0,49}){0,2})")
_TAG_RE = re.compile(r"(<[^>]+>)")
_OPENING = re.compile(r"<(a|code|pre)[\s>]")
_CLOSING = re.compile(r"</(a|code|pre)>")


def _candidates(match: re.Match) -> list[str]:
    """A mention's readings, longest first: "Marie Martin Dupont", "Marie Martin", "Marie"
    (each a prefix of the text after the @; none with more words after a full stop)."""
    first = match.group(1).rstrip(".-+")
    if first != match.group(1):  # "@bob. Then…": the sentence ended
        return [first]
    words = match.group(2).split(" ")[1:]
    names = [" ".join([first, *words[:count]]) for count in range(len(words), 0, -1)]
    return [*names, first]


def _matches(text: str) -> Iterator[re.Match]:
    for count, match in enumerate(MENTION_RE.finditer(text or "")):
        if count >= MAX_MENTIONS:
            return
        yield match


def mention_candidates(text: str) -> set[str]:
    """Every reading of every mention in `text` (the first `MAX_MENTIONS`), not checked."""
    found: set[str] = set()
    for match in _matches(text):
        found.update(_candidates(match))
    return found


def mention_choice(match: re.Match, resolved: Mapping[str, str]) -> str | None:
    """The longest reading of `match` that `resolved` knows, else None."""
    for candidate in _candidates(match):
        if candidate in resolved:
            return candidate
    return None


def mentioned_usernames(text: str, resolved: Mapping[str, str]) -> set[str]:
    """The usernames the mentions of `text` name, given the resolved candidates."""
    chosen = (mention_choice(match, resolved) for match in _matches(text))
    return {resolved[candidate] for candidate in chosen if candidate is not None}


def linkify_mentions(html: str, resolved: Mapping[str, str] | Iterable) -> SafeString:
    """Turn the resolved mentions of sanitized `html` into profile links, outside tags, links
    and code. `resolved` maps a mention as written ("Marie Martin", "bob") to a username (pairs
    are accepted, so a tuple can be part of a cache key)."""
    resolved = dict(resolved)
    if not resolved:
        return mark_safe(html)  # noqa: S308 - html is already sanitized
    parts = _TAG_RE.split(html)
    depth = 0  # inside <a>, <code> or <pre>
    budget = [MAX_MENTIONS]

    def replace(match: re.Match) -> str:
        budget[0] -= 1
        chosen = mention_choice(match, resolved) if budget[0] >= 0 else None
        if chosen is None:
            return match.group(0)
        rest = match.group(0)[len(chosen) + 1 :]
        url = reverse("accounts:person_detail", kwargs={"username": resolved[chosen]})
        return f'<a class="mention" href="{escape(url)}">@{escape(chosen)}</a>{rest}'

    for index, part in enumerate(parts):
        if index % 2:  # a tag
            tag = part.lower()
            if _OPENING.match(tag):
                depth += 1
            elif _CLOSING.match(tag):
                depth = max(0, depth - 1)
        elif depth == 0 and "@" in part:
            parts[index] = MENTION_RE.sub(replace, part)
    return mark_safe("".join(parts))  # noqa: S308 - only resolved usernames, escaped
