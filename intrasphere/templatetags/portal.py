"""Template helpers shared by every app: `{% load portal %}`."""

from django import template
from django.core.paginator import Page
from django.utils.safestring import SafeString

from intrasphere.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Sanitized HTML from user Markdown."""
    return render_markdown(text)


@register.simple_tag
def page_links(page: Page) -> list:
    """Page numbers around the current one, with the paginator's ellipsis between gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
