"""`{% load people_tags %}`: `{{ text|markdown|linked_mentions:text }}` links the @mentions of
`text` (`@username`, `@First Last`) that name one active colleague to their page.

One query for a text with mentions, none without: for a single text (a message, a helpdesk
reply). Lists of many texts resolve them together instead (`forum.selectors.posts_for_page`).
"""

from django import template
from django.utils.safestring import SafeString, mark_safe

from accounts.selectors_people import mentions_resolve
from intrasphere.mentions import linkify_mentions, mention_candidates

register = template.Library()


@register.filter
def linked_mentions(html: str, text: str) -> SafeString:
    candidates = mention_candidates(text)
    if not candidates:
        return mark_safe(html)  # noqa: S308 - the output of |markdown or |linebreaks
    return linkify_mentions(html, mentions_resolve(candidates))
