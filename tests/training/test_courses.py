"""Courses, lessons, prerequisites, progress and resume."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import UserFactory, grant
from tests.training.factories import (
    CourseFactory,
    LessonAttachmentFactory,
    LessonFactory,
    ResourceFactory,
    TrainingFactory,
    quiz_with_questions,
    seat,
)
from training import services
from training.admin import CourseAdminForm
from training.models import LessonProgress, Participant


@pytest.fixture
def setup(employee):
    training = TrainingFactory()
    first = CourseFactory(training=training, title="First", order=1)
    second = CourseFactory(training=training, title="Second", order=2)
    second.prerequisites.add(first)
    lessons = [
        LessonFactory(course=first, title="L1", order=1, content="Hello **world**"),
        LessonFactory(course=first, title="L2", order=2),
        LessonFactory(course=second, title="L3", order=1),
    ]
    participant = seat(training, employee)
    return training, first, second, lessons, participant


def complete(client, lesson):
    return client.post(reverse("training:lesson_complete", args=[lesson.pk]), follow=True)


def test_lesson_page_renders_sanitized_markdown(employee_client, setup):
    _, _, _, lessons, _ = setup
    lessons[0].content = "Hello **world** <script>alert(1)</script>"
    lessons[0].save()
    body = employee_client.get(lessons[0].get_absolute_url()).content.decode()
    assert "<strong>world</strong>" in body
    assert "<script>alert(1)" not in body


def test_lesson_requires_a_seat(client, setup):
    _, _, _, lessons, _ = setup
    client.force_login(UserFactory(username="outsider"))
    response = client.get(lessons[0].get_absolute_url())
    assert response.status_code == 302  # to the training's page, where "Register" is
    assert response.url == lessons[0].course.training.get_absolute_url()
    assert complete(client, lessons[0]).status_code == 403


def test_hidden_training_lesson_is_404(client, setup):
    training, _, _, lessons, _ = setup
    training.is_visible = False
    training.save()
    client.force_login(UserFactory(username="outsider"))
    assert client.get(lessons[0].get_absolute_url()).status_code == 404


def test_prerequisites_gate_the_next_course(employee_client, setup):
    training, first, second, lessons, participant = setup
    response = employee_client.get(lessons[2].get_absolute_url())
    assert response.status_code == 302
    response = complete(employee_client, lessons[2])
    assert "prerequisite" in response.content.decode()
    assert not LessonProgress.objects.filter(lesson=lessons[2]).exists()
    complete(employee_client, lessons[0])
    complete(employee_client, lessons[1])
    assert employee_client.get(lessons[2].get_absolute_url()).status_code == 200


def test_progress_and_completion(employee_client, employee, setup):
    training, _, _, lessons, participant = setup
    complete(employee_client, lessons[0])
    participant.refresh_from_db()
    assert participant.progress == 33
    complete(employee_client, lessons[1])
    response = complete(employee_client, lessons[2])
    participant.refresh_from_db()
    assert participant.progress == 100
    assert participant.status == Participant.Status.COMPLETED
    assert "completed the training" in response.content.decode()
    assert employee.certificates.filter(training=training).exists()
    # Completing twice changes nothing.
    complete(employee_client, lessons[2])
    assert LessonProgress.objects.filter(user=employee).count() == 3


def test_progress_bars_without_inline_styles(employee_client, setup):
    training, first, _, lessons, _ = setup
    complete(employee_client, lessons[0])
    for url in [training.get_absolute_url(), first.get_absolute_url()]:
        body = employee_client.get(url).content.decode()
        assert '<progress class="progress"' in body
        assert "style=" not in body


def test_lesson_with_quiz_completes_only_when_passed(employee_client, setup):
    _, _, _, lessons, _ = setup
    quiz_with_questions(lesson=lessons[0])
    response = complete(employee_client, lessons[0])
    assert "Pass this lesson" in response.content.decode()
    assert not LessonProgress.objects.exists()


def test_resume_where_i_left_off(employee_client, setup):
    training, _, _, lessons, _ = setup
    url = reverse("training:training_resume", args=[training.pk])
    assert employee_client.get(url)["Location"] == lessons[0].get_absolute_url()
    employee_client.get(lessons[1].get_absolute_url())
    assert employee_client.get(url)["Location"] == lessons[1].get_absolute_url()
    complete(employee_client, lessons[1])
    assert employee_client.get(url)["Location"] == lessons[0].get_absolute_url()


def test_prerequisite_cycle_is_refused(db):
    training = TrainingFactory()
    a = CourseFactory(training=training, title="A")
    b = CourseFactory(training=training, title="B")
    c = CourseFactory(training=training, title="C")
    b.prerequisites.add(a)
    c.prerequisites.add(b)
    with pytest.raises(ValidationError, match="cycle"):
        services.course_prerequisites_check(course=a, training=training, prerequisites=[c])
    with pytest.raises(ValidationError, match="own prerequisite"):
        services.course_prerequisites_check(course=a, training=training, prerequisites=[a])
    other = CourseFactory(title="Elsewhere")
    with pytest.raises(ValidationError, match="another training"):
        services.course_prerequisites_check(course=a, training=training, prerequisites=[other])
    form = CourseAdminForm(
        instance=a,
        data={
            "training": training.pk,
            "title": "A",
            "order": 0,
            "duration_minutes": 0,
            "prerequisites": [c.pk],
        },
    )
    assert not form.is_valid()
    assert "cycle" in str(form.errors)
    assert list(a.prerequisites.all()) == []


def test_attachment_download_is_permission_checked(client, setup, employee):
    _, _, _, lessons, _ = setup
    attachment = LessonAttachmentFactory(lesson=lessons[0])
    url = reverse("training:attachment_download", args=[attachment.pk])
    client.force_login(employee)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"handout text"
    assert "attachment" in response["Content-Disposition"]
    client.force_login(UserFactory(username="outsider"))
    assert client.get(url).status_code == 403
    assert client.get(reverse("training:attachment_download", args=[999])).status_code == 404


def test_resource_link_for_participants(employee_client, setup):
    training, *_ = setup
    resource = ResourceFactory(training=training)
    response = employee_client.get(reverse("training:resource_download", args=[resource.pk]))
    assert response["Location"] == "https://example.com/slides"


def test_manager_sees_lessons_without_a_seat(client, setup):
    _, _, _, lessons, _ = setup
    client.force_login(grant(UserFactory(username="boss"), "training.manage_trainings"))
    assert client.get(lessons[2].get_absolute_url()).status_code == 200


def test_participant_progress_page(employee_client, setup, client):
    _, _, _, _, participant = setup
    url = reverse("training:participant_progress", args=[participant.pk])
    assert employee_client.get(url).status_code == 200
    client.force_login(UserFactory(username="nosy"))
    assert client.get(url).status_code == 404


def test_detail_and_my_trainings_query_counts(
    employee_client, employee, django_assert_max_num_queries
):
    training = TrainingFactory(max_participants=50)
    previous = None
    for i in range(8):
        course = CourseFactory(training=training, title=f"C{i}")
        if previous:
            course.prerequisites.add(previous)
        previous = course
        for j in range(4):
            LessonFactory(course=course, title=f"L{i}-{j}")
    seat(training, employee)
    for i in range(25):
        seat(TrainingFactory(title=f"Other {i}"), employee)
    with django_assert_max_num_queries(20):
        response = employee_client.get(training.get_absolute_url())
    content = response.content.decode()  # the syllabus is a shared body: no "states" context
    assert all(f">C{i}</a>" in content for i in range(8))
    with django_assert_max_num_queries(14):
        response = employee_client.get(reverse("training:my_trainings"))
    assert len(response.context["page"].object_list) == 20
    with django_assert_max_num_queries(20):
        employee_client.get(previous.get_absolute_url())


def test_a_new_prerequisite_or_a_new_prerequisite_lesson_gates_at_once(employee_client, setup):
    """The prerequisite lessons are shared across people: syllabus edits must show at once."""
    training, first, second, lessons, participant = setup
    complete(employee_client, lessons[0])
    complete(employee_client, lessons[1])
    assert employee_client.get(lessons[2].get_absolute_url()).status_code == 200
    LessonFactory(course=first, title="Added later")  # a prerequisite course grew
    assert employee_client.get(lessons[2].get_absolute_url()).status_code == 302
    third = CourseFactory(training=training, title="Third")
    gated = LessonFactory(course=third)
    assert employee_client.get(gated.get_absolute_url()).status_code == 200
    third.prerequisites.add(second)  # many-to-many only: no save of the course
    assert employee_client.get(gated.get_absolute_url()).status_code == 302
