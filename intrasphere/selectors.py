"""Reads that compose every domain: the dashboard and the global search."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from accounts import selectors as accounts_selectors
from intrasphere.models import Notification
from intrasphere.search import SearchGroup
from training import selectors as training_selectors

if TYPE_CHECKING:
    from accounts.models import User


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def dashboard_context(user: User) -> dict[str, Any]:
    """Each domain contributes its panels through its own selectors."""
    return {
        "stats": [
            *accounts_selectors.dashboard_stats(user=user),
            *training_selectors.dashboard_stats(user=user),
        ],
        "panels": [*training_selectors.dashboard_panels(user=user)],
        "obligations": [*training_selectors.dashboard_obligations(user=user)],
        "training_progress": training_selectors.dashboard_progress(user=user),
        "recent_notifications": notification_list(user=user)[:5],
    }


def search_groups(*, user: User, query: str, language: str) -> list[SearchGroup]:
    """Every domain's results for `query`, each already limited to what `user` may see."""
    if not query:
        return []
    groups: list[SearchGroup] = []
    groups += accounts_selectors.search_groups(user=user, query=query, language=language)
    groups += training_selectors.search_groups(user=user, query=query, language=language)
    return groups
