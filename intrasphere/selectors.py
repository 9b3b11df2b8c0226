"""Reads that compose every domain: the dashboard and the global search."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts import selectors as accounts_selectors
from complaints import selectors as complaints_selectors
from content import selectors as content_selectors
from forum import selectors as forum_selectors
from intrasphere import caching
from intrasphere.models import Notification
from intrasphere.search import SearchGroup

if TYPE_CHECKING:
    from accounts.models import User


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_message_count(user: User) -> int:
    """The header's and the dashboard's unread count: one query per request."""
    if not hasattr(user, "_unread_message_count"):
        user._unread_message_count = accounts_selectors.unread_message_count(user=user)
    return user._unread_message_count


def _audience(user: User) -> str:
    """What announcements_for_reader depends on: the reader's department and category."""
    key = f"{user.department}|{user.employee_category_id}"
    return hashlib.sha256(key.encode()).hexdigest()[:24]  # cache-key safe


def dashboard_counts(user: User) -> dict[str, int]:
    """The dashboard's global tiles, in one query, cached a minute (see intrasphere.caching).

    Announcements depend on the reader's audience (department, employee category), so they are
    cached per audience; the other counts are the same for everybody.
    """
    return caching.cached(
        f"dashboard:{_audience(user)}",
        lambda: caching.count_together(
            {
                "people": accounts_selectors.active_people(),
                "announcements": content_selectors.announcements_for_reader(user=user),
                "documents": content_selectors.document_list(user=user),
                "events": content_selectors.event_list(user=user),
            }
        ),
    )


def dashboard_stats(user: User) -> list[tuple[str, int, str]]:
    """The tiles of accounts' and content's `dashboard_stats`, from the cached counts."""
    counts = dashboard_counts(user)
    return [
        (_("Colleagues"), counts["people"], "accounts:directory"),
        (_("Unread messages"), unread_message_count(user), "messaging:inbox"),
        (_("Announcements"), counts["announcements"], "content:announcement_list"),
        (_("Documents"), counts["documents"], "content:document_list"),
        (_("Upcoming events"), counts["events"], "content:event_list"),
    ]


def dashboard_context(user: User) -> dict[str, Any]:
    """Each domain contributes its panels through its own selectors."""
    # Latest announcements (per audience) and upcoming events: cached like the counts.
    content_panels, content_context = caching.cached(
        f"dashboard-panels:{_audience(user)}",
        lambda: content_selectors.dashboard_panels(user=user),
    )
    must_reads = list(content_selectors.must_reads_pending(user=user)[:10])
    return {
        "stats": [
            *dashboard_stats(user),
            *complaints_selectors.dashboard_stats(user=user),
        ],
        "panels": [*content_panels, "forum/_dashboard_recent_topics.html"],
        "banners": ["content/_must_read_banner.html"],
        "obligations": [
            *content_selectors.dashboard_obligations(user=user, must_reads=must_reads),
            *complaints_selectors.dashboard_obligations(user=user),
            *forum_selectors.dashboard_obligations(user=user),
        ],
        "recent_notifications": notification_list(user=user)[:5],
        "must_reads": must_reads[:3],
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
    groups += forum_selectors.search_groups(user=user, query=query, language=language)
    groups += complaints_selectors.search_groups(user=user, query=query, language=language)
    return groups
