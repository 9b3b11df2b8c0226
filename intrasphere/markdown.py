"""Markdown for user content: rendered by a linear-time parser, bounded, then sanitized.

The parser is pulldown-cmark (through pyromark; CommonMark with tables and strikethrough): it
works in linear time, in native code. Python-Markdown, used before, took seconds on 20,000
characters of `[](` and could not be interrupted. The sanitiser (nh3) is linear in its input
but slows down with very deep nesting, so its input is bounded too: a text longer than any form
accepts, whose HTML would be more than `MAX_HTML_CHARS`, or more than `MAX_DEPTH` elements deep
is shown as escaped plain text, never an error. Within those bounds any text renders within
`BUDGET_SECONDS` (`make bench-markdown`, bench/RESULTS.md, docs/security.md).

Rendered HTML is cached by the content's own version: a hash of the source text and
`RENDERER_VERSION`, in this process's memory and then the shared cache, so whatever page shows a
text, no request parameter can make it render again.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from html import unescape
from itertools import accumulate
from operator import sub

import nh3
import pyromark
from django.core.cache import cache
from django.utils.html import escape, linebreaks, strip_tags
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# Bump when the output for the same text changes (parser, options, sanitiser lists): cached
# renders of the old version are then simply never read again.
RENDERER_VERSION = "pulldown-cmark-1"
PARSER_OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
# Longer than any Markdown field of the portal (pages and lessons: 100,000): plain text.
MAX_CHARS = 100_000
# The sanitiser's input: at most this many characters (a wide table or thousands of `>` make
# far more HTML than text), character references (`&amp;`..., each costing it several times a
# plain character) and elements open at once (its cost grows with the depth).
MAX_HTML_CHARS = 250_000
MAX_ENTITIES = 20_000
MAX_DEPTH = 64
# What one render may cost; a render over it is logged (the bounds above keep it under).
BUDGET_SECONDS = 0.05
RENDERED_TTL = 60 * 60 * 24 * 7
PROCESS_MEMO_ENTRIES = 512
PROCESS_MEMO_MAX_CHARS = 50_000

# Opening and closing tags, void elements left out (they never nest).
_TAG = re.compile(
    r"<(/?)(?!(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\b)[A-Za-z]"
)
_STEP = {"": 1, "/": -1}
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_ALIGN_STYLE = re.compile(r'<(th|td) style="text-align: (left|center|right)">')


def _depth(html: str) -> int:
    """The most elements open at once (an upper bound: an unclosed `<p>` counts as open), a
    closing tag never taking it below zero. Prefix sums in C: a Python loop would cost more
    than the sanitiser."""
    if html.count("<") <= MAX_DEPTH:
        return 0
    steps = map(_STEP.__getitem__, _TAG.findall(html))
    levels = list(accumulate(steps, initial=0))
    floors = accumulate(levels, min)
    return max(map(sub, levels, floors))


def _shift_heading(match: re.Match[str]) -> str:
    return f"<{match[1]}h{min(int(match[2]) + 1, 6)}"


def plain_text_html(text: str) -> str:
    """The text escaped, its paragraphs and line breaks kept: what a text over budget shows."""
    return linebreaks(escape(text))


def render_within_budget(text: str) -> tuple[str, bool]:
    """(sanitized HTML, True), or (escaped plain text, False) when the text or its HTML is
    beyond the bounds that keep one render under budget."""
    if len(text) > MAX_CHARS:
        return plain_text_html(text), False
    # A lone surrogate (possible through JSON) cannot be encoded for the parser: replaced.
    text = text.encode("utf-8", "replace").decode("utf-8")
    started = time.perf_counter()
    html = pyromark.html(text, options=PARSER_OPTIONS)
    if len(html) > MAX_HTML_CHARS or html.count("&") > MAX_ENTITIES or _depth(html) > MAX_DEPTH:
        return plain_text_html(text), False
    # Headings start at h2 ("# Title" gives <h2>): user content sits under the page's own h1.
    # Table alignment becomes `align` (no `style` attribute survives the sanitiser).
    if "<h" in html:
        html = _HEADING.sub(_shift_heading, html)
    if "text-align" in html:
        html = _ALIGN_STYLE.sub(r'<\1 align="\2">', html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    elapsed = time.perf_counter() - started
    if elapsed > BUDGET_SECONDS:
        logger.warning(
            "markdown render over budget: %.0f ms for %d characters", elapsed * 1000, len(text)
        )
    return clean, True


def render_key(text: str) -> str:
    """The cache key of `text`'s render: the content's own version, nothing of any request."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return f"markdown:{RENDERER_VERSION}:{digest}"


class _ProcessMemo:
    """The latest renders in this process (a topic page shows the same posts to everyone)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[str, str] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def set(self, key: str, value: str) -> None:
        if len(value) > PROCESS_MEMO_MAX_CHARS:
            return
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_memo = _ProcessMemo(PROCESS_MEMO_ENTRIES)


def render_markdown(text: str) -> SafeString:
    """Safe HTML for `text`; raw HTML in the source is sanitized away, links get rel=noopener.

    Rendered at most once per text and renderer version while it stays cached (process memory,
    then the shared cache); a text over budget is shown as escaped plain text."""
    text = text or ""
    if not text:
        return mark_safe("")  # noqa: S308 - empty
    key = render_key(text)
    html = _memo.get(key)
    if html is None:
        html = cache.get(key)
        if html is None:
            html, _rendered = render_within_budget(text)
            cache.set(key, html, RENDERED_TTL)
        _memo.set(key, html)
    return mark_safe(html)  # noqa: S308 - nh3 output or escaped text


def markdown_excerpt(text: str, length: int = 240) -> str:
    """Plain text of the first words of `text` (a list card's excerpt): the rendered, sanitised
    HTML without its tags, whitespace collapsed, cut at a word before `length` characters."""
    plain = " ".join(unescape(strip_tags(render_markdown((text or "")[:4000]))).split())
    if len(plain) <= length:
        return plain
    return plain[:length].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
