"""Trainings through the API, the managers' side: the instructor's object right, the pages'
forms (uploads checked by content, prerequisites without cycles), certificates."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from intrasphere.models import AuditLog
from tests.api.helpers import ApiClient, token_for
from tests.factories import UserFactory, grant
from tests.training.factories import TrainingFactory, seat
from training.models import Certificate, Course, Resource, Training
from training.services import instructor_sync

MANAGE = "training.manage_trainings"


def _instructor(training):
    teacher = UserFactory(username="teacher")
    training.instructor = teacher
    training.save()
    instructor_sync(training=training, previous=None)
    return teacher


def test_a_manager_creates_a_training_and_its_syllabus(db):
    manager = ApiClient(token_for(grant(UserFactory(), MANAGE)))
    made = manager.post("/api/v1/trainings", {"title": "First aid", "max_participants": 8})
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["is_active"] and made.json()["viewer"]["can_manage"]
    basics = manager.post("/api/v1/courses", {"training": pk, "title": "Basics"})
    assert basics.status_code == 201, basics.content
    advanced = manager.post(
        "/api/v1/courses",
        {"training": pk, "title": "Advanced", "prerequisites": [basics.json()["id"]]},
    )
    assert advanced.json()["prerequisites"] == [basics.json()["id"]]
    cycle = manager.patch(
        f"/api/v1/courses/{basics.json()['id']}", {"prerequisites": [advanced.json()["id"]]}
    )
    assert cycle.status_code == 400
    lesson = manager.post("/api/v1/lessons", {"course": basics.json()["id"], "title": "Intro"})
    assert lesson.status_code == 201 and lesson.json()["training"] == pk
    assert AuditLog.objects.filter(action="training.training.create").exists()


def test_the_instructor_edits_their_training_only(employee):
    training, other = TrainingFactory(), TrainingFactory()
    client = ApiClient(token_for(_instructor(training)))
    renamed = client.patch(f"/api/v1/trainings/{training.pk}", {"title": "Renamed"})
    assert renamed.status_code == 200 and renamed.json()["title"] == "Renamed"
    handed = client.patch(f"/api/v1/trainings/{training.pk}", {"instructor": employee.pk})
    assert handed.status_code == 200  # not a field the instructor has: ignored
    assert Training.objects.get(pk=training.pk).instructor.username == "teacher"
    assert client.patch(f"/api/v1/trainings/{other.pk}", {"title": "x"}).status_code == 403
    assert client.delete(f"/api/v1/trainings/{training.pk}").status_code == 403
    assert client.post("/api/v1/courses", {"training": other.pk, "title": "x"}).status_code == 403
    assert not Course.objects.exists()


def test_resources_are_uploaded_through_multipart_and_checked(db):
    training = TrainingFactory()
    token = {"Authorization": f"Bearer {token_for(_instructor(training))}"}
    client = Client()
    fake = SimpleUploadedFile("evil.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    refused = client.post(
        "/api/v1/resources", {"training": training.pk, "title": "Evil", "file": fake}, headers=token
    )
    assert refused.status_code == 400 and "file" in refused.json()["errors"]
    good = SimpleUploadedFile("notes.txt", b"plain notes", content_type="text/plain")
    made = client.post(
        "/api/v1/resources",
        {"training": training.pk, "title": "Notes", "file": good},
        headers=token,
    )
    assert made.status_code == 201, made.content
    assert made.json()["size"] == 11 and made.json()["download_url"]
    gone = client.delete(f"/api/v1/resources/{made.json()['id']}", headers=token)
    assert gone.status_code == 204 and not Resource.objects.exists()


def test_a_manager_issues_a_certificate(employee):
    training = TrainingFactory()
    participant = seat(training, employee)
    manager = ApiClient(token_for(grant(UserFactory(), MANAGE)))
    issued = manager.post("/api/v1/certificates", {"participant": participant.pk})
    assert issued.status_code == 201, issued.content
    assert issued.json()["user"]["username"] == employee.username
    mine = ApiClient(token_for(employee))
    assert mine.post("/api/v1/certificates", {"participant": participant.pk}).status_code == 403
    assert Certificate.objects.count() == 1
