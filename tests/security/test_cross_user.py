"""Cross-user object access: one employee's objects, requested by another employee.

Every object page (and the actions on it) answers 404 or 403 as designed, never the data;
unsafe requests change nothing.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint
from forum.models import Post, Status, Topic
from intrasphere.models import Notification
from tests.complaints.factories import AttachmentFactory, ComplaintFactory
from tests.content.factories import AnnouncementFactory, PageFactory
from tests.factories import MessageFactory, UserFactory
from tests.forum.factories import CategoryFactory as ForumCategoryFactory
from tests.forum.factories import PostFactory, TopicFactory
from tests.security import summary

SECRET = "Zanzibar 7731-confidential"
SECRET_MARK = "7731-confidential"


@pytest.fixture
def owner(db):
    return UserFactory(username="owner", department="Finance")


@pytest.fixture
def intruder(db):
    return UserFactory(username="intruder", department="Sales")


@pytest.fixture
def objects(owner):
    third = UserFactory(username="third")
    complaint = ComplaintFactory(submitter=owner, title=SECRET, description=SECRET)
    confidential = ComplaintFactory(
        submitter=owner, title=SECRET, description=SECRET, confidential=True
    )
    category = ForumCategoryFactory()
    topic = TopicFactory(category=category, author=owner, title=SECRET, status=Status.PENDING)
    post = PostFactory(topic=topic, author=owner, content=SECRET, status=Status.PENDING)
    visible_topic = TopicFactory(category=category, author=third, title="Open topic")
    PostFactory(topic=visible_topic, author=third, content="First post")
    pending_reply = PostFactory(
        topic=visible_topic, author=owner, content=SECRET, status=Status.PENDING
    )
    return {
        "message": MessageFactory(sender=owner, recipient=third, subject=SECRET, body=SECRET),
        "complaint": complaint,
        "confidential": confidential,
        "attachment": AttachmentFactory(complaint=confidential, original_name="secret.pdf"),
        "notification": Notification.objects.create(recipient=owner, kind="test", message=SECRET),
        "topic": topic,
        "post": post,
        "pending_reply": pending_reply,
        "targeted": AnnouncementFactory(
            title=SECRET,
            content=SECRET,
            audience_departments="|Finance|",
            audience_restricted=True,
        ),  # fmt: skip
        "future": AnnouncementFactory(
            title=SECRET,
            content=SECRET,
            publish_at=timezone.now() + datetime.timedelta(days=2),
        ),  # fmt: skip
        "draft_page": PageFactory(title=SECRET, body=SECRET, status="draft"),
    }


def requests_for(o) -> list[tuple[str, str, dict]]:
    """(method, url, data) for every page and action on another user's objects."""
    r = []
    message = o["message"].pk
    r += [("GET", reverse("messaging:detail", kwargs={"pk": message}), {})]
    r += [("GET", reverse("messaging:reply", kwargs={"pk": message}), {})]
    r += [("POST", reverse("messaging:reply", kwargs={"pk": message}), {"body": "hi"})]
    for name in ("complaint", "confidential"):
        pk = o[name].pk
        r += [("GET", reverse("complaints:detail", kwargs={"pk": pk}), {})]
        r += [("POST", reverse("complaints:reply", kwargs={"pk": pk}), {"body": "me too"})]
        r += [("POST", reverse("complaints:transition", kwargs={"pk": pk}), {"status": "closed"})]
        r += [("POST", reverse("complaints:priority", kwargs={"pk": pk}), {"priority": "high"})]
        r += [("POST", reverse("complaints:assign", kwargs={"pk": pk}), {"assignee": ""})]
        r += [("POST", reverse("complaints:rate", kwargs={"pk": pk}), {"rating": "1"})]
    attachment = o["attachment"]
    kwargs = {"pk": attachment.complaint_id, "attachment_pk": attachment.pk}
    r += [("GET", reverse("complaints:attachment_download", kwargs=kwargs), {})]
    topic = o["topic"]
    r += [("GET", reverse("forum:topic_detail", kwargs={"pk": topic.pk, "slug": topic.slug}), {})]
    r += [("GET", reverse("forum:topic_edit", kwargs={"pk": topic.pk}), {})]
    r += [("POST", reverse("forum:topic_reply", kwargs={"pk": topic.pk}), {"content": "x"})]
    r += [("POST", reverse("forum:topic_follow", kwargs={"pk": topic.pk}), {})]
    for name in ("post", "pending_reply"):
        pk = o[name].pk
        r += [("GET", reverse("forum:post_jump", kwargs={"pk": pk}), {})]
        r += [("GET", reverse("forum:post_edit", kwargs={"pk": pk}), {})]
        r += [("POST", reverse("forum:post_edit", kwargs={"pk": pk}), {"content": "changed"})]
        r += [("GET", reverse("forum:post_revisions", kwargs={"pk": pk}), {})]
        r += [("POST", reverse("forum:post_like", kwargs={"pk": pk}), {})]
        r += [("POST", reverse("forum:post_report", kwargs={"pk": pk}), {"reason": "spam"})]
        r += [("POST", reverse("forum:post_delete", kwargs={"pk": pk}), {})]
    for name in ("targeted", "future"):
        pk = o[name].pk
        r += [("GET", reverse("content:announcement_detail", kwargs={"pk": pk}), {})]
        r += [("GET", reverse("content:announcement_image", kwargs={"pk": pk}), {})]
    r += [("GET", reverse("content:page_detail", kwargs={"slug": o["draft_page"].slug}), {})]
    return r


def snapshot(o) -> list:
    """What an unsafe request from the intruder must not change."""
    return [
        list(Complaint.objects.values_list("status", "priority", "assignee_id", "title")),
        list(Post.objects.values_list("pk", "content", "status", "deleted")),
        list(Topic.objects.values_list("pk", "title", "status")),
        Notification.objects.get(pk=o["notification"].pk).read_at,
        o["message"].__class__.objects.count(),
    ]


def test_another_users_objects_are_never_shown(client, intruder, objects):
    client.force_login(intruder)
    before = snapshot(objects)
    for method, url, data in requests_for(objects):
        response = getattr(client, method.lower())(url, data)
        summary.count("cross_user")
        where = f"{method} {url}"
        assert response.status_code in (403, 404), f"{where}: {response.status_code}"
        if not response.streaming:
            assert SECRET_MARK not in response.content.decode(), f"{where}: shows the data"
    assert snapshot(objects) == before


def test_another_users_notification_cannot_be_marked_read(client, intruder, objects):
    client.force_login(intruder)
    notification = objects["notification"]
    response = client.post(reverse("notifications:read", kwargs={"pk": notification.pk}))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is None
    assert SECRET_MARK not in client.get(reverse("notifications:list")).content.decode()


def test_lists_and_search_never_show_another_users_objects(client, intruder, objects):
    client.force_login(intruder)
    for url in (
        reverse("dashboard"),
        reverse("search") + "?q=Zanzibar",
        reverse("messaging:inbox"),
        reverse("messaging:sent"),
        reverse("complaints:my_list"),
        reverse("notifications:list"),
        reverse("content:announcement_list"),
        reverse("forum:index"),
        reverse("forum:category_detail", kwargs={"slug": objects["topic"].category.slug}),
        objects["pending_reply"].topic.get_absolute_url(),
    ):
        response = client.get(url)
        summary.count("cross_user")
        assert response.status_code == 200, url
        assert SECRET_MARK not in response.content.decode(), f"{url} shows the data"
