"""Every training page reads at most `BUDGET` queries, and as many with 50 rows as with 5.

Budgets are ceilings, not pins: a page may move below them freely. Each page is asked once to
warm what a running worker keeps (site settings, the viewer's rights, the session, the cached
Markdown), then measured. The data is built twice, with 5 and 50 rows of everything the pages
list, inside a savepoint rolled back in between.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from tests.factories import UserFactory, grant
from tests.training.factories import (
    CertificateFactory,
    ChoiceFactory,
    CourseFactory,
    LessonAttachmentFactory,
    LessonFactory,
    QuestionFactory,
    QuizAttemptFactory,
    QuizFactory,
    ResourceFactory,
    TrainingFactory,
    seat,
)
from training.models import LessonProgress

BUDGET = 15
MANAGE = "training.manage_trainings"


def _build(rows: int) -> dict[str, Callable[[], tuple[object, str]]]:
    """The data for `rows` rows; returns page name -> (viewer, url)."""
    learner, instructor = UserFactory(), UserFactory()
    manager = grant(UserFactory(), MANAGE)
    training = TrainingFactory(title="Forklift safety", max_participants=rows + 10)
    assign_perm(MANAGE, instructor, training)
    courses = [CourseFactory(training=training) for _ in range(rows)]
    for previous, course in zip(courses, courses[1:], strict=False):
        course.prerequisites.add(previous)
    lessons = [LessonFactory(course=course) for course in courses for _ in range(2)]
    for lesson in lessons[: len(lessons) // 2]:
        LessonProgress.objects.create(user=learner, lesson=lesson)
    for _ in range(rows):
        ResourceFactory(training=training)
        LessonAttachmentFactory(lesson=lessons[0])
    quiz = QuizFactory(lesson=lessons[1], max_attempts=rows + 1)
    for _ in range(rows):
        question = QuestionFactory(quiz=quiz)
        ChoiceFactory(question=question, is_correct=True)
        ChoiceFactory(question=question)
    for number in range(1, rows + 1):
        QuizAttemptFactory(quiz=quiz, user=learner, number=number, submitted_at=timezone.now())
    participant = seat(training, learner)
    for index in range(rows):
        seat(training, UserFactory(department=f"Department {index}"))
        other = TrainingFactory(is_mandatory=True, is_visible=index % 2 == 0)
        seat(other, learner, due_date=timezone.localdate())
        CertificateFactory(training=other, user=learner)
    attempt = quiz.attempts.filter(user=learner).first()
    return {
        "catalog (learner)": (learner, reverse("training:training_list")),
        "catalog (instructor)": (instructor, reverse("training:training_list")),
        "catalog (manager)": (manager, reverse("training:training_list")),
        "my trainings": (learner, reverse("training:my_trainings")),
        "my trainings (instructor)": (instructor, reverse("training:my_trainings")),
        "training (employee)": (UserFactory(), training.get_absolute_url()),
        "training (learner)": (learner, training.get_absolute_url()),
        "training (instructor)": (instructor, training.get_absolute_url()),
        "training (manager)": (manager, training.get_absolute_url()),
        "course (learner)": (learner, courses[0].get_absolute_url()),
        "lesson (learner)": (learner, lessons[0].get_absolute_url()),
        "lesson (instructor)": (instructor, lessons[0].get_absolute_url()),
        "quiz (learner)": (learner, reverse("training:quiz_detail", args=[quiz.pk])),
        "quiz (instructor)": (instructor, reverse("training:quiz_detail", args=[quiz.pk])),
        "attempt review": (learner, attempt.get_absolute_url()),
        "participants": (instructor, reverse("training:participant_list", args=[training.pk])),
        "participant progress": (instructor, participant.get_absolute_url()),
        "certificates": (learner, reverse("training:certificate_list")),
        "compliance": (manager, reverse("training:compliance")),
        "compliance detail": (
            manager,
            reverse("training:compliance_detail", args=[training.pk]) + "?department=Operations",
        ),
    }


def _measure(rows: int) -> dict[str, int]:
    counts = {}
    with transaction.atomic():
        pages = _build(rows)
        cache.clear()
        caches["local"].clear()
        for name, (viewer, url) in pages.items():
            client = Client()
            client.force_login(viewer)
            assert client.get(url).status_code == 200, name  # warm-up
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, name
            counts[name] = len(queries)
        transaction.set_rollback(True)
    return counts


@pytest.mark.django_db
def test_every_training_page_keeps_its_budget_whatever_the_row_count():
    few, many = _measure(5), _measure(50)
    grown = {name: (few[name], many[name]) for name in few if few[name] != many[name]}
    assert not grown, f"pages whose query count grows with the rows: {grown}"
    over = {name: count for name, count in many.items() if count > BUDGET}
    assert not over, f"pages over {BUDGET} queries: {over}"
