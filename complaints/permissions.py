"""Who may do what with a complaint. Views pass these booleans to templates."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from complaints.models import Complaint

if TYPE_CHECKING:
    from accounts.models import User

MANAGE = "complaints.manage_complaints"


def is_complaint_manager(user: User) -> bool:
    """Holds the global right (admins included): sees and handles every complaint."""
    return user.is_authenticated and user.has_perm(MANAGE)


def can_handle_complaints(user: User) -> bool:
    """May be assigned complaints: holders of `manage_complaints` and administrators."""
    return user.is_active and (user.is_superuser or user.has_perm(MANAGE))


def can_handle(user: User, complaint: Complaint) -> bool:
    """A manager, or the assignee through the guardian object permission."""
    if is_complaint_manager(user):
        return True
    return complaint.assignee_id == user.pk and user.has_perm(MANAGE, complaint)


def can_open_handling(user: User) -> bool:
    return is_complaint_manager(user) or Complaint.objects.filter(assignee=user).exists()


def ensure_can_open_handling(user: User) -> None:
    if not can_open_handling(user):
        raise PermissionDenied


def ensure_can_handle(user: User, complaint: Complaint) -> None:
    if not can_handle(user, complaint):
        raise PermissionDenied


def can_reply(user: User, complaint: Complaint) -> bool:
    if complaint.status == Complaint.Status.CLOSED:
        return False
    return complaint.submitter_id == user.pk or can_handle(user, complaint)


def can_reopen(user: User, complaint: Complaint) -> bool:
    """The submitter, within COMPLAINT_REOPEN_DAYS of the resolution."""
    if complaint.submitter_id != user.pk or complaint.resolved_at is None:
        return False
    if complaint.status not in (Complaint.Status.RESOLVED, Complaint.Status.CLOSED):
        return False
    days = getattr(settings, "COMPLAINT_REOPEN_DAYS", 14)
    return timezone.now() - complaint.resolved_at <= timedelta(days=days)


def can_rate(user: User, complaint: Complaint) -> bool:
    return (
        complaint.submitter_id == user.pk
        and complaint.status in (Complaint.Status.RESOLVED, Complaint.Status.CLOSED)
        and complaint.satisfaction_rating is None
    )


def sees_every_submitter(user: User, complaint: Complaint) -> bool:
    """Who always sees a confidential complaint's submitter: the submitter, the current
    assignee and administrators."""
    return user.is_authenticated and (
        user.pk in (complaint.submitter_id, complaint.assignee_id) or user.is_superuser
    )


def can_see_submitter(user: User, complaint: Complaint) -> bool:
    """A confidential complaint's submitter is shown only to `sees_every_submitter` and to the
    managers it was revealed to (`submitter_revealed`, annotated by the selectors that list
    complaints; read here when absent); everyone else sees "Confidential"."""
    if not complaint.confidential or sees_every_submitter(user, complaint):
        return True
    revealed = getattr(complaint, "submitter_revealed", None)
    if revealed is None:
        revealed = complaint.submitter_reveals.filter(revealed_to_id=user.pk).exists()
    return bool(revealed)


def can_reveal_submitter(user: User, complaint: Complaint) -> bool:
    """Revealing a confidential submitter to another manager: the assignee or an administrator,
    on a complaint they may handle."""
    if not complaint.confidential or not user.is_active:
        return False
    is_assignee = complaint.assignee_id == user.pk
    return (is_assignee or user.is_superuser) and can_handle(user, complaint)


def can_edit(user: User, complaint: Complaint) -> bool:
    """The submitter may correct the title, description and category while the request is new
    (handlers re-categorise through the update panel)."""
    return complaint.submitter_id == user.pk and complaint.status == Complaint.Status.NEW


def can_manage_saved_replies(user: User) -> bool:
    """The shared saved replies are managed by complaint managers (the global right)."""
    return user.is_active and is_complaint_manager(user)


def can_use_saved_replies(user: User) -> bool:
    return can_open_handling(user)
