"""Every getter of a training's page, lesson, quiz or question answers 404 exactly to those
`visible_trainings` does not show the training to, for every kind of training and person (the
pages' own reads add the viewer's state to the rule, never change it)."""

import itertools

import pytest
from django.http import Http404
from guardian.shortcuts import assign_perm

from accounts.models import User
from tests.factories import UserFactory, grant
from tests.training.factories import LessonFactory, ParticipantFactory, QuizFactory, TrainingFactory
from training import selectors
from training.models import Participant

pytestmark = pytest.mark.django_db


# What the lesson and quiz pages call (with the viewer's state in the same query).
PAGE_GETTERS = (selectors.lesson_for_page, selectors.quiz_for_page)


def opens(getter, user: User, pk: int) -> bool:
    try:
        getter(user=User.objects.get(pk=user.pk), pk=pk)
    except Http404:
        return False
    return True


def test_pages_admit_exactly_whom_visible_trainings_admits():
    people = {
        "stranger": UserFactory(),
        "enrolled": UserFactory(),
        "cancelled": UserFactory(),
        "instructor": UserFactory(),
        "manager": grant(UserFactory(), "training.manage_trainings"),
    }
    quizzes = []
    for active, visible in itertools.product([True, False], [True, False]):
        training = TrainingFactory(is_active=active, is_visible=visible)
        ParticipantFactory(training=training, user=people["enrolled"])
        ParticipantFactory(
            training=training, user=people["cancelled"], status=Participant.Status.CANCELLED
        )
        assign_perm("training.manage_trainings", people["instructor"], training)
        quizzes.append(QuizFactory(lesson=LessonFactory(course__training=training)))
    trainings = [quiz.lesson.course.training for quiz in quizzes]
    open_only = {trainings[0].pk}  # active and visible
    everything = {training.pk for training in trainings}
    expected_visible = {
        "stranger": open_only,
        "enrolled": everything,
        "cancelled": open_only,
        "instructor": everything,
        "manager": everything,
    }
    # The manager first: nothing they read may open a training to anybody else.
    for name, person in sorted(people.items(), key=lambda item: item[0] != "manager"):
        visible = set(selectors.visible_trainings(user=person).values_list("pk", flat=True))
        assert visible == expected_visible[name], name
        for quiz in quizzes:
            lesson, training = quiz.lesson, quiz.lesson.course.training
            expected = training.pk in visible
            assert opens(selectors.training_get, person, training.pk) == expected, name
            assert opens(selectors.lesson_get, person, lesson.pk) == expected, name
            assert opens(selectors.quiz_get, person, quiz.pk) == expected, name
            for getter, pk in zip(PAGE_GETTERS, (lesson.pk, quiz.pk), strict=True):
                assert opens(getter, person, pk) == expected, (name, getter.__name__)


def test_missing_objects_are_404s():
    person = UserFactory()
    for getter in (selectors.training_get, selectors.lesson_get, selectors.quiz_get, *PAGE_GETTERS):
        assert not opens(getter, person, 999_999)
