"""What a category's moderators may do to other people's topics and posts, through the pages:
edit them (even in a locked topic, the previous text kept as a revision), rename a topic, and
review a pending topic from its page — the review form is shown for a pending topic only, to
those who may validate it. A moderator of the category only (object rights, no global role)."""

import pytest
from django.test import Client
from django.urls import reverse

from forum import services
from forum.models import Status
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, reply, topic_with_post

pytestmark = pytest.mark.django_db

REVIEW_BUTTON = "Record the decision"


@pytest.fixture
def category():
    return CategoryFactory(requires_topic_validation=True)


@pytest.fixture
def category_moderator(category):
    """Moderates `category` only: object rights given by a forum manager."""
    moderator = UserFactory()
    admin = UserFactory(role="admin", is_superuser=True)
    services.category_moderator_set(actor=admin, category=category, user=moderator, add=True)
    return moderator


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def _url(name, obj):
    return reverse(f"forum:{name}", kwargs={"pk": obj.pk})


def test_a_category_moderator_edits_a_post_of_someone_else_in_a_locked_topic(
    category, category_moderator
):
    topic = topic_with_post(category=category, author=category_moderator)
    post = reply(topic, content="Rude words")
    services.topic_moderate(actor=category_moderator, topic=topic, locked=True)
    response = signed_in(category_moderator).post(
        _url("post_edit", post), {"content": "Kind words"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.content == "Kind words" and post.revisions.get().content == "Rude words"
    # Its author may not any more: the topic is locked.
    response = signed_in(post.author).post(_url("post_edit", post), {"content": "Rude again"})
    assert response.status_code == 403


def test_a_category_moderator_renames_a_topic_of_someone_else_even_locked(
    category, category_moderator
):
    other = topic_with_post(category=category, title="shouting TITLE")
    services.topic_review(actor=category_moderator, topic=other, approve=True)
    services.topic_moderate(actor=category_moderator, topic=other, locked=True)
    client = signed_in(category_moderator)
    assert _url("topic_edit", other) in client.get(other.get_absolute_url()).text
    response = client.post(_url("topic_edit", other), {"title": "Calm title"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.title == "Calm title"
    author_page = signed_in(other.author).get(other.get_absolute_url()).text
    assert _url("topic_edit", other) not in author_page  # locked: not its author any more


def test_the_review_form_is_for_a_pending_topic_and_its_validators(category, category_moderator):
    topic = topic_with_post(category=category, title="Waiting")
    assert topic.status == Status.PENDING
    moderated = signed_in(category_moderator).get(topic.get_absolute_url()).text
    assert REVIEW_BUTTON in moderated and _url("topic_review", topic) in moderated
    own = signed_in(topic.author).get(topic.get_absolute_url()).text
    assert "waiting for a moderator" in own and REVIEW_BUTTON not in own
    # A moderator of another category does not even see it.
    elsewhere = UserFactory()
    services.category_moderator_set(
        actor=UserFactory(role="admin", is_superuser=True),
        category=CategoryFactory(),
        user=elsewhere,
        add=True,
    )
    assert signed_in(elsewhere).get(topic.get_absolute_url()).status_code == 404

    response = signed_in(category_moderator).post(
        _url("topic_review", topic), {"decision": "approve"}
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.status == Status.VISIBLE
    published = signed_in(category_moderator).get(topic.get_absolute_url()).text
    assert REVIEW_BUTTON not in published and _url("topic_review", topic) not in published
