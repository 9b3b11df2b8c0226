"""What a participant is told, word for word, when the training refuses a registration, an
unregistration or a quiz attempt (the services raise it; the pages and the API show it)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import UserFactory
from tests.training.factories import (
    LessonFactory,
    QuizAttemptFactory,
    QuizFactory,
    TrainingFactory,
    seat,
)
from training.models import Participant
from training.services.enrolment import training_register, training_unregister
from training.services.quizzes import quiz_start

pytestmark = pytest.mark.django_db


def refused(call, **kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    return " ".join(error.value.messages)


def past_training(**kwargs):
    now = timezone.now()
    return TrainingFactory(
        start_date=now - datetime.timedelta(days=3),
        end_date=now - datetime.timedelta(days=2),
        **kwargs,
    )


def test_registration_refusals():
    user, training = UserFactory(), TrainingFactory()
    training_register(training=training, user=user)
    assert (
        refused(training_register, training=training, user=user)
        == "You are already registered for this training."
    )
    closed = TrainingFactory(is_active=False)
    assert (
        refused(training_register, training=closed, user=user)
        == "This training is not open for registration."
    )
    assert (
        refused(training_register, training=past_training(), user=user)
        == "This training has already ended."
    )


def test_unregistration_refusals():
    user = UserFactory()
    assert (
        refused(training_unregister, training=TrainingFactory(), user=user)
        == "You are not registered for this training."
    )
    now = timezone.now()
    started = TrainingFactory(
        start_date=now - datetime.timedelta(hours=1), end_date=now + datetime.timedelta(days=1)
    )
    seat(started, user)
    assert (
        refused(training_unregister, training=started, user=user)
        == "The training has started: you can no longer unregister."
    )


def test_quiz_start_refusals():
    training = TrainingFactory()
    quiz = QuizFactory(lesson=LessonFactory(course__training=training), max_attempts=1)
    cancelled = seat(training, UserFactory(), status=Participant.Status.CANCELLED)
    assert (
        refused(quiz_start, participant=cancelled, quiz=quiz)
        == "Only registered participants can take the quiz."
    )
    passed = seat(training, UserFactory())
    QuizAttemptFactory(quiz=quiz, user=passed.user, submitted_at=timezone.now(), passed=True)
    assert (
        refused(quiz_start, participant=passed, quiz=quiz) == "You have already passed this quiz."
    )
    failed = seat(training, UserFactory())
    QuizAttemptFactory(quiz=quiz, user=failed.user, submitted_at=timezone.now(), passed=False)
    assert (
        refused(quiz_start, participant=failed, quiz=quiz)
        == "You have used all 1 attempts for this quiz."
    )
