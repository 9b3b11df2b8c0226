"""A forum category's end of life: archived, it is closed to new topics and hidden from the
index while its topics stay reachable; its topics move all at once to another category (the
counters follow); it is deleted once empty, refused before (with a clear message)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from forum import services, services_categories
from forum.models import Category, Topic
from intrasphere.models import AuditLog
from tests.factories import UserFactory, grant
from tests.forum.factories import CategoryFactory, reply, topic_with_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return grant(UserFactory(), "forum.manage_forum")


@pytest.fixture
def old():
    return CategoryFactory(slug="old", name="Old things")


def test_an_archived_category_is_hidden_closed_and_its_topics_reachable(client, manager, old):
    topic = topic_with_post(category=old, title="Kept topic")
    client.force_login(manager)
    assert client.post(reverse("forum:category_archive", args=["old"])).status_code == 302
    old.refresh_from_db()
    assert old.archived
    reader = UserFactory()
    client.force_login(reader)
    index = client.get(reverse("forum:index")).content.decode()
    assert "Old things" not in index
    assert client.get(topic.get_absolute_url()).status_code == 200
    page = client.get(old.get_absolute_url()).content.decode()
    assert "data-archived" in page and "Kept topic" in page
    with pytest.raises(ValidationError):
        services.topic_create(author=reader, category=old, title="New one", content="Hi")
    response = client.post(
        reverse("forum:topic_create", args=["old"]), {"title": "New one", "content": "Hi"}
    )
    assert response.status_code == 302 and Topic.objects.count() == 1
    assert "Kept topic" not in client.get(reverse("forum:latest_topics")).content.decode()
    # restored: back on the index
    services_categories.category_archive(actor=manager, category=old, archive=False)
    assert "Old things" in client.get(reverse("forum:index")).content.decode()
    assert AuditLog.objects.filter(action="forum.category.archive").count() == 1


def test_move_all_topics_then_delete_the_empty_category(client, manager, old):
    target = CategoryFactory(slug="new", name="New home")
    first = topic_with_post(category=old, title="First")
    reply(first)
    topic_with_post(category=old, title="Second")
    gone = topic_with_post(category=old, title="Gone")
    services.topic_delete(actor=gone.author, topic=gone)  # deleted topics count too
    client.force_login(manager)
    response = client.post(reverse("forum:category_delete", args=["old"]))
    assert response.status_code == 302 and Category.objects.filter(slug="old").exists()
    page = client.get(reverse("forum:category_manage", args=["old"])).content.decode()
    assert "move its topics first" in page
    response = client.post(
        reverse("forum:category_move_topics", args=["old"]), {"category": target.pk}
    )
    assert response.status_code == 302
    assert Topic.objects.filter(category=target).count() == 3  # the deleted one too
    target.refresh_from_db()
    assert (target.topic_count, target.post_count) == (2, 3)
    response = client.post(reverse("forum:category_delete", args=["old"]))
    assert response.status_code == 302
    assert not Category.objects.filter(slug="old").exists()
    assert client.get(first.get_absolute_url()).status_code == 200


def test_delete_refused_while_topics_remain(manager, old):
    topic_with_post(category=old)
    with pytest.raises(ValidationError, match="move it first"):
        services_categories.category_delete(actor=manager, category=old)
    assert Category.objects.filter(pk=old.pk).exists()


@pytest.mark.parametrize("bad", ["", "nope", "999999", "self"])
def test_bad_move_input_is_explained_and_nothing_moves(client, manager, old, bad):
    topic_with_post(category=old)
    client.force_login(manager)
    value = str(old.pk) if bad == "self" else bad
    response = client.post(reverse("forum:category_move_topics", args=["old"]), {"category": value})
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert Topic.objects.get().category == old


def test_only_forum_managers(client, old):
    client.force_login(UserFactory())
    assert client.post(reverse("forum:category_delete", args=["old"])).status_code == 403
    assert client.post(reverse("forum:category_archive", args=["old"])).status_code == 403
    assert Category.objects.filter(pk=old.pk, archived_at__isnull=True).exists()
