"""Who moderates which category: object rights read once per request (own, group, delegated),
an expired delegation ignored everywhere, including in the lists."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from guardian.shortcuts import assign_perm

from accounts import services as account_services
from accounts.models import User
from accounts.selectors import object_rights
from forum import permissions
from forum.models import Category, Status
from tests.factories import lapsed_grant
from tests.forum.factories import CategoryFactory, topic_with_post

pytestmark = pytest.mark.django_db

VALIDATE_TOPICS = "forum.validate_topics"


def fresh(user: User) -> User:
    """A new instance: rights are kept on the user object for one request."""
    return User.objects.get(pk=user.pk)


def pending_topic(category: Category, title: str):
    category.requires_topic_validation = True
    category.save()
    topic = topic_with_post(category=category, title=title)
    assert topic.status == Status.PENDING
    return topic


def test_own_and_group_rights_are_read_once(employee, django_assert_num_queries):
    own, through_group, other = CategoryFactory(), CategoryFactory(), CategoryFactory()
    assign_perm(VALIDATE_TOPICS, employee, own)
    group = Group.objects.create(name="Forum helpers")
    group.user_set.add(employee)
    assign_perm("forum.validate_posts", group, through_group)
    user = fresh(employee)
    user.get_all_permissions()  # the global rights: one query per source, cached as well
    # The object rights and the delegations behind them, however many checks follow.
    with django_assert_num_queries(2):
        rights = object_rights(user, Category)
        for category in (own, through_group, other):
            permissions.can_moderate_category(user, category)
        assert permissions.is_moderator_somewhere(user)
    assert rights == {
        own.pk: frozenset({VALIDATE_TOPICS}),
        through_group.pk: frozenset({"forum.validate_posts"}),
    }
    assert permissions.can_moderate_category(user, own)
    assert permissions.can_moderate_category(user, through_group)
    assert not permissions.can_moderate_category(user, other)
    assert permissions.can_validate_topics(user, own)
    assert not permissions.can_validate_topics(user, through_group)
    assert set(permissions.moderated_categories(user, VALIDATE_TOPICS)) == {own}
    assert set(permissions.moderated_categories(user)) == {own, through_group}


def test_no_rights_no_moderation(employee):
    CategoryFactory()
    user = fresh(employee)
    assert object_rights(user, Category) == {}
    assert not permissions.is_moderator_somewhere(user)
    assert not permissions.moderated_categories(user).exists()


def test_global_right_moderates_every_category(moderator):
    first, second = CategoryFactory(), CategoryFactory()
    user = fresh(moderator)
    assert permissions.is_moderator_somewhere(user)
    assert set(permissions.moderated_categories(user)) >= {first, second}
    assert permissions.can_moderate_category(user, second)


def test_expired_delegation_moderates_nothing_not_even_in_lists(admin_user, employee, client):
    """A scoped grant's guardian row stays after expiry: neither the checks nor the lists (the
    pending topics one may validate, the queue) may count it."""
    category = CategoryFactory(name="Delegated")
    topic = pending_topic(category, "Waiting for a moderator")
    lapsed_grant(actor=admin_user, user=employee, codename=VALIDATE_TOPICS, scope=category)
    user = fresh(employee)
    assert object_rights(user, Category) == {}
    assert not permissions.can_moderate_category(user, category)
    assert not permissions.moderated_categories(user, VALIDATE_TOPICS).exists()
    client.force_login(employee)
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert "Waiting for a moderator" not in client.get(reverse("forum:moderation_queue")).text

    # Renewed, the same delegation works again, on that category only.
    account_services.permission_grant(
        actor=admin_user, user=employee, codename=VALIDATE_TOPICS, scope=category
    )
    user = fresh(employee)
    assert permissions.can_moderate_category(user, category)
    assert set(permissions.moderated_categories(user, VALIDATE_TOPICS)) == {category}
    assert client.get(topic.get_absolute_url()).status_code == 200


def test_inactive_people_hold_no_object_right(employee):
    category = CategoryFactory()
    assign_perm(VALIDATE_TOPICS, employee, category)
    employee.is_active = False
    employee.save()
    user = fresh(employee)
    assert object_rights(user, Category) == {}
    assert not permissions.can_moderate_category(user, category)
