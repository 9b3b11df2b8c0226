"""Who may do what with trainings.

`training.manage_trainings` held globally manages every training; held as a guardian object
permission (the instructor's) it manages that one training only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from accounts.models import User
    from training.models import Participant, Training

MANAGE = "training.manage_trainings"


def can_manage_all(user: User) -> bool:
    return user.is_authenticated and user.has_perm(MANAGE)


def can_manage(user: User, training: Training) -> bool:
    return can_manage_all(user) or (user.is_authenticated and user.has_perm(MANAGE, training))


def can_delete(user: User, training: Training) -> bool:
    return can_manage_all(user)


def ensure_manage(user: User, training: Training) -> None:
    if not can_manage(user, training):
        raise PermissionDenied


def ensure_manage_all(user: User) -> None:
    if not can_manage_all(user):
        raise PermissionDenied


def can_follow(participant: Participant | None) -> bool:
    """A seated participant may open the lessons."""
    return participant is not None and participant.is_seated
