"""Global rights kept in the shared cache between requests: read once, then from the cache until
a permission, group, membership or grant changes, or a grant expires."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import services
from accounts.models import PermissionGrant, User

pytestmark = pytest.mark.django_db

MANAGE_USERS = "accounts.manage_users"
MANAGE_EVENTS = "content.manage_events"  # a right that can be delegated


def fresh(user: User) -> User:
    """A new user object, as each request loads it (the per-request memo starts empty)."""
    return User.objects.get(pk=user.pk)


def permission(perm: str) -> Permission:
    app_label, codename = perm.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


DATABASE, CACHE = "database", "cache"


def has_perm_reading(user: User, perm: str = MANAGE_USERS) -> tuple[bool, str]:
    """Whether a fresh `user` holds `perm`, and where the answer came from."""
    user = fresh(user)
    with CaptureQueriesContext(connection) as queries:
        answer = user.has_perm(perm)
    return answer, DATABASE if len(queries) else CACHE


def test_the_second_request_reads_the_rights_from_the_cache(employee):
    employee.user_permissions.add(permission(MANAGE_USERS))
    assert has_perm_reading(employee) == (True, DATABASE)
    assert has_perm_reading(employee) == (True, CACHE)


def test_a_removed_permission_ends_at_once(employee):
    employee.user_permissions.add(permission(MANAGE_USERS))
    assert has_perm_reading(employee)[0]
    employee.user_permissions.remove(permission(MANAGE_USERS))
    assert has_perm_reading(employee) == (False, DATABASE)


def test_leaving_a_group_and_a_group_losing_a_permission_end_at_once(employee):
    team, other_team = Group.objects.create(name="Team"), Group.objects.create(name="Other")
    for group in (team, other_team):
        group.permissions.add(permission(MANAGE_USERS))
    team.user_set.add(employee)
    assert has_perm_reading(employee)[0]
    team.user_set.remove(employee)  # membership changed from the group's side
    assert not has_perm_reading(employee)[0]
    employee.groups.add(other_team)
    assert has_perm_reading(employee)[0]
    other_team.permissions.remove(permission(MANAGE_USERS))
    assert not has_perm_reading(employee)[0]


def test_a_revoked_grant_ends_at_once(admin_user, employee):
    grant = services.permission_grant(actor=admin_user, user=employee, codename=MANAGE_EVENTS)
    assert has_perm_reading(employee, MANAGE_EVENTS)[0]
    services.permission_revoke(actor=admin_user, grant=grant)
    assert not has_perm_reading(employee, MANAGE_EVENTS)[0]


def test_a_grant_given_after_the_rights_were_cached_counts_at_once(admin_user, employee):
    assert not has_perm_reading(employee, MANAGE_EVENTS)[0]
    services.permission_grant(actor=admin_user, user=employee, codename=MANAGE_EVENTS)
    assert has_perm_reading(employee, MANAGE_EVENTS)[0]


def test_a_cached_grant_lapses_when_it_expires_without_any_write(admin_user, employee):
    expires = timezone.now() + timedelta(hours=1)
    services.permission_grant(
        actor=admin_user, user=employee, codename=MANAGE_EVENTS, expires_at=expires
    )
    assert has_perm_reading(employee, MANAGE_EVENTS) == (True, DATABASE)
    assert has_perm_reading(employee, MANAGE_EVENTS) == (True, CACHE)
    with mock.patch("django.utils.timezone.now", return_value=expires + timedelta(seconds=1)):
        assert has_perm_reading(employee, MANAGE_EVENTS) == (False, DATABASE)


def test_a_deleted_grant_row_ends_at_once(admin_user, employee):
    services.permission_grant(actor=admin_user, user=employee, codename=MANAGE_EVENTS)
    assert has_perm_reading(employee, MANAGE_EVENTS)[0]
    PermissionGrant.objects.get(user=employee).delete()  # e.g. from the Django admin
    assert not has_perm_reading(employee, MANAGE_EVENTS)[0]


def test_a_deactivated_user_holds_nothing_even_with_cached_rights(employee):
    employee.user_permissions.add(permission(MANAGE_USERS))
    assert has_perm_reading(employee)[0]
    User.objects.filter(pk=employee.pk).update(is_active=False)  # no signal at all
    assert has_perm_reading(employee) == (False, CACHE)


def test_users_never_share_an_entry(employee):
    colleague = User.objects.create_user(username="colleague", password="x" * 12)
    employee.user_permissions.add(permission(MANAGE_USERS))
    assert has_perm_reading(employee)[0]
    assert not has_perm_reading(colleague)[0]


# --- Object rights (accounts.selectors.object_rights) kept the same way ----------------------


def object_rights_reading(user: User, model=None) -> tuple[dict, int]:
    from accounts.selectors import object_rights
    from forum.models import Category

    user = fresh(user)
    with CaptureQueriesContext(connection) as queries:
        rights = object_rights(user, model or Category)
    return rights, len(queries)


def test_object_rights_are_read_once_then_from_the_cache(admin_user, employee):
    from forum import services as forum_services
    from tests.forum.factories import CategoryFactory

    category = CategoryFactory()
    forum_services.category_moderator_set(
        actor=admin_user, category=category, user=employee, add=True
    )
    rights, queries = object_rights_reading(employee)
    assert category.pk in rights and queries >= 1
    assert object_rights_reading(employee) == (rights, 0)


def test_object_rights_given_and_taken_show_at_once(admin_user, employee):
    from forum import services as forum_services
    from tests.forum.factories import CategoryFactory

    category = CategoryFactory()
    assert object_rights_reading(employee)[0] == {}
    forum_services.category_moderator_set(
        actor=admin_user, category=category, user=employee, add=True
    )
    assert category.pk in object_rights_reading(employee)[0]
    forum_services.category_moderator_set(
        actor=admin_user, category=category, user=employee, add=False
    )
    assert object_rights_reading(employee)[0] == {}


def test_a_group_s_object_right_follows_the_membership_at_once(employee):
    from guardian.shortcuts import assign_perm

    from tests.forum.factories import CategoryFactory

    category, team = CategoryFactory(), Group.objects.create(name="Moderators")
    assign_perm("forum.validate_topics", team, category)
    assert object_rights_reading(employee)[0] == {}
    team.user_set.add(employee)
    assert category.pk in object_rights_reading(employee)[0]
    team.user_set.remove(employee)
    assert object_rights_reading(employee)[0] == {}


def expiring_category_grant(admin_user: User, employee: User):
    """A scoped grant to validate a new category's topics, ending in an hour."""
    from tests.forum.factories import CategoryFactory

    category = CategoryFactory()
    expires = timezone.now() + timedelta(hours=1)
    services.permission_grant(
        actor=admin_user,
        user=employee,
        codename="forum.validate_topics",
        scope=category,
        expires_at=expires,
    )
    return category, expires


