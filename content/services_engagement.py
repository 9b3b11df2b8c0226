"""Writes for comments and reactions on announcements: checked, audited when moderating;
the announcement's author is told of each new comment (never of their own)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors_people import mentioned_people
from content import permissions, selectors
from content.models import (
    COMMENT_MAX_LENGTH,
    Announcement,
    AnnouncementComment,
    AnnouncementCommentReport,
    AnnouncementReaction,
    Reaction,
)
from intrasphere.services import audit_record, notification_send

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User


def _ensure(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def reaction_toggle(*, user: User, announcement: Announcement, kind: str) -> bool:
    """Give or take back `user`'s reaction `kind`; True when it is now given."""
    _ensure(permissions.can_react(user, announcement))
    if kind not in Reaction.values:
        raise ValidationError({"kind": _("Choose one of the reactions offered.")})
    removed, _rows = AnnouncementReaction.objects.filter(
        announcement=announcement, user=user, kind=kind
    ).delete()
    if removed:
        return False
    try:
        with transaction.atomic():
            AnnouncementReaction.objects.create(announcement=announcement, user=user, kind=kind)
    except IntegrityError:  # a parallel click gave it already
        pass
    return True


@transaction.atomic
def comment_create(
    *, author: User, announcement: Announcement, content: str
) -> AnnouncementComment:
    """Add a comment (Markdown, shown sanitised); the announcement's author is notified."""
    _ensure(permissions.can_comment(author, announcement))
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": _("Write a comment first.")})
    if len(content) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "content": _("A comment has at most %(max)d characters.")
                % {"max": COMMENT_MAX_LENGTH}
            }
        )
    comment = AnnouncementComment.objects.create(
        announcement=announcement, author=author, content=content
    )
    _notify_mentions(comment)
    if announcement.author_id:
        recipient = announcement.author
        params = {"name": author.name, "title": announcement.title}
        url = f"{announcement.get_absolute_url()}#comment-{comment.pk}"
        transaction.on_commit(
            lambda: notification_send(
                recipients=[recipient],
                kind="content.announcement_comment",
                params=params,
                target=announcement,
                url=url,
                actor=author,
            )
        )
    return comment


def _notify_mentions(comment: AnnouncementComment) -> None:
    """Tell the colleagues a comment @mentions (resolved only when unique) who may read the
    announcement; never its writer."""
    announcement = comment.announcement
    if not hasattr(announcement, "audience_category_ids"):
        announcement.audience_category_ids = frozenset(
            announcement.audience_categories.values_list("pk", flat=True)
        )
    readers = [
        person
        for person in mentioned_people(comment.content, author=comment.author)
        if selectors.announcement_readable(user=person, announcement=announcement)
    ]
    if not readers:
        return
    params = {"author": comment.author.name, "title": announcement.title}
    url = f"{announcement.get_absolute_url()}#comment-{comment.pk}"
    transaction.on_commit(
        lambda: notification_send(
            recipients=readers,
            kind="content.mention",
            params=params,
            target=announcement,
            url=url,
            actor=comment.author,
        )
    )


@transaction.atomic
def comment_delete(
    *, actor: User, comment: AnnouncementComment, request: HttpRequest | None = None
) -> None:
    """The author or a moderator removes a comment (kept as a deleted row, reports closed)."""
    _ensure(permissions.can_delete_comment(actor, comment))
    comment.deleted = True
    comment.save(update_fields=["deleted"])
    _close_reports(comment=comment, actor=actor, status=AnnouncementCommentReport.Status.RESOLVED)
    if actor.pk != comment.author_id:
        audit_record(actor=actor, action="content.comment.delete", target=comment, request=request)


@transaction.atomic
def comment_hide(
    *,
    actor: User,
    comment: AnnouncementComment,
    hidden: bool = True,
    request: HttpRequest | None = None,
) -> None:
    """A moderator hides a comment (its open reports resolved) or shows it again."""
    _ensure(permissions.can_hide_comment(actor, comment))
    comment.hidden, comment.hidden_by = hidden, actor if hidden else None
    comment.save(update_fields=["hidden", "hidden_by"])
    if hidden:
        _close_reports(
            comment=comment, actor=actor, status=AnnouncementCommentReport.Status.RESOLVED
        )
    audit_record(
        actor=actor,
        action="content.comment.hide" if hidden else "content.comment.show",
        target=comment,
        request=request,
    )


def comment_report(
    *, reporter: User, comment: AnnouncementComment, reason: str
) -> AnnouncementCommentReport:
    """Someone flags a comment for the moderators (once while it is open)."""
    _ensure(permissions.can_report_comment(reporter, comment))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong with this comment.")})
    try:
        with transaction.atomic():
            return AnnouncementCommentReport.objects.create(
                comment=comment, reporter=reporter, reason=reason[:1000]
            )
    except IntegrityError:
        raise ValidationError(_("You have already reported this comment.")) from None


@transaction.atomic
def comment_report_dismiss(
    *, actor: User, report: AnnouncementCommentReport, request: HttpRequest | None = None
) -> None:
    _ensure(permissions.can_moderate_comments(actor))
    _close_reports(
        comment=report.comment,
        actor=actor,
        status=AnnouncementCommentReport.Status.DISMISSED,
        pk=report.pk,
    )
    audit_record(
        actor=actor, action="content.comment.report_dismiss", target=report.comment, request=request
    )


def _close_reports(
    *, comment: AnnouncementComment, actor: User, status: str, pk: int | None = None
) -> None:
    reports = AnnouncementCommentReport.objects.filter(
        comment=comment, status=AnnouncementCommentReport.Status.OPEN
    )
    if pk is not None:
        reports = reports.filter(pk=pk)
    reports.update(status=status, handled_by=actor, handled_at=timezone.now())
