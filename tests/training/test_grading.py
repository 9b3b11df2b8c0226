"""The grading rule, in one place (`training.services.grading`): what a right answer is, the
score and the pass mark, the same at submission, on the attempt's review page and in a
completed training's score."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.training.factories import (
    ChoiceFactory,
    CourseFactory,
    LessonFactory,
    QuestionFactory,
    QuizAttemptFactory,
    QuizFactory,
    TrainingFactory,
    quiz_with_questions,
    right_answers,
    seat,
)
from training import selectors, services
from training.models import Participant, Question

pytestmark = pytest.mark.django_db


def _grade(quiz, answers):
    return services.grade(quiz=quiz, questions=selectors.quiz_questions(quiz=quiz), answers=answers)


def test_a_right_answer_is_exactly_every_right_choice():
    quiz = quiz_with_questions()
    single, multiple = quiz.questions.order_by("order")
    right = right_answers(quiz)
    graded = {g.question.pk: g.is_right for g in _grade(quiz, right).questions}
    assert graded == {single.pk: True, multiple.pk: True}
    wrong_choice = multiple.choices.get(is_correct=False).pk
    for answer in ([right[multiple.pk][0]], [*right[multiple.pk], wrong_choice], []):
        result = _grade(quiz, {multiple.pk: answer})
        assert [g.is_right for g in result.questions] == [False, False], answer


def test_a_question_without_a_right_choice_is_never_right():
    quiz = QuizFactory()
    question = QuestionFactory(quiz=quiz)
    ChoiceFactory(question=question)
    assert not _grade(quiz, {}).questions[0].is_right
    assert _grade(quiz, {}).score == 0


def test_score_weighs_points_rounds_and_passes_at_the_mark():
    quiz = QuizFactory(passing_score=67)
    questions = []
    for points in (1, 2):
        question = QuestionFactory(quiz=quiz, points=points)
        ChoiceFactory(question=question, is_correct=True)
        ChoiceFactory(question=question)
        questions.append(question)
    answers = right_answers(quiz)
    only_heavy = _grade(quiz, {questions[1].pk: answers[questions[1].pk]})
    assert (only_heavy.points, only_heavy.max_points, only_heavy.score) == (2, 3, 67)
    assert only_heavy.passed  # 66.7 rounds to 67: the mark itself passes
    only_light = _grade(quiz, {questions[0].pk: answers[questions[0].pk]})
    assert only_light.score == 33 and not only_light.passed


def test_a_quiz_without_questions_scores_zero_and_never_passes():
    result = _grade(QuizFactory(passing_score=0), {})
    assert result.score == 0 and result.max_points == 0 and not result.passed


def test_the_review_page_marks_right_what_the_submission_counted(employee_client, employee):
    quiz = quiz_with_questions(max_attempts=3, passing_score=100)
    seat(quiz.lesson.course.training, employee)
    single, multiple = quiz.questions.order_by("order")
    answers = right_answers(quiz)
    attempt = employee_client.post(reverse("training:quiz_start", args=[quiz.pk]))
    employee_client.post(
        attempt.url + "submit/",
        {f"q-{single.pk}": answers[single.pk], f"q-{multiple.pk}": answers[multiple.pk][:1]},
    )
    review = employee_client.get(attempt.url).content.decode()
    assert "1 of 2 points" in review
    verdicts = re.findall(r'badge-(success|danger)">(Right|Wrong)<', review)
    assert [word for _, word in verdicts] == ["Right", "Wrong"]
    assert review.count("your answer") == 2


def test_answers_stay_hidden_on_review_when_the_quiz_says_so(employee_client, employee):
    quiz = quiz_with_questions(show_answers=False)
    seat(quiz.lesson.course.training, employee)
    attempt = employee_client.post(reverse("training:quiz_start", args=[quiz.pk]))
    employee_client.post(attempt.url + "submit/", {})
    review = employee_client.get(attempt.url).content.decode()
    assert "0 of 2 points" in review and "correct answer" not in review and "Wrong" not in review


def test_a_completed_trainings_score_is_the_mean_of_the_best_attempt_at_each_quiz():
    training = TrainingFactory()
    course = CourseFactory(training=training)
    first = quiz_with_questions(lesson=LessonFactory(course=course), max_attempts=3)
    second = quiz_with_questions(lesson=LessonFactory(course=course), max_attempts=3)
    user = UserFactory()
    now = timezone.now()
    for quiz, number, score in ((first, 1, 40), (first, 2, 90), (second, 1, 75)):
        QuizAttemptFactory(quiz=quiz, user=user, number=number, score=score, submitted_at=now)
    assert services.training_score(training=training, user=user) == 82  # (90 + 75) / 2
    assert services.training_score(training=training, user=UserFactory()) is None


def test_completing_through_quizzes_records_the_training_score(employee, employee_client):
    training = TrainingFactory()
    quiz = quiz_with_questions(
        lesson=LessonFactory(course=CourseFactory(training=training)), passing_score=50
    )
    seat(training, employee)
    single = quiz.questions.get(kind=Question.Kind.SINGLE)
    attempt = employee_client.post(reverse("training:quiz_start", args=[quiz.pk]))
    employee_client.post(
        attempt.url + "submit/", {f"q-{single.pk}": right_answers(quiz)[single.pk]}
    )
    participant = Participant.objects.get(training=training, user=employee)
    assert participant.status == Participant.Status.COMPLETED and participant.score == 50
