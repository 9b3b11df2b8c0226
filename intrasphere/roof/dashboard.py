"""The dashboard: "To do" first, then the news, the events and the rest, composed from each
domain's panels, tiles and "To do" items for the viewer.

What is the same for everybody in the viewer's audience (global counts, latest announcements
as news items, upcoming events) is one cached value per audience, computed again when a model
it shows changes (`caching.SHARED_VALUES["dashboard"]`); the recent forum topics, the same for
everybody, are another (`"dashboard_forum"`), so that forum writes leave the counts alone. The
viewer's own rows are small ORM queries, each in the domain that owns them; results are passed
as arguments, never kept on the user object.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import selectors as accounts_selectors
from accounts.models import User
from complaints import selectors as complaints_selectors
from content import selectors as content_selectors
from content.models import Announcement
from forum import selectors as forum_selectors
from intrasphere import caching, charts
from intrasphere.markdown import markdown_excerpt
from intrasphere.selectors import notification_list
from intrasphere.templatetags.portal import fixed_url
from intrasphere.unread import unread_counts
from training import selectors as training_selectors

NOTIFICATIONS_LIMIT = 5
OBLIGATIONS_LIMIT = 10  # rows of each kind read for "To do"
TODO_LIMIT = 20  # rows of "To do"
EXCERPT_CHARS = 180


def dashboard_shared(user: User) -> dict[str, Any]:
    """What the dashboard shows the same to everybody in `user`'s audience: the global counts,
    the latest announcements and upcoming events (`dashboard`), and the recent forum topics, the
    same for everybody (`dashboard_forum`): two values read in one round trip, so that a forum
    reply, which changes its topic, computes the topics again and not the counts."""
    content, forum = caching.shared_values(
        [
            ("dashboard", content_selectors.reader_audience(user), lambda: _dashboard_shared(user)),
            ("dashboard_forum", (), lambda: forum_selectors.dashboard_recent_topics(user=user)),
        ]
    )
    return {**content, "forum_recent_topics": forum}


@dataclass(frozen=True)
class NewsItem:
    """An announcement as the home's news feed shows it: banner image, excerpt and audience
    (language-neutral: the type's label is translated when shown)."""

    title: str
    url: str
    image_url: str
    excerpt: str
    audience: tuple[str, ...]  # department and category names; empty: everyone
    publish_at: datetime.datetime
    important: bool
    type: str
    type_label: Any


def _news(announcements: list) -> list[NewsItem]:
    prefetch_related_objects(announcements, "audience_categories")
    return [
        NewsItem(
            title=announcement.title,
            url=announcement.get_absolute_url(),
            image_url=reverse("content:announcement_image", args=[announcement.pk])
            if announcement.image
            else "",
            excerpt=markdown_excerpt(announcement.content, EXCERPT_CHARS),
            audience=tuple(
                [*announcement.department_list]
                + [category.name for category in announcement.audience_categories.all()]
            )
            if announcement.audience_restricted
            else (),
            publish_at=announcement.publish_at,
            important=announcement.important,
            type=announcement.type,
            type_label=Announcement.Type(announcement.type).label,
        )
        for announcement in announcements
    ]


def _dashboard_shared(user: User) -> dict[str, Any]:
    _panels, content_context = content_selectors.dashboard_panels(user=user)
    return {
        "news": _news(content_context["latest_announcements"]),
        "counts": {
            "people": accounts_selectors.active_people().count(),
            "announcements": content_selectors.announcements_for_reader(user=user).count(),
            "documents": content_selectors.document_list(user=user).count(),
            "events": content_selectors.event_list(user=user).count(),
        },
        **content_context,  # latest_announcements, upcoming_events
    }


def _completion_chart(completion: training_selectors.Completion, title: str) -> str:
    """The viewer's trainings by state (`training_selectors.my_completion`), each part leading
    to "My trainings" filtered to it: the same figures as the "Trainings in progress" tile."""
    states = [
        ("done", _("Done"), completion.done, charts.DONE_COLOR),
        ("in_progress", _("In progress"), completion.in_progress, charts.PROGRESS_COLOR),
        ("not_started", _("Not started"), completion.not_started, charts.PENDING_COLOR),
    ]
    return charts.stacked_bar_svg(
        [(label, value, tone) for _state, label, value, tone in states],
        title=title,
        urls=[training_selectors.my_trainings_url(state) for state, *_rest in states],
    )


def _compliance_chart(totals: training_selectors.ComplianceCell, title: str) -> str:
    """The compliance matrix added up: the same five figures, in the matrix's order, each
    leading to the matrix."""
    tones = {
        "compliant": charts.DONE_COLOR,
        "in_progress": charts.PROGRESS_COLOR,
        "not_started": charts.PENDING_COLOR,
        "overdue": charts.LATE_COLOR,
        "expired": charts.EXPIRED_COLOR,
    }
    figures = totals.figures()
    matrix = reverse("training:compliance")
    return charts.stacked_bar_svg(
        [
            (str(training_selectors.STATE_LABELS[state]), value, tones[state])
            for state, value in figures
        ],
        title=title,
        urls=[matrix] * len(figures),
    )


def dashboard_charts(
    user: User, *, completion: Any, complaint_counts: dict[str, int]
) -> tuple[list[str], dict[str, Any]]:
    """Chart panels (training completion, complaints by status) for those they concern.

    `completion`: `training_selectors.dashboard_completion` (read once by the caller)."""
    panels: list[str] = []
    context: dict[str, Any] = {}
    training_charts = []
    if completion["mine"] is not None:
        title = _("My trainings")
        training_charts.append((title, _completion_chart(completion["mine"], title)))
    if completion["mandatory"] is not None:
        title = _("Mandatory trainings: compliance")
        training_charts.append((title, _compliance_chart(completion["mandatory"], title)))
    if training_charts:
        panels.append("training/_dashboard_completion_chart.html")
        context["training_charts"] = training_charts
    by_status = complaints_selectors.dashboard_status_counts(user=user, counts=complaint_counts)
    if by_status is not None:
        panels.append("complaints/_dashboard_status_chart.html")
        rows = complaints_selectors.status_chart_rows(counts=by_status)
        context["complaints_status_chart"] = (
            charts.bar_chart_svg(
                [label for label, _count, _tone, _url in rows],
                [count for _label, count, _tone, _url in rows],
                title=_("Complaints by status"),
                tones=[tone for _label, _count, tone, _url in rows],
                urls=[url for _label, _count, _tone, url in rows],
                heading=_("Status"),
            )
            if any(count for _label, count in by_status)
            else None
        )
    return panels, context


def _url(target: str) -> str:
    """A tile's target: a path as it is, a URL name (with an optional `?query`) reversed."""
    return target if target.startswith("/") else fixed_url(target)


def dashboard_stats(user: User, counts: dict[str, int]) -> list[tuple[str, int, str]]:
    """The people and content figures (`counts`: the shared ones) and the unread messages."""
    return [
        (_("Colleagues"), counts["people"], "accounts:directory"),
        (_("Unread messages"), unread_counts(user).get("messages", 0), "messaging:inbox"),
        (_("Announcements"), counts["announcements"], "content:announcement_list"),
        (_("Documents"), counts["documents"], "content:document_list"),
        (_("Upcoming events"), counts["events"], "content:event_list"),
    ]


def _stats_tiles(
    user: User,
    *,
    shared: dict[str, Any],
    completion: training_selectors.Completion,
    complaint_counts: dict[str, int],
) -> list[tuple[str, int, str]]:
    tiles = [
        *dashboard_stats(user, shared["counts"]),
        *training_selectors.dashboard_stats(completion=completion),
        *complaints_selectors.dashboard_stats(user=user, counts=complaint_counts),
    ]
    return [(label, value, _url(target)) for label, value, target in tiles]


def stats_tiles(user: User) -> list[tuple[str, int, str]]:
    """Every figure of the dashboard, every domain's, for `user` (the API's /stats): the same
    figures and the same visibility (complaint figures only for those who handle complaints);
    (label, value, path of the list it counts)."""
    seated = training_selectors.seated_participations(user=user)
    return _stats_tiles(
        user,
        shared=dashboard_shared(user),
        completion=training_selectors.my_completion(seated=seated),
        complaint_counts=complaints_selectors.handled_counts(user=user),
    )


# Figures the home does not show as tiles: counts of things that lead to no task ("3
# Colleagues", "3 Documents"); the directory, the news feed and the library are a click away.
HOME_HIDDEN_TILES = ("accounts:directory", "content:announcement_list", "content:document_list")


def home_tiles(tiles: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """The home's tiles among `tiles` (`_stats_tiles`): those that lead to something to do."""
    hidden = {reverse(name) for name in HOME_HIDDEN_TILES}
    return [tile for tile in tiles if tile[2] not in hidden]


def _sort_key(item: dict[str, Any]) -> tuple:
    due = item.get("due")
    return (not item.get("overdue"), due is None, due or datetime.date.max)


def todo_items(
    user: User, *, must_reads: list, registered: list, limit: int = TODO_LIMIT
) -> list[dict[str, Any]]:
    """What `user` has to do, overdue first, then by due date, then the rest in each domain's
    order: must-reads, documents to acknowledge, mandatory trainings and other trainings due,
    expiring certificates, requests waiting for them, moderation. Each item:
    `{"kind", "label", "url", "due": date | None, "overdue", "since": datetime | None, "note"}`.
    """
    items = [
        *content_selectors.dashboard_obligations(user=user, must_reads=must_reads),
        *training_selectors.dashboard_obligations(user=user, registered=registered),
        *complaints_selectors.dashboard_obligations(user=user, limit=OBLIGATIONS_LIMIT),
        *forum_selectors.dashboard_obligations(user=user),
    ]
    return sorted(items, key=_sort_key)[:limit]


def dashboard_context(user: User) -> dict[str, Any]:
    """The dashboard's template context: "To do" first (`todo_items`), then the news, the
    events and the rest; each domain contributes through its own selectors."""
    shared = dashboard_shared(user)
    seated = training_selectors.seated_participations(user=user)
    registered = training_selectors.dashboard_registered(seated=seated)
    completion = training_selectors.dashboard_completion(user=user, seated=seated)
    complaint_counts = complaints_selectors.handled_counts(user=user)
    must_reads = list(content_selectors.must_reads_pending(user=user)[:OBLIGATIONS_LIMIT])
    chart_panels, chart_context = dashboard_charts(
        user, completion=completion, complaint_counts=complaint_counts
    )
    tiles = _stats_tiles(
        user,
        shared=shared,
        completion=completion["mine"] or training_selectors.Completion(),
        complaint_counts=complaint_counts,
    )
    return {
        "todo": todo_items(user, must_reads=must_reads, registered=registered),
        "news": shared["news"],
        "upcoming_events": shared["upcoming_events"],
        "stats": home_tiles(tiles),
        "panels": [
            *training_selectors.dashboard_panels(user=user),
            *chart_panels,
            "forum/_dashboard_recent_topics.html",
        ],
        "training_progress": training_selectors.dashboard_progress(registered=registered),
        "recent_notifications": list(notification_list(user=user)[:NOTIFICATIONS_LIMIT]),
        "forum_recent_topics": shared["forum_recent_topics"],
        **chart_context,
    }
