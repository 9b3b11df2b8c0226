"""`{% load forum_tags %}`: `{% forum_person_stats person %}`, the forum block of a person page,
and the `mentions` filter of a post's body.

An inclusion tag, so the person page (accounts) shows forum statistics without importing
the forum app (domain apps do not import each other).
"""

from django import template
from django.utils.safestring import SafeString

from forum import selectors
from intrasphere.mentions import linkify_mentions

register = template.Library()


@register.inclusion_tag("forum/_person_stats.html")
def forum_person_stats(person) -> dict:
    return {"forum_stats": selectors.user_stats(person=person)}


@register.filter
def mentions(html: str, known) -> SafeString:
    """`{{ post.content|markdown|mentions:post.mentioned }}`: the @mentions `known` resolves
    ((as written, username) pairs, `forum.selectors.posts_for_page`) linked to their pages."""
    return linkify_mentions(html, known)
