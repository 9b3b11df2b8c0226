"""The dashboard: each domain's panels, tiles and obligations for the viewer, composed.

What is the same for everybody in the viewer's audience (global counts, latest announcements,
upcoming events) is one cached value per audience, computed again when a model it shows changes
(`caching.SHARED_VALUES["dashboard"]`); the recent forum topics, the same for everybody, are
another (`"dashboard_forum"`), so that forum writes leave the counts alone. The viewer's own
rows are small ORM queries, each in the domain that owns them; results are passed as arguments,
never kept on the user object.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from accounts import selectors as accounts_selectors
from accounts.models import User
from complaints import selectors as complaints_selectors
from content import selectors as content_selectors
from forum import selectors as forum_selectors
from intrasphere import caching, charts
from intrasphere.selectors import notification_list
from intrasphere.unread import unread_counts
from training import selectors as training_selectors

NOTIFICATIONS_LIMIT = 5
OBLIGATIONS_LIMIT = 10  # rows of each kind in "My obligations"


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


def _dashboard_shared(user: User) -> dict[str, Any]:
    _panels, content_context = content_selectors.dashboard_panels(user=user)
    return {
        "counts": {
            "people": accounts_selectors.active_people().count(),
            "announcements": content_selectors.announcements_for_reader(user=user).count(),
            "documents": content_selectors.document_list(user=user).count(),
            "events": content_selectors.event_list(user=user).count(),
        },
        **content_context,  # latest_announcements, upcoming_events
    }


def _completion_chart(completion: training_selectors.Completion, title: str) -> str:
    return charts.stacked_bar_svg(
        [
            (_("Done"), completion.done, charts.DONE_COLOR),
            (_("In progress"), completion.in_progress, charts.PROGRESS_COLOR),
            (_("Not started"), completion.not_started, charts.PENDING_COLOR),
        ],
        title=title,
    )


def _compliance_chart(totals: training_selectors.ComplianceCell, title: str) -> str:
    """The compliance matrix added up: the same five figures, in the matrix's order."""
    colours = {
        "compliant": charts.DONE_COLOR,
        "in_progress": charts.PROGRESS_COLOR,
        "not_started": charts.PENDING_COLOR,
        "overdue": charts.LATE_COLOR,
        "expired": charts.EXPIRED_COLOR,
    }
    return charts.stacked_bar_svg(
        [
            (str(training_selectors.STATE_LABELS[state]), value, colours[state])
            for state, value in totals.figures()
        ],
        title=title,
    )


def dashboard_charts(
    user: User, *, seated: list, complaint_counts: dict[str, int]
) -> tuple[list[str], dict[str, Any]]:
    """Chart panels (training completion, complaints by status) for those they concern."""
    panels: list[str] = []
    context: dict[str, Any] = {}
    completion = training_selectors.dashboard_completion(user=user, seated=seated)
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


def dashboard_stats(user: User, counts: dict[str, int]) -> list[tuple[str, int, str]]:
    """The people and content tiles (`counts`: the shared ones) and the unread messages."""
    return [
        (_("Colleagues"), counts["people"], "accounts:directory"),
        (_("Unread messages"), unread_counts(user).get("messages", 0), "messaging:inbox"),
        (_("Announcements"), counts["announcements"], "content:announcement_list"),
        (_("Documents"), counts["documents"], "content:document_list"),
        (_("Upcoming events"), counts["events"], "content:event_list"),
    ]


def _stats_tiles(
    user: User, *, shared: dict[str, Any], registered: list, complaint_counts: dict[str, int]
) -> list[tuple[str, int, str]]:
    return [
        *dashboard_stats(user, shared["counts"]),
        *training_selectors.dashboard_stats(registered=registered),
        *complaints_selectors.dashboard_stats(user=user, counts=complaint_counts),
    ]


def stats_tiles(user: User) -> list[tuple[str, int, str]]:
    """The dashboard's tiles, every domain's, for `user` (the API's /stats): the same figures
    and the same visibility (complaint tiles only for those who handle complaints)."""
    seated = training_selectors.seated_participations(user=user)
    return _stats_tiles(
        user,
        shared=dashboard_shared(user),
        registered=training_selectors.dashboard_registered(seated=seated),
        complaint_counts=complaints_selectors.handled_counts(user=user),
    )


def dashboard_context(user: User) -> dict[str, Any]:
    """The dashboard's template context: each domain contributes its panels, tiles and
    obligations through its own selectors."""
    shared = dashboard_shared(user)
    seated = training_selectors.seated_participations(user=user)
    registered = training_selectors.dashboard_registered(seated=seated)
    complaint_counts = complaints_selectors.handled_counts(user=user)
    must_reads = content_selectors.must_reads_pending(user=user)
    chart_panels, chart_context = dashboard_charts(
        user, seated=seated, complaint_counts=complaint_counts
    )
    return {
        "stats": _stats_tiles(
            user, shared=shared, registered=registered, complaint_counts=complaint_counts
        ),
        "panels": [
            "content/_dashboard_announcements.html",
            "content/_dashboard_events.html",
            *training_selectors.dashboard_panels(user=user),
            *chart_panels,
            "forum/_dashboard_recent_topics.html",
        ],
        "banners": ["content/_must_read_banner.html"],
        "obligations": [
            *content_selectors.dashboard_obligations(
                user=user, must_reads=must_reads[:OBLIGATIONS_LIMIT]
            ),
            *training_selectors.dashboard_obligations(user=user, registered=registered),
            *complaints_selectors.dashboard_obligations(user=user, limit=OBLIGATIONS_LIMIT),
            *forum_selectors.dashboard_obligations(user=user),
        ],
        "training_progress": training_selectors.dashboard_progress(registered=registered),
        "recent_notifications": list(notification_list(user=user)[:NOTIFICATIONS_LIMIT]),
        "must_reads": must_reads[:3],
        "latest_announcements": shared["latest_announcements"],
        "upcoming_events": shared["upcoming_events"],
        "forum_recent_topics": shared["forum_recent_topics"],
        **chart_context,
    }
