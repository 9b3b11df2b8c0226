"""A training's `updated_at` is the version of everything its pages show to everyone.

Saving the training moves it (`auto_now`); these receivers move it too when one of its courses
(or their prerequisites), lessons, attachments, resources, quizzes, questions or choices is
saved or deleted, from a service or from the admin. The pages' `{% cache %}` fragments (the
Markdown of a description or a lesson) are keyed by it, so an edit shows at once and an old
fragment is simply never asked for again.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from training.models import (
    Choice,
    Course,
    Lesson,
    LessonAttachment,
    Question,
    Quiz,
    Resource,
    Training,
)

# How to find the training of each kind of row the training's pages show.
TRAINING_OF = {
    Course: lambda course: Q(pk=course.training_id),
    Resource: lambda resource: Q(pk=resource.training_id),
    Lesson: lambda lesson: Q(courses=lesson.course_id),
    LessonAttachment: lambda attachment: Q(courses__lessons=attachment.lesson_id),
    Quiz: lambda quiz: Q(courses__lessons=quiz.lesson_id),
    Question: lambda question: Q(courses__lessons__quiz=question.quiz_id),
    Choice: lambda choice: Q(courses__lessons__quiz__questions=choice.question_id),
}


def content_changed(
    sender: type[Model], instance: Model, origin: Any = None, **kwargs: Any
) -> None:
    """Signal receiver: the training showing `instance` has a new version. In a cascade (a
    lesson deleted with its quiz, questions and choices) only the row deleted first moves it."""
    if isinstance(origin, Model) and origin is not instance:
        return
    Training.objects.filter(TRAINING_OF[sender](instance)).update(updated_at=timezone.now())


def prerequisites_changed(instance: Model, action: str, **kwargs: Any) -> None:
    """Signal receiver: a course's prerequisites changed (both ends are the same training's)."""
    if action.startswith("post_"):
        Training.objects.filter(courses=instance.pk).update(updated_at=timezone.now())


def connect() -> None:
    for model in TRAINING_OF:
        for signal in (post_save, post_delete):
            signal.connect(content_changed, sender=model, dispatch_uid=f"training-version-{model}")
    m2m_changed.connect(
        prerequisites_changed,
        sender=Course.prerequisites.through,
        dispatch_uid="training-version-prerequisites",
    )
