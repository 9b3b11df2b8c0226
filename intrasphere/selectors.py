"""Reads that compose every domain: the dashboard and the global search."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from accounts import selectors as accounts_selectors
from complaints import selectors as complaints_selectors
from content import selectors as content_selectors
from forum import selectors as forum_selectors
from intrasphere import charts
from intrasphere.models import Notification
from intrasphere.search import SearchGroup
from training import selectors as training_selectors

if TYPE_CHECKING:
    from accounts.models import User


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


def dashboard_context(user: User) -> dict[str, Any]:
    """Each domain contributes its panels through its own selectors."""
    content_panels, content_context = content_selectors.dashboard_panels(user=user)
    chart_panels, chart_context = dashboard_charts(user)
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
            *chart_panels,
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
