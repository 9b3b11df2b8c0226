"""Who may do what with content: one predicate per check, used by views and passed to templates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from accounts.models import User
    from content.models import Announcement

MANAGE_ANNOUNCEMENTS = "content.manage_announcements"
MANAGE_DOCUMENTS = "content.manage_documents"
MANAGE_EVENTS = "content.manage_events"
MANAGE_CONTENT = "content.manage_content"


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
