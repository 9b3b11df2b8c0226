"""Reads about comments and reactions on announcements, limited to what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.models import User
from content import permissions
from content.models import (
    Announcement,
    AnnouncementComment,
    AnnouncementCommentReport,
    AnnouncementReaction,
    Reaction,
)
from content.selectors import announcement_get


@dataclass(frozen=True)
class ReactionCount:
    kind: str
    label: str
    count: int
    mine: bool


def announcement_reactions(*, user: User, announcement: Announcement) -> list[ReactionCount]:
    """Each reaction of the fixed set with its count and whether `user` gave it (one query)."""
    rows = (
        AnnouncementReaction.objects.filter(announcement=announcement)
        .values("kind")
        .annotate(count=Count("pk"), mine=Count("pk", filter=Q(user_id=user.pk)))
    )
    counted = {row["kind"]: row for row in rows}
    return [
        ReactionCount(
            kind=kind,
            label=str(label),
            count=counted.get(kind, {}).get("count", 0),
            mine=bool(counted.get(kind, {}).get("mine")),
        )
        for kind, label in Reaction.choices
    ]


def announcement_comments(
    *, user: User, announcement: Announcement
) -> QuerySet[AnnouncementComment]:
    """The comments `user` may see, oldest first: hidden ones only for moderators and their
    authors; `reported` (an open report by `user`) and `open_reports` on each."""
    comments = AnnouncementComment.objects.filter(announcement=announcement, deleted=False)
    if not permissions.can_moderate_comments(user):
        comments = comments.filter(Q(hidden=False) | Q(author_id=user.pk))
    open_reports = AnnouncementCommentReport.objects.filter(
        comment=OuterRef("pk"), status=AnnouncementCommentReport.Status.OPEN
    )
    return (
        comments.select_related("author")
        .annotate(
            reported=Exists(open_reports.filter(reporter_id=user.pk)),
            open_reports=Count(
                "reports", filter=Q(reports__status=AnnouncementCommentReport.Status.OPEN)
            ),
        )
        .order_by("created_at", "pk")
    )


def comment_get(*, user: User, pk: int) -> AnnouncementComment:
    """A comment `user` may see, under an announcement they may see (else 404)."""
    comment = get_object_or_404(AnnouncementComment.objects.select_related("author"), pk=pk)
    if not permissions.can_see_comment(user, comment):
        raise Http404(_("No such comment."))
    comment.announcement = announcement_get(user=user, pk=comment.announcement_id)
    return comment


def comment_reports_open() -> QuerySet[AnnouncementCommentReport]:
    """Open reports for the moderators' queue, newest first."""
    return (
        AnnouncementCommentReport.objects.filter(status=AnnouncementCommentReport.Status.OPEN)
        .select_related("reporter", "comment__author", "comment__announcement")
        .order_by("-created_at", "-pk")
    )
