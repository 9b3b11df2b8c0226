"""Instructors build the syllabus: courses, lessons, attachments, resources."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from intrasphere.models import AuditLog
from tests.factories import UserFactory
from tests.training.factories import CourseFactory, LessonFactory, TrainingFactory, seat
from training.models import Course, Lesson, LessonAttachment, Resource
from training.services import instructor_sync


@pytest.fixture
def training(db):
    return TrainingFactory()


@pytest.fixture
def instructor_client(client, training):
    instructor = UserFactory(username="teacher")
    training.instructor = instructor
    training.save()
    instructor_sync(training=training, previous=None)
    client.force_login(instructor)
    return client


def test_instructor_creates_course_and_lesson(instructor_client, training):
    response = instructor_client.post(
        reverse("training:course_create", args=[training.pk]),
        {"title": "Basics", "order": 1, "duration_minutes": 30},
    )
    course = Course.objects.get(title="Basics")
    assert response["Location"] == course.get_absolute_url()
    response = instructor_client.post(
        reverse("training:lesson_create", args=[course.pk]),
        {"title": "Intro", "order": 1, "content": "# Hi", "duration_minutes": 5},
    )
    lesson = Lesson.objects.get(title="Intro")
    assert response["Location"] == lesson.get_absolute_url()
    assert AuditLog.objects.filter(action="training.lesson.create").exists()


def test_course_cycle_refused_in_the_form(instructor_client, training):
    a = CourseFactory(training=training, title="A")
    b = CourseFactory(training=training, title="B")
    b.prerequisites.add(a)
    response = instructor_client.post(
        reverse("training:course_edit", args=[a.pk]),
        {"title": "A", "order": 0, "duration_minutes": 0, "prerequisites": [b.pk]},
    )
    assert response.status_code == 200
    assert "cycle" in response.content.decode()
    assert list(a.prerequisites.all()) == []


def test_prerequisite_from_another_training_is_not_a_choice(instructor_client, training):
    a = CourseFactory(training=training)
    foreign = CourseFactory()
    response = instructor_client.post(
        reverse("training:course_edit", args=[a.pk]),
        {"title": "A", "order": 0, "duration_minutes": 0, "prerequisites": [foreign.pk]},
    )
    assert response.status_code == 200
    assert "prerequisites" in response.context["form"].errors


def test_bad_lesson_input(instructor_client, training):
    course = CourseFactory(training=training)
    response = instructor_client.post(
        reverse("training:lesson_create", args=[course.pk]),
        {"title": "", "order": -1, "video_url": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert {"title", "order", "video_url"} <= set(response.context["form"].errors)
    assert not Lesson.objects.exists()


def test_adding_a_lesson_updates_progress(instructor_client, training, employee):
    course = CourseFactory(training=training)
    lesson = LessonFactory(course=course)
    participant = seat(training, employee)
    from training.services import lesson_complete

    lesson_complete(participant=participant, lesson=lesson)
    participant.refresh_from_db()
    assert participant.status == "completed"
    other = UserFactory(username="half")
    half = seat(training, other)
    LessonFactory(course=course)  # two lessons now
    lesson_complete(participant=half, lesson=lesson)
    half.refresh_from_db()
    assert half.progress == 50
    instructor_client.post(
        reverse("training:lesson_create", args=[course.pk]),
        {"title": "Third", "order": 3, "duration_minutes": 0},
    )
    half.refresh_from_db()
    assert half.progress == 33


def test_attachment_upload_is_checked(instructor_client, training, employee):
    from django.test import Client

    client = Client()
    lesson = LessonFactory(course=CourseFactory(training=training))
    url = reverse("training:attachment_create", args=[lesson.pk])
    fake = SimpleUploadedFile("evil.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = instructor_client.post(url, {"title": "Evil", "file": fake})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    good = SimpleUploadedFile("notes.txt", b"plain notes", content_type="text/plain")
    instructor_client.post(url, {"title": "Notes", "file": good})
    attachment = LessonAttachment.objects.get()
    assert attachment.extension == "txt" and attachment.size == 11
    seat(training, employee)
    client.force_login(employee)
    download = client.get(reverse("training:attachment_download", args=[attachment.pk]))
    assert b"".join(download.streaming_content) == b"plain notes"
    instructor_client.post(reverse("training:attachment_delete", args=[attachment.pk]))
    assert not LessonAttachment.objects.exists()


def test_resource_needs_a_link_or_file(instructor_client, training):
    url = reverse("training:resource_create", args=[training.pk])
    response = instructor_client.post(url, {"title": "Nothing"})
    assert "Give a link or a file." in response.content.decode()
    instructor_client.post(url, {"title": "Slides", "url": "https://example.com/s"})
    resource = Resource.objects.get()
    instructor_client.post(reverse("training:resource_delete", args=[resource.pk]))
    assert not Resource.objects.exists()


def test_other_instructor_cannot_edit(client, training):
    course = CourseFactory(training=training)
    client.force_login(UserFactory(username="someone"))
    assert client.get(reverse("training:course_edit", args=[course.pk])).status_code == 403
    assert client.post(reverse("training:course_delete", args=[course.pk])).status_code == 403
    assert Course.objects.exists()


def test_thumbnail(admin_client, tmp_path):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 400), "blue").save(buffer, format="PNG")
    response = admin_client.post(
        reverse("training:training_create"),
        {
            "title": "Pictured",
            "difficulty": "beginner",
            "duration_hours": 1,
            "max_participants": 3,
            "is_active": "on",
            "is_visible": "on",
            "thumbnail": SimpleUploadedFile("t.png", buffer.getvalue(), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    from training.models import Training

    training = Training.objects.get(title="Pictured")
    image = admin_client.get(reverse("training:training_thumbnail", args=[training.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_admin_lesson_delete_updates_progress(admin_client, training, employee):
    course = CourseFactory(training=training)
    first, second = LessonFactory(course=course), LessonFactory(course=course)
    participant = seat(training, employee)
    from training.services import lesson_complete

    lesson_complete(participant=participant, lesson=first)
    participant.refresh_from_db()
    assert participant.progress == 50
    admin_client.post(reverse("admin:training_lesson_delete", args=[second.pk]), {"post": "yes"})
    assert not Lesson.objects.filter(pk=second.pk).exists()
    participant.refresh_from_db()
    assert participant.progress == 100
    assert participant.status == "completed"
