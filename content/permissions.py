"""Who may do what with content: one predicate per check, used by views and passed to templates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from accounts.models import User
    from content.models import Announcement, AnnouncementComment

MANAGE_ANNOUNCEMENTS = "content.manage_announcements"
MANAGE_DOCUMENTS = "content.manage_documents"
MANAGE_EVENTS = "content.manage_events"
MANAGE_CONTENT = "content.manage_content"
# The moderators' right over what people write (accounts.backends gives it to the role).
MODERATE_POSTS = "forum.validate_posts"


def can_manage_announcements(user: User) -> bool:
    return user.has_perm(MANAGE_ANNOUNCEMENTS)


def can_manage_documents(user: User) -> bool:
    return user.has_perm(MANAGE_DOCUMENTS)


def can_manage_events(user: User) -> bool:
    return user.has_perm(MANAGE_EVENTS)


def can_manage_content(user: User) -> bool:
    return user.has_perm(MANAGE_CONTENT)


def can_follow_acknowledgements(user: User, announcement: Announcement) -> bool:
    """The author and the announcement managers see who has read a must-read."""
    return announcement.author_id == user.pk or can_manage_announcements(user)


def ensure_can_follow_acknowledgements(user: User, announcement: Announcement) -> None:
    if not can_follow_acknowledgements(user, announcement):
        raise PermissionDenied


def can_see_unpublished_announcement(user: User, announcement: Announcement) -> bool:
    """A draft, a scheduled or an expired announcement: its author and the managers."""
    return announcement.author_id == user.pk or can_manage_announcements(user)


# --- Comments and reactions -----------------------------------------------------------------
def can_moderate_comments(user: User) -> bool:
    """Hide, delete and handle reports: moderators (like forum posts) and content managers."""
    return user.is_authenticated and any(
        user.has_perm(perm) for perm in (MODERATE_POSTS, MANAGE_ANNOUNCEMENTS, MANAGE_CONTENT)
    )


def can_react(user: User, announcement: Announcement) -> bool:
    return user.is_authenticated and announcement.allow_reactions and announcement.is_published


def can_comment(user: User, announcement: Announcement) -> bool:
    return user.is_authenticated and announcement.allow_comments and announcement.is_published


def can_see_comment(user: User, comment: AnnouncementComment) -> bool:
    if comment.deleted:
        return False
    return not comment.hidden or comment.author_id == user.pk or can_moderate_comments(user)


def can_delete_comment(user: User, comment: AnnouncementComment) -> bool:
    return not comment.deleted and (comment.author_id == user.pk or can_moderate_comments(user))


def can_hide_comment(user: User, comment: AnnouncementComment) -> bool:
    return not comment.deleted and can_moderate_comments(user)


def can_report_comment(user: User, comment: AnnouncementComment) -> bool:
    return (
        user.is_authenticated
        and not comment.deleted
        and not comment.hidden
        and comment.author_id != user.pk
    )


def ensure(allowed: bool) -> None:
    """A 403 unless the predicate allows it."""
    if not allowed:
        raise PermissionDenied
