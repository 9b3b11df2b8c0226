"""Where rights come from, pinned through `user.has_perm` and the pages: a group's rights reach
its members only, a deactivated moderator holds nothing, and another person's lapsed scoped
grant never takes away an instructor's right on the same training."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from guardian.shortcuts import assign_perm

from accounts.models import User
from forum import permissions as forum_permissions
from tests.factories import UserFactory, lapsed_grant
from tests.forum.factories import CategoryFactory
from tests.training.factories import TrainingFactory
from training import permissions as training_permissions

pytestmark = pytest.mark.django_db

MANAGE_DOCUMENTS = "content.manage_documents"
MANAGE_TRAININGS = "training.manage_trainings"


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_group_rights_reach_the_members_only():
    librarians = Group.objects.create(name="Librarians")
    librarians.permissions.add(Permission.objects.get(codename="manage_documents"))
    Group.objects.create(name="Everyone else")
    member, outsider = UserFactory(), UserFactory()
    member.groups.add(librarians)

    assert fresh(member).has_perm(MANAGE_DOCUMENTS)
    assert not fresh(outsider).has_perm(MANAGE_DOCUMENTS)
    assert MANAGE_DOCUMENTS not in fresh(outsider).get_all_permissions()
    new_document = reverse("content:document_create")
    assert signed_in(fresh(member)).get(new_document).status_code == 200
    assert signed_in(fresh(outsider)).get(new_document).status_code == 403


def test_own_permission_reaches_its_holder_only():
    holder, other = UserFactory(), UserFactory()
    holder.user_permissions.add(Permission.objects.get(codename="manage_documents"))
    assert fresh(holder).has_perm(MANAGE_DOCUMENTS)
    assert not fresh(other).has_perm(MANAGE_DOCUMENTS)


def test_a_moderator_holds_the_moderation_rights():
    moderator = UserFactory(role="moderator")
    category = CategoryFactory()
    assert moderator.has_perm("forum.validate_topics")
    assert moderator.has_perm("forum.validate_posts")
    assert forum_permissions.can_validate_topics(moderator, category)
    assert not UserFactory().has_perm("forum.validate_topics")


def test_a_deactivated_moderator_holds_nothing():
    moderator = UserFactory(role="moderator", is_active=False)
    category = CategoryFactory()
    assert not moderator.has_perm("forum.validate_topics")
    assert not moderator.has_perm("forum.validate_posts")
    assert moderator.get_all_permissions() == set()
    assert not forum_permissions.can_validate_topics(moderator, category)
    assert not forum_permissions.is_moderator_somewhere(moderator)


def test_a_deactivated_user_loses_django_permissions_and_object_rights():
    user = UserFactory(is_active=False)
    user.user_permissions.add(Permission.objects.get(codename="manage_documents"))
    training = TrainingFactory()
    assign_perm(MANAGE_TRAININGS, user, training)
    user = fresh(user)
    assert not user.has_perm(MANAGE_DOCUMENTS)
    assert not user.has_perm(MANAGE_TRAININGS, training)


def test_another_person_s_lapsed_grant_leaves_the_instructor_s_right(admin_user):
    training = TrainingFactory()
    instructor, former_delegate = UserFactory(), UserFactory()
    assign_perm(MANAGE_TRAININGS, instructor, training)  # what instructor_sync writes
    lapsed_grant(actor=admin_user, user=former_delegate, codename=MANAGE_TRAININGS, scope=training)

    instructor = fresh(instructor)
    assert instructor.has_perm(MANAGE_TRAININGS, training)
    assert "manage_trainings" in instructor.get_all_permissions(training)
    assert training_permissions.can_manage(instructor, training)
    edit = reverse("training:training_edit", args=[training.pk])
    assert signed_in(instructor).get(edit).status_code == 200
    # The former delegate's own right has lapsed.
    former_delegate = fresh(former_delegate)
    assert not former_delegate.has_perm(MANAGE_TRAININGS, training)
    assert signed_in(former_delegate).get(edit).status_code in (403, 404)


def test_an_own_lapsed_grant_is_vetoed_but_a_renewed_one_is_not(admin_user):
    from accounts import services

    training, other = TrainingFactory(), TrainingFactory()
    delegate = UserFactory()
    lapsed_grant(actor=admin_user, user=delegate, codename=MANAGE_TRAININGS, scope=training)
    lapsed_grant(actor=admin_user, user=delegate, codename=MANAGE_TRAININGS, scope=other)
    assert not fresh(delegate).has_perm(MANAGE_TRAININGS, training)
    assert fresh(delegate).get_all_permissions(training) == set()
    services.permission_grant(
        actor=admin_user, user=delegate, codename=MANAGE_TRAININGS, scope=training
    )
    delegate = fresh(delegate)
    assert delegate.has_perm(MANAGE_TRAININGS, training)
    assert delegate.has_perm("manage_trainings", training)
    assert not delegate.has_perm(MANAGE_TRAININGS, other)


def test_global_grant_in_force_then_expired(admin_user):
    from datetime import timedelta

    from django.utils import timezone

    from accounts import services

    delegate, other = UserFactory(), UserFactory()
    services.permission_grant(
        actor=admin_user,
        user=delegate,
        codename=MANAGE_DOCUMENTS,
        expires_at=timezone.now() + timedelta(days=1),
    )
    assert fresh(delegate).has_perm(MANAGE_DOCUMENTS)
    assert not fresh(other).has_perm(MANAGE_DOCUMENTS)
    lapsed_grant(actor=admin_user, user=other, codename=MANAGE_DOCUMENTS)
    assert not fresh(other).has_perm(MANAGE_DOCUMENTS)


# --- expiry and the cached answers -------------------------------------------------------------

MANAGE_EVENTS = "content.manage_events"


class Clock:
    def __init__(self, at):
        self.at = at

    def advance(self, **delta):
        from datetime import timedelta

        self.at += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """`timezone.now()` (what every rule reads) frozen at an instant the test moves."""
    from django.utils import timezone

    frozen = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", lambda: frozen.at)
    return frozen


def delegate(admin, user, codename, *, hours, scope=None):
    from datetime import timedelta

    from django.utils import timezone

    from accounts import services

    return services.permission_grant(
        actor=admin,
        user=user,
        codename=codename,
        scope=scope,
        expires_at=timezone.now() + timedelta(hours=hours),
    )


@pytest.mark.parametrize("first_hours", [1, 48])
def test_the_first_global_grant_to_expire_ends_the_cached_answer(admin_user, clock, first_hours):
    user = UserFactory()
    delegate(admin_user, user, MANAGE_DOCUMENTS, hours=first_hours)
    delegate(admin_user, user, MANAGE_EVENTS, hours=49 - first_hours)
    assert fresh(user).has_perms([MANAGE_DOCUMENTS, MANAGE_EVENTS])
    clock.advance(hours=2)
    user = fresh(user)
    assert user.has_perm(MANAGE_DOCUMENTS) is (first_hours == 48)
    assert user.has_perm(MANAGE_EVENTS) is (first_hours == 1)


def test_a_global_grant_ends_at_its_expiry_instant(admin_user, clock):
    user = UserFactory()
    delegate(admin_user, user, MANAGE_DOCUMENTS, hours=1)
    assert fresh(user).has_perm(MANAGE_DOCUMENTS)
    clock.advance(hours=1)
    assert not fresh(user).has_perm(MANAGE_DOCUMENTS)


@pytest.mark.parametrize("first_hours", [1, 48])
def test_the_first_scoped_grant_to_expire_ends_the_cached_object_rights(
    admin_user, clock, first_hours
):
    user = UserFactory()
    soon, later = TrainingFactory(), TrainingFactory()
    delegate(admin_user, user, MANAGE_TRAININGS, hours=first_hours, scope=soon)
    delegate(admin_user, user, MANAGE_TRAININGS, hours=49 - first_hours, scope=later)
    user = fresh(user)
    assert training_permissions.can_manage(user, soon)
    assert training_permissions.can_manage(user, later)
    clock.advance(hours=2)
    user = fresh(user)
    assert training_permissions.can_manage(user, soon) is (first_hours == 48)
    assert training_permissions.can_manage(user, later) is (first_hours == 1)


def test_a_scoped_grant_ends_at_its_expiry_instant(admin_user, clock):
    user = UserFactory()
    training = TrainingFactory()
    delegate(admin_user, user, MANAGE_TRAININGS, hours=1, scope=training)
    assert fresh(user).has_perm(MANAGE_TRAININGS, training)
    clock.advance(hours=1)
    user = fresh(user)
    assert not user.has_perm(MANAGE_TRAININGS, training)
    assert not training_permissions.can_manage(user, training)


def test_a_revoked_lapsed_grant_does_not_veto_a_later_instructor_right(admin_user):
    from accounts import services

    training, user = TrainingFactory(), UserFactory()
    grant = lapsed_grant(actor=admin_user, user=user, codename=MANAGE_TRAININGS, scope=training)
    services.permission_revoke(actor=admin_user, grant=grant)
    assign_perm(MANAGE_TRAININGS, user, training)  # becomes its instructor
    user = fresh(user)
    assert user.has_perm(MANAGE_TRAININGS, training)
    assert training_permissions.can_manage(user, training)


def test_a_lapsed_grant_is_vetoed_under_its_short_name_too(admin_user):
    training, user = TrainingFactory(), UserFactory()
    lapsed_grant(actor=admin_user, user=user, codename=MANAGE_TRAININGS, scope=training)
    user = fresh(user)
    assert not user.has_perm("manage_trainings", training)
    assert user.get_all_permissions() == set()  # no object: the global rights only


def test_global_rights_are_not_object_rights(admin_user):
    training = TrainingFactory()
    granted = UserFactory()
    delegate(admin_user, granted, MANAGE_TRAININGS, hours=5)
    moderator = UserFactory(role="moderator")
    category = CategoryFactory()
    granted, moderator = fresh(granted), fresh(moderator)
    assert granted.has_perm(MANAGE_TRAININGS)
    assert not granted.has_perm(MANAGE_TRAININGS, training)
    assert granted.get_all_permissions(training) == set()
    assert moderator.has_perm("forum.validate_topics")
    assert not moderator.has_perm("forum.validate_topics", category)
    assert moderator.get_all_permissions(category) == set()


def test_a_deactivated_delegate_holds_no_grant(admin_user):
    user = UserFactory()
    delegate(admin_user, user, MANAGE_DOCUMENTS, hours=5)
    user.user_permissions.add(Permission.objects.get(codename="manage_events"))
    User.objects.filter(pk=user.pk).update(is_active=False)
    user = fresh(user)
    assert not user.has_perm(MANAGE_DOCUMENTS)
    assert user.get_all_permissions() == set()


def test_an_administrator_holds_every_permission():
    admin = fresh(UserFactory(role="admin", is_superuser=True))
    every = admin.get_all_permissions()
    assert {MANAGE_DOCUMENTS, MANAGE_TRAININGS, "accounts.manage_users"} <= every
    assert len(every) == Permission.objects.count()


def test_group_changes_reach_the_cached_rights_at_once():
    group = Group.objects.create(name="Editors")
    user = UserFactory()
    assert not fresh(user).has_perm(MANAGE_DOCUMENTS)  # cached: holds nothing
    group.permissions.add(Permission.objects.get(codename="manage_documents"))
    user.groups.add(group)
    assert fresh(user).has_perm(MANAGE_DOCUMENTS)
    group.permissions.remove(Permission.objects.get(codename="manage_documents"))
    assert not fresh(user).has_perm(MANAGE_DOCUMENTS)


def test_a_change_behind_the_signals_back_lapses_within_a_minute(admin_user, monkeypatch):
    import time

    from django.utils import timezone

    from accounts.models import PermissionGrant

    user = UserFactory()
    delegate(admin_user, user, MANAGE_DOCUMENTS, hours=5)
    assert fresh(user).has_perm(MANAGE_DOCUMENTS)
    PermissionGrant.objects.filter(user=user).update(revoked_at=timezone.now())  # no signal
    assert fresh(user).has_perm(MANAGE_DOCUMENTS)  # the cached answer, for now
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    assert not fresh(user).has_perm(MANAGE_DOCUMENTS)
