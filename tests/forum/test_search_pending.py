"""Search never shows pending (unvalidated) forum content to anyone but its author: not to
colleagues, not to moderators, category validators or administrators, who find it in the
moderation queue instead (docs/features.md, "Forum")."""

import pytest
from django.test import Client
from django.urls import reverse
from guardian.shortcuts import assign_perm

from forum.models import Status
from tests.factories import UserFactory, grant
from tests.forum.factories import CategoryFactory, PostFactory, topic_with_post

pytestmark = pytest.mark.django_db


def search(user, query="zebra") -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def strict():
    return CategoryFactory(requires_topic_validation=True)


@pytest.fixture
def author():
    return UserFactory()


@pytest.fixture
def pending(strict, author):
    topic = topic_with_post(author=author, category=strict, title="Zebra waiting topic")
    assert topic.status == Status.PENDING
    return topic


def everyone_else(strict):
    category_validator = UserFactory()
    assign_perm("forum.validate_topics", category_validator, strict)
    assign_perm("forum.validate_posts", category_validator, strict)
    return {
        "colleague": UserFactory(),
        "moderator": UserFactory(role="moderator"),
        "global validator": grant(UserFactory(), "forum.validate_topics"),
        "category validator": category_validator,
        "forum manager": grant(UserFactory(), "forum.manage_forum"),
        "administrator": UserFactory(role="admin", is_superuser=True, is_staff=True),
    }


def test_the_author_finds_their_pending_topic(pending, author):
    assert "Zebra waiting topic" in search(author)


def test_nobody_else_finds_a_pending_topic(pending, strict):
    for who, person in everyone_else(strict).items():
        assert "Zebra waiting topic" not in search(person), who


def test_moderators_still_find_it_in_the_moderation_queue(pending, strict):
    client = Client()
    client.force_login(UserFactory(role="moderator"))
    response = client.get(reverse("forum:moderation_queue"))
    assert response.status_code == 200
    assert "Zebra waiting topic" in response.content.decode()


def test_nobody_else_finds_a_pending_reply(strict, author):
    public = topic_with_post(title="Quagga corner", content="hello")
    PostFactory(topic=public, author=author, content="zebra secret reply", status=Status.PENDING)
    assert "Quagga corner" in search(author)
    for who, person in everyone_else(strict).items():
        assert "Quagga corner" not in search(person), who


def test_published_content_is_found_by_everyone(strict):
    topic_with_post(title="Zebra crossing", content="zebra stripes")
    for who, person in everyone_else(strict).items():
        assert "Zebra crossing" in search(person), who


def test_once_approved_everyone_finds_it(pending, strict):
    from forum import services

    services.topic_review(actor=UserFactory(role="moderator"), topic=pending, approve=True)
    for who, person in everyone_else(strict).items():
        assert "Zebra waiting topic" in search(person), who
