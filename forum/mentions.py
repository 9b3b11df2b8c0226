"""@mentions: find the names in a post, and link the ones that are real colleagues."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MENTION_RE = re.compile(r"(?<![\w@/:.&])@([\w][\w.+-]{0,149})")
_TAG_RE = re.compile(r"(<[^>]+>)")


def mentioned_usernames(text: str) -> set[str]:
    """Every `@name` in `text` (trailing punctuation dropped); not checked against users."""
    return {match.rstrip(".-+") for match in MENTION_RE.findall(text or "")}


def linkify_mentions(html: str, known: Iterable[str]) -> SafeString:
    """Turn `@name` of known colleagues into profile links, outside tags, links and code."""
    known = set(known)
    if not known:
        return mark_safe(html)  # noqa: S308 - html is already sanitized
    parts = _TAG_RE.split(html)
    depth = 0  # inside <a>, <code> or <pre>

    def replace(match: re.Match) -> str:
        name = match.group(1).rstrip(".-+")
        if name not in known:
            return match.group(0)
        rest = match.group(1)[len(name) :]
        url = reverse("accounts:person_detail", kwargs={"username": name})
        return f'<a class="mention" href="{escape(url)}">@{escape(name)}</a>{rest}'

    for index, part in enumerate(parts):
        if index % 2:  # a tag
            tag = part.lower()
            if re.match(r"<(a|code|pre)[\s>]", tag):
                depth += 1
            elif re.match(r"</(a|code|pre)>", tag):
                depth = max(0, depth - 1)
        elif depth == 0 and "@" in part:
            parts[index] = MENTION_RE.sub(replace, part)
    return mark_safe("".join(parts))  # noqa: S308 - only known usernames, escaped
