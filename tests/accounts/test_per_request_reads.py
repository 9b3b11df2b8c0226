"""The two reads every page makes: the user's global rights and the header's unread counters,
a few queries when nothing is cached, none once they are, and right about every source."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import User
from intrasphere.models import Notification
from intrasphere.unread import unread_counts
from tests.factories import MessageFactory, UserFactory
from tests.forum.factories import CategoryFactory

pytestmark = pytest.mark.django_db

MANAGE_USERS = "accounts.manage_users"
MANAGE_FORUM = "forum.manage_forum"
MANAGE_EVENTS = "content.manage_events"


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def permission(perm: str) -> Permission:
    app_label, codename = perm.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def test_every_source_of_a_global_right_few_queries_then_none(
    admin_user, employee, django_assert_num_queries, django_assert_max_num_queries
):
    employee.user_permissions.add(permission(MANAGE_USERS))
    group = Group.objects.create(name="Forum team")
    group.permissions.add(permission(MANAGE_FORUM))
    group.user_set.add(employee)
    services.permission_grant(actor=admin_user, user=employee, codename=MANAGE_EVENTS)
    services.permission_grant(
        actor=admin_user,
        user=employee,
        codename="content.manage_documents",
        expires_at=timezone.now() + timedelta(days=1),
    )
    # Not in force, or not global: an expired grant, a revoked one, a scoped one.
    past = timezone.now() - timedelta(days=2)
    services.permission_grant(
        actor=admin_user,
        user=employee,
        codename="content.manage_announcements",
        expires_at=past + timedelta(days=1),
        now=past,
    )
    revoked = services.permission_grant(
        actor=admin_user, user=employee, codename="complaints.manage_complaints"
    )
    services.permission_revoke(actor=admin_user, grant=revoked)
    services.permission_grant(
        actor=admin_user, user=employee, codename="forum.validate_topics", scope=CategoryFactory()
    )
    # Someone else's rights are not ours.
    services.permission_grant(
        actor=admin_user, user=UserFactory(), codename="content.manage_content"
    )

    user = fresh(employee)
    with django_assert_max_num_queries(2):  # Django's permissions, then the grants in force
        held = user.get_all_permissions()
        assert user.has_perm(MANAGE_USERS) and user.has_perm(MANAGE_EVENTS)
    next_request = fresh(employee)
    with django_assert_num_queries(0):  # the next request: from the shared cache
        assert next_request.get_all_permissions() == held
    assert held == {MANAGE_USERS, MANAGE_FORUM, MANAGE_EVENTS, "content.manage_documents"}


def test_inactive_people_hold_no_global_right(admin_user, employee):
    services.permission_grant(actor=admin_user, user=employee, codename=MANAGE_EVENTS)
    employee.user_permissions.add(permission(MANAGE_USERS))
    employee.is_active = False
    employee.save()
    assert fresh(employee).get_all_permissions() == set()


def test_unread_counters_count_only_mine_and_unread(
    employee, client, django_assert_num_queries, django_assert_max_num_queries
):
    other = UserFactory()
    MessageFactory.create_batch(3, recipient=employee)
    MessageFactory(recipient=employee, read_at=timezone.now())
    MessageFactory(recipient=other)
    Notification.objects.create(recipient=employee, kind="test", message="One")
    Notification.objects.create(
        recipient=employee, kind="test", message="Read", read_at=timezone.now()
    )
    Notification.objects.create(recipient=other, kind="test", message="Not mine")
    user = fresh(employee)
    with django_assert_max_num_queries(2):  # a count per counter
        assert unread_counts(user) == {"notifications": 1, "messages": 3, "reports": 0}
    with django_assert_num_queries(0):  # then one cached value
        assert unread_counts(user) == {"notifications": 1, "messages": 3, "reports": 0}
    assert unread_counts(fresh(UserFactory())) == {"notifications": 0, "messages": 0, "reports": 0}

    client.force_login(employee)
    page = client.get(reverse("dashboard")).content.decode()
    assert "3 unread messages" in page
    assert "Notifications, 1 unread" in page
