"""`{% load forum_tags %}{% forum_person_stats person %}`: the forum block of a person page.

An inclusion tag, so the person page (accounts) shows forum statistics without importing
the forum app (domain apps do not import each other).
"""

from django import template

from forum import selectors

register = template.Library()


@register.inclusion_tag("forum/_person_stats.html")
def forum_person_stats(person) -> dict:
    return {"forum_stats": selectors.user_stats(person=person)}
