"""The forum through the API: the pages' visibility, validation, likes and moderation."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forum.models import Like, Post, Status, Topic
from tests.api.helpers import ApiClient, token_for
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, PostFactory, reply, topic_with_post


def test_a_topic_and_its_replies_through_the_api(employee):
    category = CategoryFactory()
    client = ApiClient(token_for(employee))
    made = client.post(
        "/api/v1/forum/topics",
        {"category": category.pk, "title": "Parking", "content": "Where do we park?"},
    )
    assert made.status_code == 201, made.content
    topic = made.json()
    assert topic["status"] == "visible" and topic["author"]["username"] == employee.username
    answered = client.post("/api/v1/forum/posts", {"topic": topic["id"], "content": "Level -2"})
    assert answered.status_code == 201
    posts = client.get(f"/api/v1/forum/topics/{topic['id']}/posts").json()
    assert [p["content"] for p in posts["results"]] == ["Where do we park?", "Level -2"]
    assert client.get("/api/v1/forum/posts", {"topic": topic["id"]}).json()["count"] == 2
    listed = client.get("/api/v1/forum/topics", {"category": category.pk}).json()
    assert [t["title"] for t in listed["results"]] == ["Parking"]


def test_a_topic_in_a_validated_category_waits_and_is_hidden_from_others(employee):
    category = CategoryFactory(requires_topic_validation=True)
    made = ApiClient(token_for(employee)).post(
        "/api/v1/forum/topics", {"category": category.pk, "title": "Hi", "content": "Hello"}
    )
    assert made.json()["status"] == Status.PENDING
    other = ApiClient(token_for(UserFactory()))
    assert other.get(f"/api/v1/forum/topics/{made.json()['id']}").status_code == 404
    assert other.get("/api/v1/forum/topics").json()["count"] == 0
    refused = other.post("/api/v1/forum/posts", {"topic": made.json()["id"], "content": "x"})
    assert refused.status_code == 400
    assert "topic" in refused.json()["errors"]


def test_a_moderator_validates_pins_and_locks_through_the_api(employee, moderator):
    category = CategoryFactory(requires_topic_validation=True)
    topic = topic_with_post(author=employee, category=category)
    client = ApiClient(token_for(moderator))
    refused = client.post(f"/api/v1/forum/topics/{topic.pk}/review", {"decision": "reject"})
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    approved = client.post(f"/api/v1/forum/topics/{topic.pk}/review", {"decision": "approve"})
    assert approved.json()["status"] == Status.VISIBLE
    client.post(f"/api/v1/forum/topics/{topic.pk}/moderate", {"change": "lock"})
    topic.refresh_from_db()
    assert topic.locked
    locked = ApiClient(token_for(employee)).post(
        "/api/v1/forum/posts", {"topic": topic.pk, "content": "Too late"}
    )
    assert locked.status_code == 400
    assert "locked" in locked.json()["errors"]["non_field_errors"][0]
    denied = ApiClient(token_for(employee)).post(
        f"/api/v1/forum/topics/{topic.pk}/moderate", {"change": "unlock"}
    )
    assert denied.status_code == 403


def test_liking_twice_takes_the_like_back(employee):
    post = reply(topic_with_post())
    client = ApiClient(token_for(employee))
    first = client.post(f"/api/v1/forum/posts/{post.pk}/like")
    assert first.json() == {"liked": True, "like_count": 1}
    second = client.post(f"/api/v1/forum/posts/{post.pk}/like")
    assert second.json() == {"liked": False, "like_count": 0}
    assert not Like.objects.exists()


def test_only_the_author_or_a_moderator_edits_or_deletes_a_post(employee):
    post = reply(topic_with_post(), author=employee)
    stranger = ApiClient(token_for(UserFactory()))
    assert stranger.patch(f"/api/v1/forum/posts/{post.pk}", {"content": "x"}).status_code == 403
    assert stranger.delete(f"/api/v1/forum/posts/{post.pk}").status_code == 403
    client = ApiClient(token_for(employee))
    edited = client.patch(f"/api/v1/forum/posts/{post.pk}", {"content": "Better"})
    assert edited.json()["content"] == "Better" and edited.json()["edited"]
    assert client.delete(f"/api/v1/forum/posts/{post.pk}").status_code == 204
    assert Post.objects.get(pk=post.pk).deleted


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": "x", "content": "y"}, "category"),
        ({"category": "abc", "title": "x", "content": "y"}, "category"),
        ({"category": 999999, "title": "x", "content": "y"}, "category"),
        ({"category": {"id": 1}, "title": "x", "content": "y"}, "category"),
        ({"category": None, "title": "t" * 201, "content": "y"}, "title"),
        ({"title": "x", "content": ["y"]}, "content"),
    ],
)
def test_a_refused_topic_is_not_created(employee, body, field):
    CategoryFactory()
    response = ApiClient(token_for(employee)).post("/api/v1/forum/topics", body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Topic.objects.exists()


def test_a_session_needs_the_csrf_token_to_post(employee):
    topic = topic_with_post()
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee)
    response = client.post(
        "/api/v1/forum/posts", {"topic": topic.pk, "content": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert Post.objects.count() == 1


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"page_size": 100, **(params or {})}).status_code == 200
    return len(queries)


def test_forum_lists_cost_the_same_queries_for_5_and_50_rows(employee):
    category = CategoryFactory()
    topic = topic_with_post(category=category)
    client = ApiClient(token_for(employee))
    urls = [
        ("/api/v1/forum/topics", None),
        (f"/api/v1/forum/topics/{topic.pk}/posts", None),
        ("/api/v1/forum/posts", {"topic": topic.pk}),
        ("/api/v1/forum/categories", None),
        (f"/api/v1/forum/categories/{category.pk}/topics", None),
    ]
    for _ in range(4):
        topic_with_post(category=category)
        PostFactory(topic=topic)
        CategoryFactory()
    _count(client, *urls[0])  # the token's first use notes its last use
    few = [_count(client, *url) for url in urls]
    for _ in range(45):
        topic_with_post(category=category)
        PostFactory(topic=topic)
        CategoryFactory()
    assert [_count(client, *url) for url in urls] == few
    assert max(few) <= 15


def test_reporting_and_moving_through_the_api(employee, moderator):
    topic = topic_with_post(author=moderator)
    post = reply(topic, author=moderator)
    client = ApiClient(token_for(employee))
    reported = client.post(f"/api/v1/forum/posts/{post.pk}/report", {"reason": "Rude"})
    assert reported.status_code == 201 and reported.json()["status"] == "open"
    again = client.post(f"/api/v1/forum/posts/{post.pk}/report", {"reason": "Rude"})
    assert again.status_code == 400
    own = ApiClient(token_for(moderator)).post(
        f"/api/v1/forum/posts/{post.pk}/report", {"reason": "Mine"}
    )
    assert own.status_code == 403
    elsewhere = CategoryFactory()
    moved = ApiClient(token_for(moderator)).post(
        f"/api/v1/forum/topics/{topic.pk}/move", {"category": elsewhere.pk}
    )
    assert moved.status_code == 200 and moved.json()["category"] == elsewhere.pk
    denied = client.post(f"/api/v1/forum/topics/{topic.pk}/move", {"category": elsewhere.pk})
    assert denied.status_code == 403
