"""What comes next for a learner: the one action a training page, a quiz result or a completed
training offers, so the journey never ends on a page without a way forward.

- registered, nothing opened yet → "Start" (the first lesson);
- in progress → "Continue: <lesson>" (the lesson to resume);
- completed → "Review" (the first lesson) and "Download certificate" when one was issued;
- a quiz result → "Next lesson" when passed (or back to the training when none is left),
  "Try again" while attempts are left.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from training.models import Certificate, Lesson, Participant
from training.permissions import can_follow, can_start_quiz
from training.selectors.learning import CourseState, course_states, quiz_attempts

if TYPE_CHECKING:
    from training.models import QuizAttempt

Status = Participant.Status


@dataclass
class NextStep:
    kind: str  # "start", "continue" or "review"
    label: str
    lesson: Lesson | None
    certificate: Certificate | None = None


def resume_from(participant: Participant, states: list[CourseState]) -> Lesson | None:
    """The lesson to continue with: the last one opened if unfinished, else the first one not
    done in an open course."""
    lessons = [(state, lesson) for state in states for lesson in state.lessons]
    for _state, lesson in lessons:
        if lesson.pk == participant.last_lesson_id and not lesson.is_done:
            return lesson
    return next((lesson for state, lesson in lessons if state.is_open and not lesson.is_done), None)


def resume_lesson(*, participant: Participant) -> Lesson | None:
    return resume_from(
        participant, course_states(user=participant.user, training=participant.training)
    )


def next_step(*, participant: Participant | None, states: list[CourseState]) -> NextStep | None:
    """The training page's main action for a seated participant (`states`: `course_states`)."""
    if not can_follow(participant):
        return None
    if participant.status == Status.COMPLETED:
        first = next((lesson for state in states for lesson in state.lessons), None)
        certificate = Certificate.objects.filter(
            training_id=participant.training_id, user_id=participant.user_id
        ).first()
        return NextStep(kind="review", label=_("Review"), lesson=first, certificate=certificate)
    lesson = resume_from(participant, states)
    if lesson is None:
        return None
    started = participant.progress > 0 or participant.last_lesson_id is not None
    if not started and not any(lesson.is_done for state in states for lesson in state.lessons):
        return NextStep(kind="start", label=_("Start"), lesson=lesson)
    return NextStep(
        kind="continue",
        label=_("Continue: %(lesson)s") % {"lesson": lesson.title},
        lesson=lesson,
    )


@dataclass
class AfterAttempt:
    next_lesson: Lesson | None
    can_retry: bool
    completed: bool
    certificate: Certificate | None


def after_attempt(*, attempt: QuizAttempt, participant: Participant | None) -> AfterAttempt:
    """What a submitted attempt's page offers: the next lesson when passed, another try while
    attempts are left, the certificate once the training is completed."""
    quiz = attempt.quiz
    attempts = quiz_attempts(user=attempt.user, quiz=quiz)
    passed = any(a.passed for a in attempts)
    can_retry = not passed and can_start_quiz(participant, quiz, attempts)
    next_lesson, completed, certificate = None, False, None
    if passed and can_follow(participant):
        completed = participant.status == Status.COMPLETED
        if completed:
            certificate = Certificate.objects.filter(
                training_id=participant.training_id, user_id=participant.user_id
            ).first()
        else:
            states = course_states(user=participant.user, training=participant.training)
            next_lesson = resume_from(participant, states)
    return AfterAttempt(
        next_lesson=next_lesson, can_retry=can_retry, completed=completed, certificate=certificate
    )
