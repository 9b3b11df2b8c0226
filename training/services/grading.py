"""The grading rule, once: what a right answer is, an attempt's score and whether it passes,
and a completed training's score. Used when an attempt is submitted (`quizzes.quiz_submit`),
when it is reviewed (the attempt page) and when a training is completed (`learning`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Max

from training.models import Question, Quiz, QuizAttempt

if TYPE_CHECKING:
    from accounts.models import User
    from training.models import Training


@dataclass(frozen=True)
class GradedQuestion:
    question: Question
    selected: frozenset[int]  # the choices given
    correct: frozenset[int]  # the right choices

    @property
    def is_right(self) -> bool:
        """Exactly the right choices, all of them; a question without one is never right."""
        return bool(self.correct) and self.selected == self.correct


@dataclass(frozen=True)
class Grading:
    questions: list[GradedQuestion]
    passing_score: int  # percent

    @property
    def points(self) -> int:
        return sum(graded.question.points for graded in self.questions if graded.is_right)

    @property
    def max_points(self) -> int:
        return sum(graded.question.points for graded in self.questions)

    @property
    def score(self) -> int:
        """Percent of the points, rounded; 0 for a quiz without questions."""
        return round(100 * self.points / self.max_points) if self.max_points else 0

    @property
    def passed(self) -> bool:
        return bool(self.max_points) and self.score >= self.passing_score


def grade(
    *, quiz: Quiz, questions: Iterable[Question], answers: Mapping[int, Iterable[int]]
) -> Grading:
    """`answers` (question id -> choice ids) against `questions`, read with their choices."""
    return Grading(
        questions=[
            GradedQuestion(
                question=question,
                selected=frozenset(answers.get(question.pk, ())),
                correct=frozenset(c.pk for c in question.choices.all() if c.is_correct),
            )
            for question in questions
        ],
        passing_score=quiz.passing_score,
    )


def stored_answers(attempt: QuizAttempt) -> dict[int, list[int]]:
    """The answers an attempt keeps (JSON: question ids as strings) with integer ids."""
    return {int(question_id): list(choices) for question_id, choices in attempt.answers.items()}


def attempt_review(*, attempt: QuizAttempt, questions: Iterable[Question]) -> Grading:
    """A submitted attempt graded again for its review page, question by question."""
    return grade(quiz=attempt.quiz, questions=questions, answers=stored_answers(attempt))


def training_score(*, training: Training, user: User) -> int | None:
    """A completed training's score: the mean of the learner's best score at each of its
    quizzes they attempted, rounded; None without any attempt."""
    best = list(
        QuizAttempt.objects.filter(quiz__lesson__course__training=training, user=user)
        .values("quiz")
        .annotate(best=Max("score"))
        .values_list("best", flat=True)
    )
    return round(sum(best) / len(best)) if best else None
