"""A learner's progress: the lesson they opened, the lessons they completed, completion."""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from intrasphere import caching
from intrasphere.services import audit_record
from training import selectors
from training.models import Lesson, LessonProgress, Participant, Quiz, QuizAttempt, Training
from training.services.certificates import certificate_issue
from training.services.grading import training_score

Status = Participant.Status


def progress_percent(*, done: int, total: int) -> int:
    """A participant's progress: the share of the training's lessons they completed."""
    return math.floor(100 * done / total) if total else 0


def participations_written_in_bulk() -> None:
    """A bulk write sends no signal: the dashboard's and the search's cached values that are
    read from participations (`intrasphere.caching.SHARED_VALUES`) are computed again."""
    caching.bump({"training.Participant", "training.Training"})


def lesson_open(*, participant: Participant, lesson: Lesson) -> None:
    """Remember where the participant left off."""
    if participant.last_lesson_id != lesson.pk:
        Participant.objects.filter(pk=participant.pk).update(last_lesson=lesson)
        participant.last_lesson = lesson


def lesson_complete(*, participant: Participant, lesson: Lesson) -> Participant:
    """Mark a lesson done. A lesson with a quiz is done only when the quiz is passed."""
    if not participant.is_seated:
        raise ValidationError(_("Only registered participants can follow the lessons."))
    if not selectors.course_is_open(user=participant.user, course=lesson.course):
        raise ValidationError(_("Complete the prerequisite courses first."))
    quiz = Quiz.objects.filter(lesson=lesson).first()
    if (
        quiz is not None
        and not QuizAttempt.objects.filter(quiz=quiz, user=participant.user, passed=True).exists()
    ):
        raise ValidationError(_("Pass this lesson's quiz to complete it."))
    with transaction.atomic():
        LessonProgress.objects.get_or_create(user=participant.user, lesson=lesson)
        return progress_refresh(participant=participant)


def progress_refresh(*, participant: Participant) -> Participant:
    """Recompute the participant's progress; completing every lesson completes the training
    (its score: `grading.training_score`) and issues the certificate."""
    participant = (
        Participant.objects.select_for_update()
        .select_related("training", "user")
        .get(pk=participant.pk)
    )
    training = participant.training
    total = Lesson.objects.filter(course__training=training).count()
    done = LessonProgress.objects.filter(
        user=participant.user, lesson__course__training=training
    ).count()
    participant.progress = progress_percent(done=done, total=total)
    if not (total and done >= total and participant.status == Status.REGISTERED):
        participant.save(update_fields=["progress"])
        return participant
    participant.status = Status.COMPLETED
    participant.completed_at = timezone.now()
    participant.score = training_score(training=training, user=participant.user)
    participant.save(update_fields=["progress", "status", "completed_at", "score"])
    audit_record(actor=participant.user, action="training.participant.complete", target=participant)
    certificate_issue(training=training, user=participant.user)
    return participant


def progress_recompute(*, training: Training) -> None:
    """After lessons are added or removed, registered participants' percentages follow."""
    total = Lesson.objects.filter(course__training=training).count()
    done = dict(
        LessonProgress.objects.filter(lesson__course__training=training)
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )
    participants = list(Participant.objects.filter(training=training, status=Status.REGISTERED))
    for participant in participants:
        participant.progress = progress_percent(done=done.get(participant.user_id, 0), total=total)
    Participant.objects.bulk_update(participants, ["progress"])
    participations_written_in_bulk()
    for participant in participants:
        if total and participant.progress >= 100:
            progress_refresh(participant=participant)  # every lesson left is done: complete
