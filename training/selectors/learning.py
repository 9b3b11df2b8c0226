"""A training's syllabus, lessons and quizzes, with a learner's progress through them.

Every getter takes the viewer and answers 404 for an object of a training they do not see
(`visible_trainings`); whether they may open it (a seat, or the right to manage) is the view's
question (`permissions.can_open_lessons`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from training.models import (
    Course,
    Lesson,
    LessonAttachment,
    LessonProgress,
    Participant,
    Question,
    Quiz,
    QuizAttempt,
    Resource,
    Training,
)
from training.selectors.catalog import managed_trainings, visible_trainings

if TYPE_CHECKING:
    from accounts.models import User


def _done_by(learner: User) -> Exists:
    """Whether `learner` completed the outer lesson."""
    return Exists(LessonProgress.objects.filter(user_id=learner.pk, lesson=OuterRef("pk")))


# ---------------------------------------------------------------- syllabus
def syllabus(*, training: Training, learner: User) -> QuerySet[Course]:
    """The training's courses in order, with their prerequisites and their lessons (each with
    its quiz, if any, and `is_done` for `learner`): three queries whatever the size."""
    lessons = (
        Lesson.objects.order_by("order", "pk")
        .select_related("quiz")
        .annotate(is_done=_done_by(learner))
    )
    return training.courses.prefetch_related(
        Prefetch("lessons", queryset=lessons), "prerequisites"
    ).order_by("order", "pk")


@dataclass
class CourseState:
    """A course as one learner sees it: how many of its lessons they did, and whether it is
    open (every prerequisite course complete; a course without lessons counts as complete)."""

    course: Course
    lessons: list[Lesson]
    done: int
    is_open: bool

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.done >= self.total


def course_states(*, user: User, training: Training) -> list[CourseState]:
    """Each course of the training with `user`'s progress in it."""
    courses = list(syllabus(training=training, learner=user))
    done = {
        course.pk: sum(1 for lesson in course.lessons.all() if lesson.is_done) for course in courses
    }
    complete = {course.pk: done[course.pk] >= len(course.lessons.all()) for course in courses}
    return [
        CourseState(
            course=course,
            lessons=list(course.lessons.all()),
            done=done[course.pk],
            is_open=all(complete.get(other.pk, True) for other in course.prerequisites.all()),
        )
        for course in courses
    ]


def course_state(*, user: User, course: Course) -> CourseState:
    """One course's state (its openness depends on the other courses of the training)."""
    states = course_states(user=user, training=course.training)
    return next(state for state in states if state.course.pk == course.pk)


def unfinished_prerequisite_lessons(*, user: User, course: Course) -> QuerySet[Lesson]:
    """The lessons of `course`'s prerequisite courses that `user` has not completed."""
    return Lesson.objects.filter(course__unlocks=course).filter(~_done_by(user))


def course_is_open(*, user: User, course: Course) -> bool:
    """Every prerequisite course has all its lessons completed by `user`."""
    return not unfinished_prerequisite_lessons(user=user, course=course).exists()


def course_get(*, user: User, pk: int) -> Course:
    return get_object_or_404(
        Course.objects.select_related("training").filter(training__in=visible_trainings(user=user)),
        pk=pk,
    )


# ---------------------------------------------------------------- lessons
def _lessons_seen_by(user: User) -> QuerySet[Lesson]:
    return Lesson.objects.select_related("course__training").filter(
        course__training__in=visible_trainings(user=user)
    )


def lesson_get(*, user: User, pk: int) -> Lesson:
    return get_object_or_404(_lessons_seen_by(user), pk=pk)


def lesson_for_page(*, user: User, pk: int) -> Lesson:
    """The lesson (with its course, training and quiz) and the viewer's state in it:
    `is_done`, and `is_locked` (a prerequisite course has a lesson they did not complete)."""
    unfinished = Lesson.objects.filter(course__unlocks=OuterRef("course_id")).filter(
        ~_done_by(user)
    )
    lessons = (
        _lessons_seen_by(user)
        .select_related("quiz")
        .annotate(is_done=_done_by(user), is_locked=Exists(unfinished))
    )
    return get_object_or_404(lessons, pk=pk)


def lesson_quiz(*, lesson: Lesson) -> Quiz | None:
    """The lesson's quiz, if it has one (read with `select_related("quiz")` or now)."""
    return getattr(lesson, "quiz", None)


def lesson_neighbours(*, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
    """The previous and next lessons of the same course (syllabus order)."""
    siblings = list(
        Lesson.objects.filter(course_id=lesson.course_id).order_by("order", "pk").only("title")
    )
    index = next(i for i, item in enumerate(siblings) if item.pk == lesson.pk)
    return (
        siblings[index - 1] if index > 0 else None,
        siblings[index + 1] if index + 1 < len(siblings) else None,
    )


def attachment_get(*, user: User, pk: int) -> LessonAttachment:
    return get_object_or_404(
        LessonAttachment.objects.select_related("lesson__course__training").filter(
            lesson__course__training__in=visible_trainings(user=user)
        ),
        pk=pk,
    )


def resource_get(*, user: User, pk: int) -> Resource:
    return get_object_or_404(
        Resource.objects.select_related("training").filter(
            training__in=visible_trainings(user=user)
        ),
        pk=pk,
    )


# ---------------------------------------------------------------- quizzes
def _quizzes_seen_by(user: User) -> QuerySet[Quiz]:
    return Quiz.objects.select_related("lesson__course__training").filter(
        lesson__course__training__in=visible_trainings(user=user)
    )


def quiz_list(*, user: User, lesson_id: int | None = None) -> QuerySet[Quiz]:
    """The quizzes `user` may open (`permissions.can_open_lessons`, for a list): of trainings
    they see where they hold a seat or which they manage; in syllabus order."""
    seated = Participant.objects.filter(user_id=user.pk, status__in=Participant.SEATED).values(
        "training_id"
    )
    quizzes = _quizzes_seen_by(user).filter(
        Q(lesson__course__training__in=seated)
        | Q(lesson__course__training__in=managed_trainings(user=user))
    )
    if lesson_id is not None:
        quizzes = quizzes.filter(lesson_id=lesson_id)
    return quizzes.order_by(
        "lesson__course__training_id", "lesson__course__order", "lesson__order", "pk"
    )


def quiz_get(*, user: User, pk: int) -> Quiz:
    return get_object_or_404(_quizzes_seen_by(user), pk=pk)


def quiz_for_page(*, user: User, pk: int) -> Quiz:
    """The quiz (with its lesson, course and training) and its `question_count`."""
    return get_object_or_404(
        _quizzes_seen_by(user).annotate(question_count=Count("questions")), pk=pk
    )


def quiz_questions(*, quiz: Quiz) -> QuerySet[Question]:
    """The questions in order, each with its choices: two queries."""
    return quiz.questions.prefetch_related("choices")


def quiz_attempts(*, user: User, quiz: Quiz) -> list[QuizAttempt]:
    """`user`'s attempts at `quiz`, the latest first."""
    return list(QuizAttempt.objects.filter(quiz=quiz, user_id=user.pk).order_by("-number"))


def attempt_get(*, user: User, pk: int) -> QuizAttempt:
    """Only the attempt's own user sees it; anyone else gets a 404."""
    return get_object_or_404(
        QuizAttempt.objects.select_related("quiz__lesson__course__training"),
        pk=pk,
        user_id=user.pk,
    )


def question_get(*, user: User, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("quiz__lesson__course__training").filter(
            quiz__lesson__course__training__in=visible_trainings(user=user)
        ),
        pk=pk,
    )
