"""Trainings through the API, the authors' tools: quizzes and questions (the page's answer
rules), lesson attachments (multipart, checked by content), group enrolment (all or nothing),
attendance and the compliance report (the page's CSV figures)."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import ApiClient, token_for
from tests.factories import UserFactory, grant
from tests.training.factories import (
    CourseFactory,
    LessonFactory,
    TrainingFactory,
    quiz_with_questions,
    seat,
)
from training.models import Choice, LessonAttachment, Participant, Question, Quiz
from training.services import instructor_sync

MANAGE = "training.manage_trainings"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _instructor(training):
    teacher = UserFactory(username="teacher")
    training.instructor = teacher
    training.save()
    instructor_sync(training=training, previous=None)
    return teacher


def test_the_instructor_builds_a_quiz_and_its_questions(employee):
    training = TrainingFactory()
    lesson = LessonFactory(course=CourseFactory(training=training))
    client = ApiClient(token_for(_instructor(training)))
    made = client.post("/api/v1/quizzes", {"lesson": lesson.pk, "passing_score": 80})
    assert made.status_code == 201, made.content
    quiz = made.json()
    assert quiz["title"] == lesson.title and quiz["passing_score"] == 80
    again = client.post("/api/v1/quizzes", {"lesson": lesson.pk})
    assert again.status_code == 400  # one quiz per lesson
    url = f"/api/v1/quizzes/{quiz['id']}/questions"
    body = {"text": "Two and two?", "kind": "single", "points": 1, "explanation": ""}
    lonely = client.post(url, {**body, "choices": [{"text": "4", "is_correct": True}]})
    assert lonely.status_code == 400 and "choices" in lonely.json()["errors"]
    two_right = [{"text": "4", "is_correct": True}, {"text": "four", "is_correct": True}]
    assert client.post(url, {**body, "choices": two_right}).status_code == 400
    added = client.post(
        url, {**body, "choices": [{"text": "4", "is_correct": True}, {"text": "5"}]}
    )
    assert added.status_code == 201, added.content
    question = added.json()
    four, five = question["choices"]
    assert (four["is_correct"], five["is_correct"]) == (True, False)
    # Keep "4" (named by id), drop "5", add "3".
    changed = client.patch(
        f"/api/v1/questions/{question['id']}",
        {"choices": [{"id": four["id"], "text": "4", "is_correct": True}, {"text": "3"}]},
    )
    assert changed.status_code == 200, changed.content
    assert [c["text"] for c in changed.json()["choices"]] == ["4", "3"]
    assert not Choice.objects.filter(pk=five["id"]).exists()
    kept = client.patch(f"/api/v1/questions/{question['id']}", {"points": 2})
    assert kept.json()["points"] == 2 and len(kept.json()["choices"]) == 2
    other = quiz_with_questions()
    stolen = client.patch(
        f"/api/v1/questions/{question['id']}",
        {"choices": [{"id": other.questions.first().choices.first().pk, "text": "x"}]},
    )
    assert stolen.status_code == 400
    learner = ApiClient(token_for(employee))
    assert learner.get(url).status_code == 403
    assert learner.patch(f"/api/v1/quizzes/{quiz['id']}", {"passing_score": 1}).status_code == 403
    assert client.delete(f"/api/v1/questions/{question['id']}").status_code == 204
    assert not Question.objects.filter(pk=question["id"]).exists()
    assert client.delete(f"/api/v1/quizzes/{quiz['id']}").status_code == 204
    assert not Quiz.objects.filter(pk=quiz["id"]).exists()


def test_a_lesson_attachment_is_uploaded_checked_and_downloaded(employee):
    training = TrainingFactory()
    lesson = LessonFactory(course=CourseFactory(training=training))
    headers = {"Authorization": f"Bearer {token_for(_instructor(training))}"}
    client = Client()
    fake = SimpleUploadedFile("slides.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = client.post(
        "/api/v1/lesson-attachments",
        {"lesson": lesson.pk, "title": "Slides", "file": fake},
        headers=headers,
    )
    assert refused.status_code == 400 and "file" in refused.json()["errors"]
    assert not LessonAttachment.objects.exists()
    made = client.post(
        "/api/v1/lesson-attachments",
        {"lesson": lesson.pk, "title": "Slides", "file": SimpleUploadedFile("s.pdf", PDF)},
        headers=headers,
    )
    assert made.status_code == 201, made.content
    attachment = made.json()
    assert attachment["extension"] == "pdf" and attachment["size"] == len(PDF)
    seat(training, employee)
    download = ApiClient(token_for(employee)).get(attachment["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    stranger = ApiClient(token_for(UserFactory()))
    assert stranger.get(attachment["download_url"]).status_code == 403  # no seat, as the page
    assert stranger.delete(f"/api/v1/lesson-attachments/{attachment['id']}").status_code == 403
    gone = client.delete(f"/api/v1/lesson-attachments/{attachment['id']}", headers=headers)
    assert gone.status_code == 204 and not LessonAttachment.objects.exists()


def test_group_enrolment_is_all_or_nothing(db):
    manager = grant(UserFactory(department="Legal"), MANAGE)
    for _ in range(3):
        UserFactory(department="Sales")
    client = ApiClient(token_for(manager))
    small = TrainingFactory(max_participants=2)
    refused = client.post(
        f"/api/v1/trainings/{small.pk}/enrol", {"department": "Sales", "due_date": "2030-01-31"}
    )
    assert refused.status_code == 400 and "seats" in refused.json()["detail"] + str(
        refused.json().get("errors")
    )
    assert not Participant.objects.filter(training=small).exists()
    big = TrainingFactory(max_participants=10)
    done = client.post(
        f"/api/v1/trainings/{big.pk}/enrol", {"department": "Sales", "due_date": "2030-01-31"}
    )
    assert done.status_code == 200 and done.json() == {"enrolled": 3}
    neither = client.post(f"/api/v1/trainings/{big.pk}/enrol", {"due_date": "2030-01-31"})
    assert neither.status_code == 400


def test_attendance_and_completion_are_marked(employee):
    training = TrainingFactory()
    client = ApiClient(token_for(_instructor(training)))
    participant = seat(training, employee)
    marked = client.put(
        f"/api/v1/participants/{participant.pk}/attendance", {"attended": True, "completed": True}
    )
    assert marked.status_code == 200, marked.content
    assert marked.json()["attended"] and marked.json()["status"] == "completed"
    waiting = seat(training, UserFactory(), status=Participant.Status.WAITLISTED)
    refused = client.put(
        f"/api/v1/participants/{waiting.pk}/attendance", {"attended": True, "completed": True}
    )
    assert refused.status_code == 400
    assert ApiClient(token_for(employee)).put(
        f"/api/v1/participants/{participant.pk}/attendance", {"attended": False}
    ).status_code in (403, 404)


def test_the_compliance_report_gives_the_csv_figures(db, client):
    manager = grant(UserFactory(department="Legal"), MANAGE)
    mandatory = TrainingFactory(is_mandatory=True, title="Fire safety")
    seat(mandatory, UserFactory(department="Sales"), status=Participant.Status.COMPLETED)
    seat(mandatory, UserFactory(department="Sales"))
    report = ApiClient(token_for(manager)).get("/api/v1/trainings/compliance").json()
    assert report["trainings"] == [{"id": mandatory.pk, "title": "Fire safety"}]
    client.force_login(manager)
    page = client.get("/trainings/compliance/", {"format": "csv"}).content.decode()
    lines = list(csv.reader(io.StringIO(page)))[1:]
    api_lines = [
        [row["department"] or "(none)", "Fire safety"]
        + [str(c[state]) for state in ("compliant", "in_progress", "not_started", "overdue")]
        + [str(c["expired"]), str(c["total"])]
        for row in report["rows"]
        for c in row["cells"]
    ]
    assert api_lines == lines
    people = ApiClient(token_for(manager)).get(
        f"/api/v1/trainings/compliance/{mandatory.pk}", {"department": "Sales"}
    )
    assert people.json()["count"] == 2
    assert {row["state"] for row in people.json()["results"]} == {"compliant", "not_started"}
    assert (
        ApiClient(token_for(UserFactory())).get("/api/v1/trainings/compliance").status_code == 403
    )


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"page_size": 100, **(params or {})}).status_code == 200
    return len(queries)


def test_authoring_lists_cost_the_same_for_5_and_50_rows(db):
    manager = grant(UserFactory(), MANAGE)
    training = TrainingFactory(is_mandatory=True, max_participants=100)
    quiz = quiz_with_questions(lesson=LessonFactory(course=CourseFactory(training=training)))
    client = ApiClient(token_for(manager))

    def add(n):
        for i in range(n):
            question = Question.objects.create(quiz=quiz, text=f"Q{i}", order=10 + i)
            Choice.objects.create(question=question, text="yes", is_correct=True)
            Choice.objects.create(question=question, text="no")
            seat(training, UserFactory(department="Sales"))

    urls = [
        (f"/api/v1/quizzes/{quiz.pk}/questions", None),
        (f"/api/v1/trainings/compliance/{training.pk}", {"department": "Sales"}),
        ("/api/v1/trainings/compliance", None),
    ]
    add(3)
    for url in urls:  # the token's first use notes its last use; shared values are filled
        _count(client, *url)
    few = [_count(client, *url) for url in urls]
    add(45)
    assert [_count(client, *url) for url in urls] == few
    assert max(few) <= 15


def test_a_resource_is_changed_and_keeps_its_file(employee):
    training = TrainingFactory()
    headers = {"Authorization": f"Bearer {token_for(_instructor(training))}"}
    made = (
        Client()
        .post(
            "/api/v1/resources",
            {"training": training.pk, "title": "Notes", "file": SimpleUploadedFile("n.pdf", PDF)},
            headers=headers,
        )
        .json()
    )
    client = ApiClient(headers["Authorization"].removeprefix("Bearer "))
    renamed = client.patch(f"/api/v1/resources/{made['id']}", {"title": "Course notes"})
    assert renamed.status_code == 200, renamed.content
    assert renamed.json()["title"] == "Course notes" and renamed.json()["size"] == len(PDF)
    assert client.get(renamed.json()["download_url"]).status_code == 200
    refused = client.put(f"/api/v1/resources/{made['id']}", {"title": "", "url": "nope"})
    assert refused.status_code == 400 and {"title", "url"} <= set(refused.json()["errors"])
    seat(training, employee)
    learner = ApiClient(token_for(employee))
    assert learner.patch(f"/api/v1/resources/{made['id']}", {"title": "x"}).status_code == 403
