"""Markdown for user content: rendered, then sanitized with nh3 (no scripts, no unsafe links)."""

import threading
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

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


# Rendering is the main CPU cost of long pages (a topic page renders 20 posts): one parser per
# thread (building one loads every extension), and the latest short texts memoised per process.
CACHE_MAX_CHARS = 4000
_local = threading.local()


def _parser() -> markdown_lib.Markdown:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = markdown_lib.Markdown(
            extensions=["extra", "sane_lists", "toc"],
            extension_configs={"toc": {"baselevel": 2}},
            output_format="html",
        )
        _local.parser = parser
    return parser


def _render(text: str) -> str:
    html = _parser().reset().convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


_render_cached = lru_cache(maxsize=2048)(_render)


def render_markdown(text: str) -> SafeString:
    """Safe HTML for `text`; raw HTML in the source is sanitized away, links get rel=noopener.

    Headings start at h2 ("# Title" gives <h2>): user content always sits under the page's own
    h1, and a second h1 would break the page outline for screen-reader users."""
    text = text or ""
    clean = _render_cached(text) if len(text) <= CACHE_MAX_CHARS else _render(text)
    return mark_safe(clean)  # noqa: S308 - nh3 output is sanitized
