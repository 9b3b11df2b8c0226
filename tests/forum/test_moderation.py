"""Moderation: per-category moderators, the queue, approve/reject, reports; all audited."""

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from forum import permissions, services
from forum.models import Category, Report, Status
from intrasphere.models import AuditLog, Notification
from tests.factories import UserFactory, grant
from tests.forum.factories import CategoryFactory, reply, topic_with_post

pytestmark = pytest.mark.django_db


def strict(**kwargs):
    return CategoryFactory(requires_topic_validation=True, requires_post_validation=True, **kwargs)


def test_category_moderator_holds_object_rights_only(client, employee):
    mine, other = strict(name="Mine"), strict(name="Other")
    assign_perm("forum.validate_topics", employee, mine)
    assign_perm("forum.validate_posts", employee, mine)
    assert permissions.can_moderate_category(employee, mine)
    assert not permissions.can_moderate_category(employee, other)
    in_mine = topic_with_post(category=mine, title="In mine")
    in_other = topic_with_post(category=other, title="In other")
    client.force_login(employee)
    response = client.get(reverse("forum:moderation_queue"))
    assert response.status_code == 200
    assert "In mine" in response.text and "In other" not in response.text
    assert client.get(in_other.get_absolute_url()).status_code == 404
    assert client.get(in_mine.get_absolute_url()).status_code == 200


def test_queue_query_count(client, moderator, django_assert_max_num_queries):
    for n in range(8):
        category = strict(name=f"C{n}")
        topic = topic_with_post(category=category, title=f"Pending {n}")
        assert topic.status == Status.PENDING
        open_topic = topic_with_post(author=moderator, category=category, title=f"Open {n}")
        reply(open_topic, content=f"Pending reply {n}")
        Report.objects.create(post=open_topic.posts.first(), reporter=UserFactory(), reason="x")
    client.force_login(moderator)
    url = reverse("forum:moderation_queue")
    for tab in ("topics", "posts", "reports"):
        with django_assert_max_num_queries(18):
            response = client.get(url, {"tab": tab})
        assert len(response.context["page"].object_list) == 8
        assert response.context["counts"] == {"topics": 8, "posts": 8, "reports": 8}
    assert client.get(url, {"tab": "nope"}).status_code == 404
    assert client.get(url, {"tab": "posts", "page": 3}).status_code == 404


def test_queue_forbidden_for_employee(employee_client):
    assert employee_client.get(reverse("forum:moderation_queue")).status_code == 403


