"""Acting on a topic or post deleted meanwhile: a page read it before the deletion (two tabs, a
double submit, a moderator deleting it while its author edits), the service re-reads it under
a lock and refuses; nothing changes, nothing is audited twice."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum import services
from forum.models import Post, Topic
from intrasphere.models import AuditLog
from tests.factories import UserFactory
from tests.forum.factories import reply, topic_with_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return UserFactory(role="moderator")


def _deleted_topic(author, moderator):
    """The topic as a page read it, then deleted by a moderator."""
    topic = topic_with_post(author=author, title="Old title")
    services.topic_delete(actor=moderator, topic=topic)
    return topic


@pytest.mark.parametrize("actor", ["author", "moderator"])
def test_a_deleted_topic_is_neither_renamed_nor_deleted_again(actor, moderator):
    author = UserFactory()
    stale = _deleted_topic(author, moderator)
    deleted_at = Topic.objects.get(pk=stale.pk).deleted_at
    who = author if actor == "author" else moderator
    with pytest.raises(PermissionDenied):
        services.topic_edit(actor=who, topic=stale, title="New title")
    with pytest.raises(PermissionDenied):
        services.topic_delete(actor=who, topic=stale)
    topic = Topic.objects.get(pk=stale.pk)
    assert topic.title == "Old title" and topic.deleted_at == deleted_at
    assert AuditLog.objects.filter(action="forum.topic.edit").count() == 0
    assert AuditLog.objects.filter(action="forum.topic.delete").count() == 1


def test_nobody_replies_to_a_deleted_topic(moderator):
    stale = _deleted_topic(UserFactory(), moderator)
    with pytest.raises(ValidationError):
        services.post_create(author=UserFactory(), topic=stale, content="Late answer")
    assert Post.objects.filter(topic=stale).count() == 1


@pytest.mark.parametrize("actor", ["author", "moderator"])
def test_a_deleted_post_is_neither_edited_nor_deleted_again(actor, moderator):
    author = UserFactory()
    topic = topic_with_post()
    stale = reply(topic, author=author, content="Before")
    services.post_delete(actor=moderator, post=stale)
    deleted_at = Post.objects.get(pk=stale.pk).deleted_at
    who = author if actor == "author" else moderator
    with pytest.raises(PermissionDenied):
        services.post_edit(actor=who, post=stale, content="After")
    with pytest.raises(PermissionDenied):
        services.post_delete(actor=who, post=stale)
    post = Post.objects.get(pk=stale.pk)
    assert post.content == "Before" and not post.edited and post.deleted_at == deleted_at
    assert not post.revisions.exists()
    assert AuditLog.objects.filter(action="forum.post.delete").count() == 1
