"""The header's unread counters are right on every page, whether a page reads them alone or
as two columns of its own statement (`intrasphere.unread`: the dashboard, the forum's topic
list and topic page, the announcement list, the training catalog and a training's pages), and
they follow reads at once."""

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from content.models import AnnouncementAcknowledgement
from intrasphere.models import Notification
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
    type(item).objects.filter(pk=item.pk).update(read_at=timezone.now())


@pytest.mark.parametrize("prepared", [True, False], ids=["prepared", "not prepared"])
@pytest.mark.parametrize("page", PAGES)
def test_each_page_counts_the_viewer_s_unread_items_only(page, prepared, settings):
    """Also with DATABASE_PREPARED_STATEMENTS off (behind a pooler): the usual cursor binds the
    lists of ids (post states, read marks, lessons) on the client."""
    settings.DATABASE_PREPARED_STATEMENTS = prepared
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
    assert _counters(client, path) == (1, 2)  # read fresh on each request


@pytest.mark.parametrize("page", PAGES)
def test_nothing_unread_shows_no_badge(page):
    viewer = UserFactory()
    path = PAGES[page](viewer)
    client = Client()
    client.force_login(viewer)
    assert _counters(client, path) == (0, 0)
    assert "count-badge" not in client.get(path).text
