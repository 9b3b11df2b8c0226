"""The global search: every domain's result groups for a query, composed."""

from __future__ import annotations

from accounts import selectors as accounts_selectors
from accounts.models import User
from complaints import selectors as complaints_selectors
from content import selectors as content_selectors
from forum import selectors as forum_selectors
from intrasphere.search import SearchGroup
from training import selectors as training_selectors

DOMAINS = (
    accounts_selectors,
    content_selectors,
    training_selectors,
    forum_selectors,
    complaints_selectors,
)


def search_groups(*, user: User, query: str, language: str) -> list[SearchGroup]:
    """Every domain's results for `query`, each already limited to what `user` may see."""
    if not query:
        return []
    groups: list[SearchGroup] = []
    for domain in DOMAINS:
        groups += domain.search_groups(user=user, query=query, language=language)
    return groups
