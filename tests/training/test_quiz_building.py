"""Instructors build quizzes: settings, questions and answers with clear validation."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.training.factories import CourseFactory, LessonFactory, TrainingFactory
from training.models import Choice, Question, Quiz
from training.services import instructor_sync


@pytest.fixture
def lesson(db):
    return LessonFactory(course=CourseFactory(training=TrainingFactory()))


@pytest.fixture
def instructor_client(client, lesson):
    training = lesson.course.training
    training.instructor = UserFactory(username="teacher")
    training.save()
    instructor_sync(training=training, previous=None)
    client.force_login(training.instructor)
    return client


def choices(*rows):
    data = {
        "choices-TOTAL_FORMS": str(len(rows)),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "10",
    }
    for i, (text, correct) in enumerate(rows):
        data[f"choices-{i}-text"] = text
        data[f"choices-{i}-order"] = str(i)
        if correct:
            data[f"choices-{i}-is_correct"] = "on"
    return data


def make_quiz(client, lesson) -> Quiz:
    client.post(
        reverse("training:quiz_edit", args=[lesson.pk]),
        {"title": "Check", "passing_score": 60, "max_attempts": 2, "show_answers": "on"},
    )
    return Quiz.objects.get(lesson=lesson)


def test_build_a_quiz(instructor_client, lesson):
    quiz = make_quiz(instructor_client, lesson)
    url = reverse("training:question_create", args=[quiz.pk])
    response = instructor_client.post(
        url,
        {
            "text": "2+2?",
            "kind": "single",
            "points": 2,
            "order": 1,
            **choices(("4", True), ("5", False)),
        },
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.choices.count() == 2
    body = instructor_client.get(reverse("training:quiz_detail", args=[quiz.pk])).content.decode()
    assert "2+2?" in body


@pytest.mark.parametrize(
    ("kind", "rows", "message"),
    [
        ("single", [("only", True)], "at least two answers"),
        ("single", [("a", False), ("b", False)], "at least one answer as correct"),
        ("true_false", [("True", True), ("False", True)], "exactly one correct answer"),
    ],
)
def test_bad_questions_are_refused(instructor_client, lesson, kind, rows, message):
    quiz = make_quiz(instructor_client, lesson)
    response = instructor_client.post(
        reverse("training:question_create", args=[quiz.pk]),
        {"text": "Q", "kind": kind, "points": 1, "order": 1, **choices(*rows)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.exists() and not Choice.objects.exists()


def test_bad_quiz_settings(instructor_client, lesson):
    response = instructor_client.post(
        reverse("training:quiz_edit", args=[lesson.pk]),
        {"title": "", "passing_score": 150, "max_attempts": 0},
    )
    assert response.status_code == 200
    assert {"title", "passing_score", "max_attempts"} <= set(response.context["form"].errors)
    assert not Quiz.objects.exists()


def test_employee_cannot_build(employee_client, lesson):
    assert employee_client.get(reverse("training:quiz_edit", args=[lesson.pk])).status_code == 403
