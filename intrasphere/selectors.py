"""Reads that compose every domain: the dashboard and the global search."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from accounts import selectors as accounts_selectors
from accounts.models import Message, User
from complaints import selectors as complaints_selectors
from content import selectors as content_selectors
from forum import selectors as forum_selectors
from intrasphere import caching, charts
from intrasphere.models import Notification
from intrasphere.search import SearchGroup
from training import selectors as training_selectors


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def _completion_chart(completion: training_selectors.Completion, title: str) -> SafeString:
    return charts.stacked_bar_svg(
        [
            (_("Done"), completion.done, charts.DONE_COLOR),
            (_("In progress"), completion.in_progress, charts.PROGRESS_COLOR),
            (_("Not started"), completion.not_started, charts.PENDING_COLOR),
        ],
        title=title,
    )


def dashboard_charts(user: User) -> tuple[list[str], dict[str, Any]]:
    """Chart panels (complaints by status, training completion) for those they concern."""
    panels: list[str] = []
    context: dict[str, Any] = {}
    completion = training_selectors.dashboard_completion(user=user)
    training_charts = [
        (title, _completion_chart(found, title))
        for title, found in (
            (_("My trainings"), completion["mine"]),
            (_("Mandatory trainings, all participants"), completion["mandatory"]),
        )
        if found is not None
    ]
    if training_charts:
        panels.append("training/_dashboard_completion_chart.html")
        context["training_charts"] = training_charts
    by_status = complaints_selectors.dashboard_status_counts(user=user)
    if by_status is not None:
        panels.append("complaints/_dashboard_status_chart.html")
        context["complaints_status_chart"] = (
            charts.bar_chart_svg(
                [label for label, _count in by_status],
                [count for _label, count in by_status],
                title=_("Complaints by status"),
                label_width=170,
                bar_width=220,
            )
            if any(count for _label, count in by_status)
            else None
        )
    return panels, context


def _unread_sql() -> str:
    """Both unread counts in one statement, written from the models' metadata.

    Every page shows these counters, and composing the same query with the ORM cost about
    1.2 ms per request in Python against 0.2 ms for the SQL itself (bench/RESULTS.md). Names
    come from the models and are quoted; the values are parameters.
    """
    quote = connection.ops.quote_name
    counts = []
    for model in (Notification, Message):
        table = quote(model._meta.db_table)
        recipient = quote(model._meta.get_field("recipient").column)
        read_at = quote(model._meta.get_field("read_at").column)
        counts.append(
            f"(SELECT COUNT(*) FROM {table} WHERE {recipient} = %s AND {read_at} IS NULL)"  # noqa: S608
        )
    return "SELECT " + ", ".join(counts)


def unread_counts(user: User) -> dict[str, int]:
    """Unread notifications and messages (header and dashboard): one query per request."""
    if not hasattr(user, "_unread_counts"):
        with connection.cursor() as cursor:
            cursor.execute(_unread_sql(), [user.pk, user.pk])
            notifications, messages = cursor.fetchone()
        user._unread_counts = {"notifications": notifications, "messages": messages}
    return user._unread_counts


def unread_message_count(user: User) -> int:
    return unread_counts(user)["messages"]


def _audience(user: User) -> str:
    """What announcements_for_reader depends on: the reader's department and category."""
    key = repr(content_selectors.reader_audience(user))
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
    """The people and content tiles, from the cached counts."""
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
    chart_panels, chart_context = dashboard_charts(user)
    registered = training_selectors.dashboard_registered(user=user)
    must_reads = list(content_selectors.must_reads_pending(user=user)[:10])
    return {
        "stats": [
            *dashboard_stats(user),
            *training_selectors.dashboard_stats(user=user, registered=registered),
            *complaints_selectors.dashboard_stats(user=user),
        ],
        "panels": [
            *content_panels,
            *training_selectors.dashboard_panels(user=user),
            *chart_panels,
            "forum/_dashboard_recent_topics.html",
        ],
        "banners": ["content/_must_read_banner.html"],
        "obligations": [
            *content_selectors.dashboard_obligations(user=user, must_reads=must_reads),
            *training_selectors.dashboard_obligations(user=user, registered=registered),
            *complaints_selectors.dashboard_obligations(user=user),
            *forum_selectors.dashboard_obligations(user=user),
        ],
        "training_progress": training_selectors.dashboard_progress(
            user=user, registered=registered
        ),
        "recent_notifications": notification_list(user=user)[:5],
        "must_reads": must_reads[:3],
        # The same for everybody (published topics only), cached like the content panels.
        "forum_recent_topics": caching.cached(
            "dashboard-topics", lambda: forum_selectors.dashboard_recent_topics(user=user)
        ),
        **content_context,
        **chart_context,
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