def test_approve_topic_notifies_author_and_audits(client, employee, moderator):
    category = strict()
    follower = UserFactory()
    services.subscription_set(user=follower, category=category, follow=True)
    topic = topic_with_post(author=employee, category=category)
    client.force_login(moderator)
    response = client.post(
        reverse("forum:topic_review", kwargs={"pk": topic.pk}), {"decision": "approve"}
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.status == Status.VISIBLE
    assert Notification.objects.filter(recipient=employee, kind="forum.topic_approved").exists()
    assert Notification.objects.filter(recipient=follower, kind="forum.topic").exists()
    assert AuditLog.objects.filter(action="forum.topic.approve", actor=moderator).exists()
    category.refresh_from_db()
    assert category.topic_count == 1


def test_reject_needs_reason(client, employee, moderator):
    topic = topic_with_post(author=employee, category=strict())
    client.force_login(moderator)
    url = reverse("forum:topic_review", kwargs={"pk": topic.pk})
    response = client.post(url, {"decision": "reject", "reason": ""}, follow=True)
    assert "Say why it is rejected." in response.text
    topic.refresh_from_db()
    assert topic.status == Status.PENDING
    client.post(url, {"decision": "reject", "reason": "Duplicate"})
    topic.refresh_from_db()
    assert topic.status == Status.REJECTED and topic.rejection_reason == "Duplicate"
    note = Notification.objects.get(recipient=employee, kind="forum.topic_rejected")
    assert "Duplicate" in note.text
    assert AuditLog.objects.filter(action="forum.topic.reject", summary="Duplicate").exists()
    # A rejected topic leaves the queue; deciding twice is refused.
    assert client.post(url, {"decision": "approve"}).status_code == 404
    with pytest.raises(services.ValidationError, match="not waiting"):
        services.topic_review(actor=moderator, topic=topic, approve=True)


def test_review_post(client, employee, moderator):
    topic = topic_with_post(author=moderator, category=strict())
    post = reply(topic, author=employee, content="Please approve")
    client.force_login(moderator)
    client.post(reverse("forum:post_review", kwargs={"pk": post.pk}), {"decision": "approve"})
    post.refresh_from_db()
    topic.refresh_from_db()
    assert post.status == Status.VISIBLE and topic.reply_count == 1
    assert AuditLog.objects.filter(action="forum.post.approve").exists()
    assert Notification.objects.filter(recipient=employee, kind="forum.post_approved").exists()


def test_delegate_validates_posts_globally(client, moderator):
    delegate = grant(UserFactory(), "forum.validate_posts")
    topic = topic_with_post(author=moderator, category=strict())
    post = reply(topic, content="Waiting")
    client.force_login(delegate)
    response = client.post(
        reverse("forum:post_review", kwargs={"pk": post.pk}),
        {"decision": "reject", "reason": "Rude"},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Status.REJECTED


def test_report_and_handle(client, employee, moderator):
    topic = topic_with_post()
    post = reply(topic, content="Rude words")
    client.force_login(employee)
    url = reverse("forum:post_report", kwargs={"pk": post.pk})
    assert "Say what is wrong" in client.post(url, {"reason": ""}).text
    assert client.post(url, {"reason": "Insulting"}).status_code == 302
    assert "already reported" in client.post(url, {"reason": "Again"}).text
    report = Report.objects.get()
    client.force_login(moderator)
    assert "Insulting" in client.get(reverse("forum:moderation_queue"), {"tab": "reports"}).text
    client.post(reverse("forum:report_handle", kwargs={"pk": report.pk}), {"decision": "remove"})
    report.refresh_from_db()
    post.refresh_from_db()
    assert report.status == Report.ReportStatus.RESOLVED and post.deleted
    assert AuditLog.objects.filter(action="forum.report.resolve").exists()
    response = client.post(
        reverse("forum:report_handle", kwargs={"pk": report.pk}), {"decision": "dismiss"}
    )
    assert response.status_code == 404


def test_category_management_and_moderators(client, employee):
    manager = grant(UserFactory(), "forum.manage_forum")
    client.force_login(manager)
    response = client.post(
        reverse("forum:category_create"),
        {"name": "HR", "slug": "hr", "colour": "red", "order": 1, "active": "on"},
    )
    assert "six hexadecimal digits" in response.text
    client.post(
        reverse("forum:category_create"),
        {"name": "HR", "slug": "hr", "colour": "#aa0000", "order": 1, "active": "on"},
    )
    category = Category.objects.get(slug="hr")
    url = reverse("forum:category_moderators", kwargs={"slug": "hr"})
    assert "No active colleague" in client.post(url, {"username": "ghost", "action": "add"}).text
    client.post(url, {"username": employee.username, "action": "add"})
    assert permissions.can_validate_posts(employee, category)
    assert AuditLog.objects.filter(action="forum.category.moderator_add").exists()
    client.post(url, {"username": employee.username, "action": "remove"})
    employee = type(employee).objects.get(pk=employee.pk)
    assert not permissions.can_moderate_category(employee, category)


def test_review_without_decision_changes_nothing(client, employee, moderator):
    topic = topic_with_post(author=employee, category=strict())
    client.force_login(moderator)
    url = reverse("forum:topic_review", kwargs={"pk": topic.pk})
    response = client.post(url, {"decision": "maybe"}, follow=True)
    assert response.status_code == 200 and "Select a valid choice" in response.text
    topic.refresh_from_db()
    assert topic.status == Status.PENDING
    assert not AuditLog.objects.filter(action__startswith="forum.topic.approve").exists()
