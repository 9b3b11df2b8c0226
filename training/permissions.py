"""Who may do what with trainings.

`training.manage_trainings` held globally manages every training; held as a guardian object
permission (the instructor's) it manages that one training only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from accounts.selectors import object_rights
from training.models import Training

if TYPE_CHECKING:
    from accounts.models import User
    from training.models import Participant

MANAGE = "training.manage_trainings"


def can_manage_all(user: User) -> bool:
    return user.is_authenticated and user.has_perm(MANAGE)


def can_manage(user: User, training: Training) -> bool:
    return can_manage_all(user) or MANAGE in object_rights(user, Training).get(training.pk, ())


def managed_training_ids(user: User) -> list[int]:
    """The trainings `user` manages through an object right (an instructor's), read once per
    request with the rest of their rights on trainings (`accounts.selectors.object_rights`)."""
    return [pk for pk, held in object_rights(user, Training).items() if MANAGE in held]


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
