"""Template helpers shared by every app: `{% load portal %}`."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.paginator import Page
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString

from intrasphere.markdown import markdown_excerpt, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Sanitized HTML from user Markdown."""
    return render_markdown(text)


@register.simple_tag
def page_links(page: Page) -> list:
    """Page numbers around the current one, with the paginator's ellipsis between gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.simple_tag
def layout_url(name: str) -> str:
    """`{% url name %}` for the layout's fixed links (no arguments), reversed once per process.

    The header, menus and footer reverse about twenty such URLs on every page. The answer
    depends only on the URLconf and the script prefix, which are part of the key.
    """
    return fixed_url(name)


def fixed_url(name: str) -> str:
    """The URL of a fixed link named ``"app:name"`` or ``"app:name?query"`` (a dashboard
    tile that opens a filtered list)."""
    return _reverse_fixed(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@lru_cache(maxsize=256)
def _reverse_fixed(name: str, urlconf: str, prefix: str) -> str:
    name, _mark, query = name.partition("?")
    return reverse(name, urlconf=urlconf) + (f"?{query}" if query else "")


@register.filter(name="markdown_excerpt")
def markdown_excerpt_filter(text: str, length: int = 240) -> str:
    """The first words of user Markdown as plain text (escaped like any text)."""
    return markdown_excerpt(text, int(length))