def test_a_cached_scoped_grant_lapses_when_it_expires_without_any_write(admin_user, employee):
    category, expires = expiring_category_grant(admin_user, employee)
    assert category.pk in object_rights_reading(employee)[0]
    assert object_rights_reading(employee)[1] == 0
    with mock.patch("django.utils.timezone.now", return_value=expires + timedelta(seconds=1)):
        assert object_rights_reading(employee)[0] == {}


# --- Global and object rights together, as a page asks them ---------------------------------


def rights_read_ahead(user: User, perm: str = MANAGE_USERS) -> tuple[bool, dict]:
    """A fresh `user`'s global `perm` and object rights on categories; asked again in the same
    request, both answer from the request's memo."""
    from accounts.selectors import object_rights
    from forum.models import Category

    user = fresh(user)
    answer = user.has_perm(perm), object_rights(user, Category)
    with CaptureQueriesContext(connection) as queries:
        assert (user.has_perm(perm), object_rights(user, Category)) == answer
    assert len(queries) == 0
    return answer


def forum_services_moderator(admin_user: User, category, user: User, *, add: bool) -> None:
    from forum import services as forum_services

    forum_services.category_moderator_set(actor=admin_user, category=category, user=user, add=add)


def object_rights_of(user: User) -> dict:
    from accounts.selectors import object_rights
    from forum.models import Category

    return object_rights(user, Category)


def test_rights_read_ahead_show_changes_at_once(admin_user, employee):
    from tests.forum.factories import CategoryFactory

    category = CategoryFactory()
    assert rights_read_ahead(employee) == (False, {})
    employee.user_permissions.add(permission(MANAGE_USERS))
    forum_services_moderator(admin_user, category, employee, add=True)
    held, rights = rights_read_ahead(employee)
    assert held and category.pk in rights
    employee.user_permissions.remove(permission(MANAGE_USERS))
    forum_services_moderator(admin_user, category, employee, add=False)
    assert rights_read_ahead(employee) == (False, {})


def test_a_scoped_grant_read_ahead_lapses_when_it_expires(admin_user, employee):
    category, expires = expiring_category_grant(admin_user, employee)
    assert category.pk in rights_read_ahead(employee)[1]
    with mock.patch("django.utils.timezone.now", return_value=expires + timedelta(seconds=1)):
        assert rights_read_ahead(employee)[1] == {}


def test_a_deactivated_user_reads_nothing_ahead(employee):
    employee.user_permissions.add(permission(MANAGE_USERS))
    assert rights_read_ahead(employee)[0]
    employee.is_active = False
    employee.save()
    assert rights_read_ahead(employee) == (False, {})
