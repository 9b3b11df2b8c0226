"""Who handles reports of the reporting channel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from accounts.models import User

HANDLE = "complaints.handle_concerns"


def can_handle_concerns(user: User) -> bool:
    """Holders of the dedicated right (their own, a group's, a delegation in force) and
    administrators, who hold every right. Complaint managers do not, by that right alone."""
    return bool(user.is_authenticated and user.is_active and user.has_perm(HANDLE))


def ensure_can_handle_concerns(user: User) -> None:
    if not can_handle_concerns(user):
        raise PermissionDenied
