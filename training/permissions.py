"""Who may do what with trainings.

`training.manage_trainings` held globally manages every training; held as a guardian object
permission (the instructor's) it manages that one training only. The predicates on a viewer's
participation (register, unregister, follow, start a quiz) live here too, so the pages that show
a button and the services that do the write ask the same question.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.selectors import object_rights
from training.models import Participant, Training

if TYPE_CHECKING:
    from accounts.models import User
    from training.models import Quiz, QuizAttempt

MANAGE = "training.manage_trainings"
Status = Participant.Status


def can_manage_all(user: User) -> bool:
    return user.is_authenticated and user.has_perm(MANAGE)


def can_manage(user: User, training: Training) -> bool:
    return can_manage_all(user) or MANAGE in object_rights(user, Training).get(training.pk, ())


def managed_training_ids(user: User) -> list[int]:
    """The trainings `user` manages through an object right (an instructor's), from the
    per-user rights cache (`accounts.selectors.object_rights`)."""
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


def can_open_lessons(user: User, training: Training, participant: Participant | None) -> bool:
    """Lessons, courses, attachments and resources: seated participants and managers."""
    return can_follow(participant) or can_manage(user, training)


def registration_refusal(participant: Participant | None, training: Training) -> str | None:
    """Why `participant` (None: never registered) cannot register now; None when they can."""
    if participant is not None and participant.status != Status.CANCELLED:
        return _("You are already registered for this training.")
    if not (training.is_active and training.is_visible):
        return _("This training is not open for registration.")
    if training.has_ended:
        return _("This training has already ended.")
    return None


def can_register(participant: Participant | None, training: Training) -> bool:
    return registration_refusal(participant, training) is None


def unregistration_refusal(participant: Participant | None, training: Training) -> str | None:
    """A seat or a waitlist place can be given back until the training starts."""
    if participant is None or participant.status not in (Status.REGISTERED, Status.WAITLISTED):
        return _("You are not registered for this training.")
    if training.has_started:
        return _("The training has started: you can no longer unregister.")
    return None


def can_unregister(participant: Participant | None, training: Training) -> bool:
    return unregistration_refusal(participant, training) is None


def can_give_feedback(participant: Participant | None) -> bool:
    return participant is not None and participant.status == Status.COMPLETED


def quiz_start_refusal(
    participant: Participant | None, quiz: Quiz, attempts: Sequence[QuizAttempt]
) -> str | None:
    """Why `participant` cannot start (or resume) `quiz` now; None when they can. `attempts`:
    theirs at the quiz. An open attempt can always be resumed (`services.quiz_start` grades
    one past its deadline first, then asks again)."""
    if not can_follow(participant):
        return _("Only registered participants can take the quiz.")
    if any(attempt.passed for attempt in attempts):
        return _("You have already passed this quiz.")
    if any(not attempt.is_submitted for attempt in attempts):
        return None
    if len(attempts) >= quiz.max_attempts:
        return _("You have used all %(count)s attempts for this quiz.") % {
            "count": quiz.max_attempts
        }
    return None


def can_start_quiz(
    participant: Participant | None, quiz: Quiz, attempts: Sequence[QuizAttempt]
) -> bool:
    return quiz_start_refusal(participant, quiz, attempts) is None
