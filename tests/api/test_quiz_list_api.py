"""`GET /api/v1/quizzes`: the quizzes one may open (a seat in their training, or its
management), filterable by lesson, at a constant number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from tests.api.helpers import ApiClient, token_for
from tests.factories import UserFactory, grant
from tests.training.factories import (
    CourseFactory,
    LessonFactory,
    QuizFactory,
    TrainingFactory,
    seat,
)
from training.models import Participant

MANAGE = "training.manage_trainings"


def _ids(client, params=None) -> list[int]:
    response = client.get("/api/v1/quizzes", params or {})
    assert response.status_code == 200
    return [quiz["id"] for quiz in response.json()["results"]]


def test_one_lists_the_quizzes_of_trainings_one_follows_or_manages(employee):
    followed = QuizFactory(lesson=LessonFactory(course=CourseFactory(training=TrainingFactory())))
    seat(followed.lesson.course.training, employee)
    open_but_not_followed = QuizFactory()
    cancelled = QuizFactory()
    seat(cancelled.lesson.course.training, employee, status=Participant.Status.CANCELLED)
    learner = ApiClient(token_for(employee, read_only=True))
    assert _ids(learner) == [followed.pk]
    assert _ids(learner, {"lesson": followed.lesson_id}) == [followed.pk]
    assert _ids(learner, {"lesson": open_but_not_followed.lesson_id}) == []
    refused = learner.get("/api/v1/quizzes", {"lesson": "x"})
    assert refused.status_code == 400 and "lesson" in refused.json()["errors"]
    manager = ApiClient(token_for(grant(UserFactory(), MANAGE)))
    assert set(_ids(manager)) == {followed.pk, open_but_not_followed.pk, cancelled.pk}
    instructor = UserFactory()
    hidden = TrainingFactory(is_visible=False)
    taught = QuizFactory(lesson=LessonFactory(course=CourseFactory(training=hidden)))
    assign_perm(MANAGE, instructor, hidden)  # an instructor's right on that training only
    assert _ids(ApiClient(token_for(instructor))) == [taught.pk]
    assert ApiClient().get("/api/v1/quizzes").status_code == 401


def _count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/quizzes", {"page_size": 100}).status_code == 200
    return len(queries)


def test_the_quiz_list_costs_the_same_queries_for_5_and_50_rows(employee):
    manager = grant(UserFactory(), MANAGE)
    clients = [ApiClient(token_for(employee)), ApiClient(token_for(manager))]

    def make(count):
        for _ in range(count):
            quiz = QuizFactory()
            seat(quiz.lesson.course.training, employee)

    make(5)
    for client in clients:
        _count(client)  # the token's first use notes its last use
    few = [_count(client) for client in clients]
    make(45)
    assert [_count(client) for client in clients] == few
    assert max(few) <= 15
    assert len(clients[0].get("/api/v1/quizzes", {"page_size": 100}).json()["results"]) == 50
