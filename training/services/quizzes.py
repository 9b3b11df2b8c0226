"""Quiz attempts: starting one within the limits, grading it on the server."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intrasphere.services import audit_record
from training import permissions, selectors
from training.models import LessonProgress, Participant, Quiz, QuizAttempt
from training.services.grading import grade
from training.services.learning import progress_refresh

if TYPE_CHECKING:
    from django.http import HttpRequest

# A quiz submission arriving later than this after its deadline is graded as of the deadline,
# that is with no answers: late answers are discarded (every question counts as unanswered).
QUIZ_GRACE = datetime.timedelta(seconds=30)


def _finalize_expired(attempt: QuizAttempt) -> None:
    """An attempt left open past its deadline and grace counts as submitted with no answers."""
    _grade(attempt=attempt, answers={}, submitted_at=attempt.deadline, late=True)


def quiz_start(*, participant: Participant, quiz: Quiz) -> QuizAttempt:
    """Open an attempt (or return the one still open). The attempt limit holds under concurrency:
    the participant row is locked, and attempt numbers are unique per user and quiz."""
    refusal = permissions.quiz_start_refusal(participant, quiz, attempts=[])
    if refusal is not None:  # not seated
        raise ValidationError(refusal)
    if not selectors.course_is_open(user=participant.user, course=quiz.lesson.course):
        raise ValidationError(_("Complete the prerequisite courses first."))
    now = timezone.now()
    try:
        with transaction.atomic():
            Participant.objects.select_for_update().get(pk=participant.pk)
            attempts = list(
                QuizAttempt.objects.select_for_update().filter(quiz=quiz, user=participant.user)
            )
            for attempt in attempts:
                if attempt.submitted_at is None:
                    if attempt.deadline is None or now <= attempt.deadline + QUIZ_GRACE:
                        return attempt
                    _finalize_expired(attempt)
            refusal = permissions.quiz_start_refusal(participant, quiz, attempts)
            if refusal is not None:  # passed, or no attempt left
                raise ValidationError(refusal)
            deadline = (
                now + datetime.timedelta(minutes=quiz.time_limit_minutes)
                if quiz.time_limit_minutes
                else None
            )
            return QuizAttempt.objects.create(
                quiz=quiz,
                user=participant.user,
                number=len(attempts) + 1,
                started_at=now,
                deadline=deadline,
            )
    except IntegrityError:
        raise ValidationError(_("Another attempt was started at the same time.")) from None


def quiz_answers_check(*, quiz: Quiz, answers: dict[int, list[int]]) -> None:
    """Refuse answers to questions outside the quiz and choices outside their question."""
    questions = {q.pk: q for q in quiz.questions.prefetch_related("choices")}
    for question_id, choice_ids in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise ValidationError(_("Some answers are for questions that are not in this quiz."))
        valid = {choice.pk for choice in question.choices.all()}
        if not set(choice_ids) <= valid:
            raise ValidationError(_("Some answers are not choices of their question."))
        if question.kind != question.Kind.MULTIPLE and len(set(choice_ids)) > 1:
            raise ValidationError(
                _("Choose only one answer for “%(question)s”.") % {"question": question}
            )


def _grade(
    *,
    attempt: QuizAttempt,
    answers: dict[int, list[int]],
    submitted_at: datetime.datetime,
    late: bool,
) -> QuizAttempt:
    """Score `answers` (`grading.grade`) and close the attempt."""
    result = grade(
        quiz=attempt.quiz, questions=selectors.quiz_questions(quiz=attempt.quiz), answers=answers
    )
    attempt.answers = {str(k): sorted(set(v)) for k, v in answers.items()}
    attempt.points = result.points
    attempt.max_points = result.max_points
    attempt.score = result.score
    attempt.passed = result.passed
    attempt.submitted_at = submitted_at
    attempt.late = late
    attempt.save()
    return attempt


def quiz_submit(
    *, attempt: QuizAttempt, answers: dict[int, list[int]], request: HttpRequest | None = None
) -> QuizAttempt:
    """Grade on the server. Past deadline + grace, the answers are discarded (see QUIZ_GRACE)."""
    quiz_answers_check(quiz=attempt.quiz, answers=answers)
    now = timezone.now()
    with transaction.atomic():
        attempt = QuizAttempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
        if attempt.submitted_at is not None:
            raise ValidationError(_("This attempt has already been submitted."))
        if attempt.deadline is not None and now > attempt.deadline + QUIZ_GRACE:
            _grade(attempt=attempt, answers={}, submitted_at=attempt.deadline, late=True)
        else:
            _grade(attempt=attempt, answers=answers, submitted_at=now, late=False)
        audit_record(
            actor=attempt.user,
            action="training.quiz.submit",
            target=attempt,
            summary=f"score={attempt.score} passed={attempt.passed} late={attempt.late}",
            request=request,
        )
        if attempt.passed:
            participant = Participant.objects.filter(
                training=attempt.quiz.lesson.course.training, user=attempt.user
            ).first()
            if participant is not None and participant.is_seated:
                LessonProgress.objects.get_or_create(user=attempt.user, lesson=attempt.quiz.lesson)
                progress_refresh(participant=participant)
    return attempt
