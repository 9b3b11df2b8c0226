""" "Latest topics" across the categories one may see and "My posts": pending topics only to
their author and to those who validate them, rejected and deleted ones hidden from others,
archived categories left out; a fixed number of queries whatever the row count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from guardian.shortcuts import assign_perm

from forum import services
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, reply, topic_with_post

pytestmark = pytest.mark.django_db
LATEST = reverse("forum:latest_topics")
MINE = reverse("forum:my_posts")


@pytest.fixture
def world():
    strict = CategoryFactory(slug="strict", requires_topic_validation=True)
    author, validator = UserFactory(), UserFactory()
    assign_perm("forum.validate_topics", validator, strict)
    topic_with_post(title="Public question")
    topic_with_post(author=author, category=strict, title="Pending question")
    gone = topic_with_post(author=author, title="Deleted question")
    services.topic_delete(actor=author, topic=gone)
    archived = CategoryFactory(slug="archive")
    topic_with_post(category=archived, title="Archived question")
    archived.archived_at = archived.created_at
    archived.save()
    return {"author": author, "validator": validator}


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_latest_topics_follow_what_each_person_may_see(client, world):
    stranger = page(client, UserFactory(), LATEST)
    assert "Public question" in stranger
    for hidden in ("Pending question", "Deleted question", "Archived question"):
        assert hidden not in stranger
    assert "Pending question" in page(client, world["author"], LATEST)
    assert "Pending question" in page(client, world["validator"], LATEST)


def test_my_posts_lists_my_own_only(client, world):
    topic = topic_with_post(title="Someone's topic")
    reply(topic, author=world["author"], content="My helpful answer")
    reply(topic, content="Another person's answer")
    body = page(client, world["author"], MINE)
    assert "My helpful answer" in body and "Another person" not in body
    assert "Waiting for validation" in body  # the pending topic's first post
    assert "Deleted question" not in body


@pytest.mark.parametrize("url", [LATEST, MINE])
def test_a_fixed_number_of_queries(client, world, url):
    author = world["author"]
    page(client, author, url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(8):
        topic = topic_with_post(author=author, category=CategoryFactory(), title=f"More {n}")
        reply(topic, author=author)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) <= 15
