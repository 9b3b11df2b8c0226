"""The forum through the API, continued: following, the moderation queue (pending topics and
replies, reports), post revisions and deleting a category — the pages' rules."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from forum import services
from forum.models import Category, Post, Report, Subscription
from intrasphere.models import AuditLog
from tests.api.helpers import ApiClient, token_for
from tests.factories import UserFactory, grant
from tests.forum.factories import CategoryFactory, ReportFactory, reply, topic_with_post


def test_following_a_topic_and_a_category(employee):
    topic = topic_with_post()
    client = ApiClient(token_for(employee))
    url = f"/api/v1/forum/topics/{topic.pk}/follow"
    assert client.get(url).json() == {"following": False}
    assert client.post(url).json() == {"following": True}
    assert client.get(url).json() == {"following": True}
    assert Subscription.objects.filter(user=employee, topic=topic).exists()
    assert client.delete(url).json() == {"following": False}
    assert not Subscription.objects.filter(user=employee, topic=topic).exists()
    category_url = f"/api/v1/forum/categories/{topic.category_id}/follow"
    assert client.post(category_url).json() == {"following": True}
    assert client.get(category_url).json() == {"following": True}
    assert ApiClient(token_for(employee, read_only=True)).post(category_url).status_code == 403


def test_the_queue_shows_what_waits_in_the_categories_one_moderates(employee):
    watched, elsewhere = (
        CategoryFactory(requires_topic_validation=True),
        CategoryFactory(requires_topic_validation=True),
    )
    keeper = UserFactory()
    assign_perm("forum.validate_topics", keeper, watched)
    waiting = topic_with_post(author=employee, category=watched, title="Waiting")
    topic_with_post(author=employee, category=elsewhere, title="Not mine")
    client = ApiClient(token_for(keeper))
    listed = client.get("/api/v1/forum/moderation/topics").json()
    assert [t["title"] for t in listed["results"]] == ["Waiting"]
    assert client.get("/api/v1/forum/moderation").json() == {"topics": 1, "posts": 0, "reports": 0}
    approved = client.post(f"/api/v1/forum/topics/{waiting.pk}/review", {"decision": "approve"})
    assert approved.status_code == 200
    assert client.get("/api/v1/forum/moderation/topics").json()["count"] == 0
    assert ApiClient(token_for(employee)).get("/api/v1/forum/moderation").status_code == 403


def test_a_report_is_handled_from_the_queue(employee, moderator):
    topic = topic_with_post(author=moderator)
    post = reply(topic, author=moderator)
    report = ReportFactory(post=post, reporter=employee)
    client = ApiClient(token_for(moderator))
    queued = client.get("/api/v1/forum/moderation/reports").json()["results"]
    assert [r["id"] for r in queued] == [report.pk] and queued[0]["post"]["id"] == post.pk
    bad = client.post(f"/api/v1/forum/reports/{report.pk}/handle", {"decision": "burn"})
    assert bad.status_code == 400 and "decision" in bad.json()["errors"]
    handled = client.post(f"/api/v1/forum/reports/{report.pk}/handle", {"decision": "remove"})
    assert handled.status_code == 200 and handled.json()["status"] == "resolved"
    assert Post.objects.get(pk=post.pk).deleted
    again = client.post(f"/api/v1/forum/reports/{report.pk}/handle", {"decision": "dismiss"})
    assert again.status_code == 404  # no longer open
    assert Report.objects.get(pk=report.pk).handled_by == moderator


def test_revisions_are_for_moderators(employee, moderator):
    topic = topic_with_post(author=employee)
    post = reply(topic, author=employee, content="First words")
    services.post_edit(actor=employee, post=post, content="Second words")
    url = f"/api/v1/forum/posts/{post.pk}/revisions"
    revisions = ApiClient(token_for(moderator)).get(url).json()["results"]
    assert [r["content"] for r in revisions] == ["First words"]
    assert revisions[0]["edited_by"]["username"] == employee.username
    assert ApiClient(token_for(employee)).get(url).status_code == 403


def test_only_an_empty_category_is_deleted(employee):
    manager = grant(UserFactory(), "forum.manage_forum")
    busy, empty = CategoryFactory(), CategoryFactory()
    topic_with_post(category=busy)
    client = ApiClient(token_for(manager))
    refused = client.delete(f"/api/v1/forum/categories/{busy.pk}")
    assert refused.status_code == 400 and "topics" in refused.json()["detail"] + str(
        refused.json().get("errors")
    )
    assert (
        ApiClient(token_for(employee)).delete(f"/api/v1/forum/categories/{empty.pk}").status_code
        == 403
    )
    assert client.delete(f"/api/v1/forum/categories/{empty.pk}").status_code == 204
    assert not Category.objects.filter(pk=empty.pk).exists()
    assert AuditLog.objects.filter(action="forum.category.delete").count() == 1


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"page_size": 100}).status_code == 200
    return len(queries)


def test_queue_and_revision_lists_cost_the_same_for_5_and_50_rows(employee, moderator):
    strict = CategoryFactory(requires_topic_validation=True, requires_post_validation=True)
    open_topic = topic_with_post(author=moderator, category=CategoryFactory())
    published = reply(open_topic, author=moderator)
    visible = topic_with_post(author=moderator, category=strict)  # a moderator needs no review

    def add(n):
        for i in range(n):
            topic_with_post(author=employee, category=strict, title=f"Pending {i}")
            services.post_create(author=employee, topic=visible, content=f"Reply {i}")
            writer = UserFactory()
            ReportFactory(post=reply(open_topic, author=moderator), reporter=writer)
            services.post_edit(actor=moderator, post=published, content=f"Edit {i}")

    client = ApiClient(token_for(moderator))
    urls = [
        "/api/v1/forum/moderation/topics",
        "/api/v1/forum/moderation/posts",
        "/api/v1/forum/moderation/reports",
        f"/api/v1/forum/posts/{published.pk}/revisions",
    ]
    add(5)
    _count(client, urls[0])  # the token's first use notes its last use
    few = [_count(client, url) for url in urls]
    add(45)
    assert [_count(client, url) for url in urls] == few
    assert max(few) <= 15
