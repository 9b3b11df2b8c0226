"""Trainings through the API, the learner's side: the catalog, registering and the waitlist,
lessons and progress, quizzes graded on the server, certificates; the pages' rules."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import ApiClient, token_for
from tests.factories import UserFactory, grant
from tests.training.factories import (
    CertificateFactory,
    CourseFactory,
    LessonFactory,
    ResourceFactory,
    TrainingFactory,
    quiz_with_questions,
    right_answers,
    seat,
)
from training.models import LessonProgress, Participant

MANAGE = "training.manage_trainings"


def test_registering_takes_a_seat_then_the_waitlist_and_unregistering_promotes(employee):
    training = TrainingFactory(max_participants=1)
    first, second = ApiClient(token_for(employee)), ApiClient(token_for(UserFactory()))
    seated = first.post(f"/api/v1/trainings/{training.pk}/register")
    assert seated.status_code == 200, seated.content
    assert seated.json()["viewer"]["participation"]["status"] == "registered"
    waiting = second.post(f"/api/v1/trainings/{training.pk}/register").json()["viewer"]
    assert waiting["participation"]["status"] == "waitlisted"
    assert waiting["waitlist_position"] == 1
    again = first.post(f"/api/v1/trainings/{training.pk}/register")
    assert again.status_code == 400
    assert "already registered" in again.json()["errors"]["non_field_errors"][0]
    gone = first.delete(f"/api/v1/trainings/{training.pk}/unregister")
    assert gone.json()["viewer"]["participation"]["status"] == "cancelled"
    promoted = second.get(f"/api/v1/trainings/{training.pk}").json()["viewer"]
    assert promoted["participation"]["status"] == "registered"
    catalog = second.get("/api/v1/trainings").json()["results"]
    assert [(t["id"], t["viewer_status"]) for t in catalog] == [(training.pk, "registered")]


def test_hidden_trainings_answer_404(employee):
    hidden = TrainingFactory(is_visible=False)
    client = ApiClient(token_for(employee))
    assert client.get(f"/api/v1/trainings/{hidden.pk}").status_code == 404
    assert client.post(f"/api/v1/trainings/{hidden.pk}/register").status_code == 404
    assert client.get("/api/v1/trainings").json()["count"] == 0


def test_a_participant_follows_lessons_and_progresses(employee):
    training = TrainingFactory()
    first = CourseFactory(training=training, order=1)
    second = CourseFactory(training=training, order=2)
    second.prerequisites.add(first)
    lesson, later = LessonFactory(course=first), LessonFactory(course=second)
    client = ApiClient(token_for(employee))
    assert client.get(f"/api/v1/lessons/{lesson.pk}").status_code == 403  # no seat
    seat(training, employee)
    courses = client.get(f"/api/v1/trainings/{training.pk}/courses").json()["results"]
    assert [(c["id"], c["is_open"]) for c in courses] == [(first.pk, True), (second.pk, False)]
    assert client.get(f"/api/v1/lessons/{later.pk}").status_code == 403  # prerequisites
    assert client.get(f"/api/v1/lessons/{lesson.pk}").json()["is_done"] is False
    done = client.put(f"/api/v1/progress/{lesson.pk}")
    assert done.status_code == 200 and done.json()["progress"] == 50
    assert client.get(f"/api/v1/lessons/{later.pk}").status_code == 200
    lessons = client.get(f"/api/v1/courses/{first.pk}/lessons").json()["results"]
    assert [item["is_done"] for item in lessons] == [True]
    mine = client.get(f"/api/v1/progress/{employee.pk}").json()["results"]
    assert [(p["training"], p["progress"]) for p in mine] == [(training.pk, 50)]
    stranger = ApiClient(token_for(UserFactory()))
    assert stranger.get(f"/api/v1/progress/{employee.pk}").status_code == 403
    manager = ApiClient(token_for(grant(UserFactory(), MANAGE)))
    assert manager.get(f"/api/v1/progress/{employee.pk}").json()["count"] == 1


def test_a_quiz_is_taken_and_graded_on_the_server(employee):
    quiz = quiz_with_questions(lesson=LessonFactory(), passing_score=100)
    training = quiz.lesson.course.training
    seat(training, employee)
    client = ApiClient(token_for(employee))
    shown = client.get(f"/api/v1/quizzes/{quiz.pk}").json()
    assert shown["can_start"] and shown["question_count"] == 2 and shown["attempts"] == []
    started = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts")
    assert started.status_code == 201, started.content
    attempt = started.json()
    assert len(attempt["questions"]) == 2
    assert "is_correct" not in str(attempt["questions"])  # the right answers stay on the server
    assert attempt["review"] is None
    wrong = client.post(f"/api/v1/attempts/{attempt['id']}/submit", {"q-abc": [1]})
    assert wrong.status_code == 400
    answers = {f"q-{pk}": choices for pk, choices in right_answers(quiz).items()}
    graded = client.post(f"/api/v1/attempts/{attempt['id']}/submit", answers)
    assert graded.status_code == 200, graded.content
    assert graded.json()["passed"] and graded.json()["score"] == 100
    assert all(row["is_right"] for row in graded.json()["review"])
    assert LessonProgress.objects.filter(user=employee, lesson=quiz.lesson).exists()
    twice = client.post(f"/api/v1/attempts/{attempt['id']}/submit", answers)
    assert twice.status_code == 400
    other = ApiClient(token_for(UserFactory()))
    assert other.get(f"/api/v1/attempts/{attempt['id']}").status_code == 404


def test_certificates_and_resources(employee):
    training = TrainingFactory()
    CertificateFactory(training=training, user=employee)
    ResourceFactory(training=training, title="Slides")
    client = ApiClient(token_for(employee))
    assert client.get("/api/v1/certificates").json()["count"] == 1
    assert client.get(f"/api/v1/certificates/{employee.pk}").json()["count"] == 1
    assert client.get("/api/v1/resources", {"training": training.pk}).status_code == 403
    seat(training, employee)
    resources = client.get("/api/v1/resources", {"training": training.pk}).json()["results"]
    assert [r["title"] for r in resources] == ["Slides"]
    other = ApiClient(token_for(UserFactory()))
    assert other.get(f"/api/v1/certificates/{employee.pk}").status_code == 403


def test_a_session_needs_the_csrf_token_to_register(employee):
    training = TrainingFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee)
    response = client.post(f"/api/v1/trainings/{training.pk}/register")
    assert response.status_code == 403
    assert not Participant.objects.exists()


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"page_size": 100, **(params or {})}).status_code == 200
    return len(queries)


def test_training_lists_cost_the_same_queries_for_5_and_50_rows(employee):
    manager = grant(UserFactory(), MANAGE)
    training = TrainingFactory(max_participants=100)
    seat(training, employee)
    course = CourseFactory(training=training)
    clients = [
        (ApiClient(token_for(employee)), "/api/v1/trainings", None),
        (ApiClient(token_for(manager)), f"/api/v1/trainings/{training.pk}/participants", None),
        (ApiClient(token_for(employee)), f"/api/v1/trainings/{training.pk}/courses", None),
        (ApiClient(token_for(employee)), f"/api/v1/courses/{course.pk}/lessons", None),
        (ApiClient(token_for(employee)), "/api/v1/certificates", None),
        (ApiClient(token_for(employee)), f"/api/v1/progress/{employee.pk}", None),
        (ApiClient(token_for(employee)), "/api/v1/resources", {"training": training.pk}),
    ]

    def make(count):
        for _ in range(count):
            other = TrainingFactory(instructor=UserFactory())
            seat(other, employee)
            seat(training, UserFactory())
            CourseFactory(training=training)
            LessonFactory(course=course)
            CertificateFactory(training=other, user=employee)
            ResourceFactory(training=training)

    make(5)
    for client, url, params in clients:
        _count(client, url, params)  # the token's first use notes its last use
    few = [_count(client, url, params) for client, url, params in clients]
    make(45)
    assert [_count(client, url, params) for client, url, params in clients] == few
    assert max(few) <= 15


def test_a_completed_participant_rates_the_training(employee):
    training = TrainingFactory()
    seat(training, employee, status=Participant.Status.COMPLETED)
    client = ApiClient(token_for(employee))
    refused = client.post(f"/api/v1/trainings/{training.pk}/feedback", {"feedback_rating": 0})
    assert refused.status_code == 400 and "feedback_rating" in refused.json()["errors"]
    rated = client.post(
        f"/api/v1/trainings/{training.pk}/feedback",
        {"feedback_rating": 5, "feedback_comment": "Clear."},
    )
    assert rated.status_code == 200, rated.content
    assert Participant.objects.get(user=employee).feedback_rating == 5


def test_the_prototypes_course_and_lesson_lists_take_their_parent_in_the_query(employee):
    training = TrainingFactory()
    course = CourseFactory(training=training)
    LessonFactory(course=course, title="Intro")
    client = ApiClient(token_for(employee))
    courses = client.get("/api/v1/courses", {"training": training.pk}).json()["results"]
    assert [c["id"] for c in courses] == [course.pk]
    assert client.get("/api/v1/lessons", {"course": course.pk}).status_code == 403  # no seat
    seat(training, employee)
    lessons = client.get("/api/v1/lessons", {"course": course.pk}).json()["results"]
    assert [item["title"] for item in lessons] == ["Intro"]
    assert client.get("/api/v1/lessons", {"course": "x"}).status_code == 400
