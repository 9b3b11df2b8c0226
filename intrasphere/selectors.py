"""Reads that compose every domain: the dashboard and the global search."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from accounts import selectors as accounts_selectors
from complaints import selectors as complaints_selectors
from content import selectors as content_selectors
from forum import selectors as forum_selectors
from intrasphere.models import Notification
from intrasphere.search import SearchGroup
from training import selectors as training_selectors

if TYPE_CHECKING:
    from accounts.models import User


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def dashboard_context(user: User) -> dict[str, Any]:
    """Each domain contributes its panels through its own selectors."""
    content_panels, content_context = content_selectors.dashboard_panels(user=user)
    return {
        "stats": [
            *accounts_selectors.dashboard_stats(user=user),
            *content_selectors.dashboard_stats(user=user),
            *training_selectors.dashboard_stats(user=user),
            *complaints_selectors.dashboard_stats(user=user),
        ],
        "panels": [
            *content_panels,
            *training_selectors.dashboard_panels(user=user),
            "forum/_dashboard_recent_topics.html",
        ],
        "banners": ["content/_must_read_banner.html"],
        "obligations": [
            *content_selectors.dashboard_obligations(user=user),
            *training_selectors.dashboard_obligations(user=user),
            *complaints_selectors.dashboard_obligations(user=user),
            *forum_selectors.dashboard_obligations(user=user),
        ],
        "training_progress": training_selectors.dashboard_progress(user=user),
        "recent_notifications": notification_list(user=user)[:5],
        "must_reads": content_selectors.must_reads_pending(user=user)[:3],
        "forum_recent_topics": forum_selectors.dashboard_recent_topics(user=user),
        **content_context,
    }


def search_groups(*, user: User, query: str, language: str) -> list[SearchGroup]:
    """Every domain's results for `query`, each already limited to what `user` may see."""
    if not query:
        return []
    groups: list[SearchGroup] = []
    groups += accounts_selectors.search_groups(user=user, query=query, language=language)
    groups += content_selectors.search_groups(user=user, query=query, language=language)
    groups += training_selectors.search_groups(user=user, query=query, language=language)
    groups += forum_selectors.search_groups(user=user, query=query, language=language)
    groups += complaints_selectors.search_groups(user=user, query=query, language=language)
    return groups


def help_pages(*, query: str, language: str, limit: int = 5) -> list:
    """Content pages that may answer a question (suggested before filing a complaint)."""
    if not query:
        return []
    return list(content_selectors.page_search(query=query, language=language)[:limit])
