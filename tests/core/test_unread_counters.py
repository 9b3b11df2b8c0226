"""The header's unread counters (`intrasphere.unread`: one cached value per user) are right on
every page, and follow every write that changes them at once: a new message or notification,
a message or notification read."""

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services import message_mark_read, message_send
from content.models import AnnouncementAcknowledgement
from intrasphere.models import Notification
from intrasphere.services import notification_mark_read, notification_send
from tests.content.factories import AnnouncementFactory
from tests.factories import MessageFactory, UserFactory
from tests.forum.factories import reply, topic_with_post
from tests.training.factories import (
    CourseFactory,
    LessonFactory,
    TrainingFactory,
    quiz_with_questions,
    seat,
)

pytestmark = pytest.mark.django_db


def _topic(viewer) -> str:
    topic = topic_with_post()
    reply(topic)
    return topic.get_absolute_url()


def _topic_list(viewer) -> str:
    return topic_with_post().category.get_absolute_url()


def _lesson(viewer):
    training = TrainingFactory()
    seat(training, viewer)
    return LessonFactory(course=CourseFactory(training=training))


def _announcements_with_must_reads(viewer) -> str:
    AnnouncementFactory(important=True)
    AnnouncementAcknowledgement.objects.create(
        user=viewer, announcement=AnnouncementFactory(important=True)
    )
    return reverse("content:announcement_list")


PAGES = {
    "directory": lambda viewer: reverse("accounts:directory"),  # read alone
    "announcements": lambda viewer: reverse("content:announcement_list"),  # alone: no must-read
    "announcements with must-reads": _announcements_with_must_reads,
    "dashboard": lambda viewer: reverse("dashboard"),
    "topic page": _topic,
    "topic list": _topic_list,
    "catalog": lambda viewer: reverse("training:training_list"),
    "training": lambda viewer: _lesson(viewer).course.training.get_absolute_url(),
    "lesson": lambda viewer: _lesson(viewer).get_absolute_url(),
    "quiz": lambda viewer: reverse(
        "training:quiz_detail", args=[quiz_with_questions(lesson=_lesson(viewer)).pk]
    ),
}


def _notify(user, *, read: bool = False) -> Notification:
    return Notification.objects.create(
        recipient=user, kind="test", message="Hello", read_at=timezone.now() if read else None
    )


def _counters(client: Client, path: str) -> tuple[int, int]:
    response = client.get(path)
    assert response.status_code == 200
    return response.context["unread_notifications"], response.context["unread_messages"]


def _mark_read(item: Model) -> None:
    """Through the services the pages call (bulk updates: no signal)."""
    if isinstance(item, Notification):
        notification_mark_read(user=item.recipient, notification_id=item.pk)
    else:
        message_mark_read(message=item, user=item.recipient)


@pytest.mark.parametrize("page", PAGES)
def test_each_page_counts_the_viewer_s_unread_items_only(page):
    viewer, colleague = UserFactory(), UserFactory()
    path = PAGES[page](viewer)
    first = _notify(viewer)
    _notify(viewer)
    _notify(viewer, read=True)
    _notify(colleague)
    message = MessageFactory(recipient=viewer)
    MessageFactory.create_batch(2, recipient=viewer)
    _mark_read(MessageFactory(recipient=viewer))
    MessageFactory(recipient=colleague)
    client = Client()
    client.force_login(viewer)
    assert _counters(client, path) == (2, 3)
    _mark_read(first)
    _mark_read(message)
    assert _counters(client, path) == (1, 2)  # the services forgot the kept value


@pytest.mark.parametrize("page", PAGES)
def test_nothing_unread_shows_no_badge(page):
    viewer = UserFactory()
    path = PAGES[page](viewer)
    client = Client()
    client.force_login(viewer)
    assert _counters(client, path) == (0, 0)
    assert "count-badge" not in client.get(path).text


def test_every_write_that_changes_a_counter_shows_at_once():
    """Each service that changes a counter forgets the kept value (the header is cached)."""
    viewer, colleague = UserFactory(), UserFactory()
    client = Client()
    client.force_login(viewer)
    path = reverse("accounts:directory")
    assert _counters(client, path) == (0, 0)
    message = message_send(sender=colleague, recipient=viewer, subject="Hi", body="Hello")
    assert _counters(client, path) == (1, 1)  # the message and its notification
    notification_send(recipients=[viewer], kind="test", message="Ping")
    assert _counters(client, path) == (2, 1)
    message_mark_read(message=message, user=viewer)
    assert _counters(client, path) == (1, 0)  # opening the message read its notification too
    notification_send(recipients=[viewer], kind="test", message="Pong")
    assert _counters(client, path) == (2, 0)
    notification_mark_read(user=viewer, notification_id=Notification.objects.first().pk)
    assert _counters(client, path) == (1, 0)
    notification_mark_read(user=viewer)
    assert _counters(client, path) == (0, 0)


def test_the_counters_are_one_cached_value_per_user(django_assert_num_queries):
    from intrasphere.unread import unread_counts

    viewer, colleague = UserFactory(), UserFactory()
    _notify(viewer)
    MessageFactory(recipient=colleague)
    assert unread_counts(viewer) == {"notifications": 1, "messages": 0, "reports": 0}
    with django_assert_num_queries(0):
        assert unread_counts(viewer) == {"notifications": 1, "messages": 0, "reports": 0}
    assert unread_counts(colleague) == {"notifications": 0, "messages": 1, "reports": 0}
