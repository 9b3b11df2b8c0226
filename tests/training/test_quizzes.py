"""Quizzes: server-side grading, bad answers, attempt limit, time limit, results, history."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.training.factories import (
    ChoiceFactory,
    CourseFactory,
    LessonFactory,
    QuestionFactory,
    TrainingFactory,
    quiz_with_questions,
    right_answers,
    seat,
)
from training.models import LessonProgress, QuizAttempt


@pytest.fixture
def quiz(employee):
    training = TrainingFactory()
    lesson = LessonFactory(course=CourseFactory(training=training))
    seat(training, employee)
    return quiz_with_questions(lesson=lesson, max_attempts=2, passing_score=100)


def start(client, quiz) -> QuizAttempt:
    response = client.post(reverse("training:quiz_start", args=[quiz.pk]))
    assert response.status_code == 302
    return QuizAttempt.objects.filter(quiz=quiz).order_by("-number").first()


def submit(client, attempt, answers: dict):
    data = {f"q-{qid}": [str(c) for c in choices] for qid, choices in answers.items()}
    return client.post(reverse("training:attempt_submit", args=[attempt.pk]), data, follow=True)


def test_right_answers_pass_and_complete_the_lesson(employee_client, employee, quiz):
    attempt = start(employee_client, quiz)
    response = submit(employee_client, attempt, right_answers(quiz))
    attempt.refresh_from_db()
    assert attempt.passed and attempt.score == 100 and attempt.points == 2
    assert "You passed" in response.content.decode()
    assert LessonProgress.objects.filter(user=employee, lesson=quiz.lesson).exists()


def test_partial_multiple_choice_is_wrong(employee_client, quiz):
    answers = right_answers(quiz)
    multiple = quiz.questions.get(kind="multiple")
    answers[multiple.pk] = answers[multiple.pk][:1]
    attempt = start(employee_client, quiz)
    submit(employee_client, attempt, answers)
    attempt.refresh_from_db()
    assert attempt.points == 1 and attempt.score == 50 and not attempt.passed


def test_client_cannot_grade_itself(employee_client, quiz):
    attempt = start(employee_client, quiz)
    employee_client.post(
        reverse("training:attempt_submit", args=[attempt.pk]),
        {"score": "100", "passed": "true"},
    )
    attempt.refresh_from_db()
    assert attempt.score == 0 and not attempt.passed


def test_answers_to_a_foreign_question_are_refused(employee_client, quiz):
    foreign = ChoiceFactory(question=QuestionFactory(), is_correct=True)
    attempt = start(employee_client, quiz)
    response = submit(employee_client, attempt, {foreign.question_id: [foreign.pk]})
    assert "not in this quiz" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_choice_of_another_question_is_refused(employee_client, quiz):
    single, multiple = quiz.questions.order_by("order")
    attempt = start(employee_client, quiz)
    response = submit(employee_client, attempt, {single.pk: [multiple.choices.first().pk]})
    assert "not choices of their question" in response.content.decode()


def test_malformed_answers_are_refused(employee_client, quiz):
    attempt = start(employee_client, quiz)
    response = employee_client.post(
        reverse("training:attempt_submit", args=[attempt.pk]), {"q-abc": "x"}, follow=True
    )
    assert response.status_code == 200
    assert "not valid" in response.content.decode()


def test_two_answers_to_a_single_choice_question(employee_client, quiz):
    single = quiz.questions.get(kind="single")
    attempt = start(employee_client, quiz)
    ids = list(single.choices.values_list("pk", flat=True))
    response = submit(employee_client, attempt, {single.pk: ids})
    assert "only one answer" in response.content.decode()


def test_max_attempts_is_enforced(employee_client, quiz):
    for _ in range(2):
        attempt = start(employee_client, quiz)
        submit(employee_client, attempt, {})
    response = employee_client.post(reverse("training:quiz_start", args=[quiz.pk]), follow=True)
    assert "used all 2 attempts" in response.content.decode()
    assert QuizAttempt.objects.count() == 2


def test_resubmitting_is_refused(employee_client, quiz):
    attempt = start(employee_client, quiz)
    submit(employee_client, attempt, {})
    response = submit(employee_client, attempt, right_answers(quiz))
    assert "already been submitted" in response.content.decode()
    attempt.refresh_from_db()
    assert not attempt.passed


def test_open_attempt_is_resumed_not_duplicated(employee_client, quiz):
    first = start(employee_client, quiz)
    second = start(employee_client, quiz)
    assert first.pk == second.pk


def test_late_submission_is_graded_as_of_the_deadline(employee_client, quiz):
    quiz.time_limit_minutes = 5
    quiz.save()
    attempt = start(employee_client, quiz)
    assert attempt.deadline is not None
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=10),
        deadline=timezone.now() - datetime.timedelta(minutes=5),
    )
    response = submit(employee_client, attempt, right_answers(quiz))
    attempt.refresh_from_db()
    assert attempt.late and attempt.score == 0 and not attempt.passed
    assert attempt.submitted_at == attempt.deadline
    assert "Time was up" in response.content.decode()


def test_submission_within_grace_counts(employee_client, quiz):
    quiz.time_limit_minutes = 5
    quiz.save()
    attempt = start(employee_client, quiz)
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(seconds=5)
    )
    submit(employee_client, attempt, right_answers(quiz))
    attempt.refresh_from_db()
    assert attempt.passed and not attempt.late


def test_result_page_shows_answers_only_if_allowed(employee_client, quiz):
    attempt = start(employee_client, quiz)
    body = employee_client.get(attempt.get_absolute_url()).content.decode()
    assert "correct answer" not in body  # taking the quiz never reveals answers
    submit(employee_client, attempt, {})
    body = employee_client.get(attempt.get_absolute_url()).content.decode()
    assert "correct answer" in body
    quiz.show_answers = False
    quiz.save()
    body = employee_client.get(attempt.get_absolute_url()).content.decode()
    assert "correct answer" not in body and "0%" in body


def test_attempt_history(employee_client, quiz):
    for _ in range(2):
        submit(employee_client, start(employee_client, quiz), {})
    response = employee_client.get(reverse("training:quiz_detail", args=[quiz.pk]))
    assert [a.number for a in response.context["attempts"]] == [2, 1]
    assert "no attempts left" in response.content.decode()


def test_another_users_attempt_is_404(client, employee_client, quiz):
    attempt = start(employee_client, quiz)
    client.force_login(UserFactory(username="other"))
    assert client.get(attempt.get_absolute_url()).status_code == 404
    response = client.post(reverse("training:attempt_submit", args=[attempt.pk]))
    assert response.status_code == 404


def test_non_participant_cannot_start(client, quiz):
    client.force_login(UserFactory(username="outsider"))
    response = client.post(reverse("training:quiz_start", args=[quiz.pk]))
    assert response.status_code == 403
    assert not QuizAttempt.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_parallel_starts_respect_the_attempt_limit(on_postgres, transactional_db):
    user = UserFactory(username="racer")
    training = TrainingFactory()
    seat(training, user)
    quiz = quiz_with_questions(
        lesson=LessonFactory(course=CourseFactory(training=training)), max_attempts=3
    )
    # Two attempts used; ten parallel starts may open only one more.
    QuizAttempt.objects.create(quiz=quiz, user=user, number=1, submitted_at=timezone.now())
    QuizAttempt.objects.create(quiz=quiz, user=user, number=2, submitted_at=timezone.now())
    barrier = threading.Barrier(10)
    errors = []

    def race():
        try:
            client = Client()
            client.force_login(user)
            barrier.wait(timeout=30)
            client.post(reverse("training:quiz_start", args=[quiz.pk]))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=race) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert QuizAttempt.objects.filter(quiz=quiz, user=user).count() == 3


def test_quiz_of_a_locked_course_cannot_start(employee_client, employee):
    training = TrainingFactory()
    first = CourseFactory(training=training, order=1)
    LessonFactory(course=first)
    second = CourseFactory(training=training, order=2)
    second.prerequisites.add(first)
    seat(training, employee)
    quiz = quiz_with_questions(lesson=LessonFactory(course=second))
    response = employee_client.post(reverse("training:quiz_start", args=[quiz.pk]), follow=True)
    assert "prerequisite" in response.content.decode()
    assert not QuizAttempt.objects.exists()
